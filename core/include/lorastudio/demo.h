// The demo model that ships with LoRA Studio, and model arguments that may name it.
#pragma once

#include <filesystem>
#include <string>

namespace ls {

// $LS_DEMO_MODEL when set, else the installed demo (share/lora-studio/demo/model beside the executable's bin/,
// then under the configured install prefix), else the source tree's.
std::filesystem::path demoModelDir();
// The demo fine-tuning data (alpaca JSONL): dataset.jsonl beside the demo model's folder (installed:
// share/lora-studio/demo/dataset.jsonl), else under the configured install prefix, else the source tree's
// resources/demo/dataset.jsonl.
std::filesystem::path demoDatasetFile();
// "demo" (any case) -> demoModelDir(); anything else is a folder path, returned as given.
std::filesystem::path resolveModelDir(const std::string& modelArg);

}  // namespace ls
