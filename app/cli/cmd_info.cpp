// lora-studio-cli info MODEL_DIR [--json]
#include <iostream>

#include "cli_command.h"
#include "lorastudio/model_folder.h"
#include "lorastudio/model_info.h"

namespace {

int runInfo(ls::cli::Args& args) {
    args.allow({}, {"json"});
    const auto folder = ls::ModelFolder::open(args.positional(0, "MODEL_DIR"));
    const auto info = ls::describeModel(folder);
    std::cout << (args.flag("json") ? ls::modelInfoToJson(info) + "\n" : ls::modelInfoToText(info));
    return 0;
}

}  // namespace

LS_CLI_COMMAND(info, "info MODEL_DIR [--json]", "Describe a model: architecture, sizes, parameters, module tree",
               "Reads config.json and the safetensors headers (no weights are loaded).\n\n"
               "  --json   machine-readable output (the form the GUI uses)\n",
               runInfo);
