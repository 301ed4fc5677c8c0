// The demo model that ships with LoRA Studio, and model arguments that may name it.
#pragma once

#include <filesystem>
#include <string>

namespace ls {

// $LS_DEMO_MODEL when set, else the installed demo (share/lora-studio/demo/model beside the executable's bin/,
// then under the configured install prefix), else the source tree's.
std::filesystem::path demoModelDir();
// "demo" (any case) -> demoModelDir(); anything else is a folder path, returned as given.
std::filesystem::path resolveModelDir(const std::string& modelArg);

}  // namespace ls
