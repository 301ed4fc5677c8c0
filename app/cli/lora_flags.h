// The adapter flags that train and estimate share: --method --rank --alpha --dropout --rslora
// --targets --target-regex --layers.
#pragma once

#include <string>
#include <vector>

#include "cli_command.h"
#include "lorastudio/lora.h"

namespace ls::cli {

// args.allow() with the LoRA flags added to the command's own.
void allowWithLoraFlags(Args& args, std::vector<std::string> valueOptions, std::vector<std::string> flags);
// Overrides the fields of `lora` whose flags are given. Errors start with "<command>: ".
void applyLoraFlags(const Args& args, const std::string& command, LoraOptions& lora);
// "q_proj, v_proj" -> {"q_proj", "v_proj"}; an empty entry is an error.
std::vector<std::string> splitList(const std::string& text, const std::string& what);
// "A-B" (inclusive), "A-" (through the last layer) or "A" (one layer).
void parseLayers(const std::string& text, const std::string& command, LoraOptions& lora);

}  // namespace ls::cli
