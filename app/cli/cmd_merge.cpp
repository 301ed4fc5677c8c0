// lora-studio-cli merge --model DIR --adapter DIR --out DIR [--dtype bf16|fp16|fp32]
#include <iostream>

#include "cli_command.h"
#include "lorastudio/error.h"
#include "lorastudio/lora.h"
#include "lorastudio/model.h"

namespace {

int runMerge(ls::cli::Args& args) {
    args.allow({"model", "adapter", "out", "dtype", "device"}, {});
    const auto model = args.value("model"), adapter = args.value("adapter"), out = args.value("out");
    if (!model) ls::fail("merge: --model DIR is required");
    if (!adapter) ls::fail("merge: --adapter DIR is required");
    if (!out) ls::fail("merge: --out DIR is required");
    const ls::ComputeType dtype = ls::parseComputeType(args.valueOr("dtype", "bf16"));
    ls::LoadOptions load;
    load.device = ls::parseDevice(args.valueOr("device", "cpu"));
    // Merge in float32: the sum W + s·B·A is rounded once, to the output dtype.
    load.dtype = ls::ComputeType::F32;
    auto base = ls::Model::load(*model, load);
    auto lora = ls::LoraAdapter::loadPeft(*base, *adapter);
    ls::writeMergedModel(*base, *lora, *out, dtype);
    std::cout << "wrote " << *out << ": " << lora->targetNames().size() << " adapted modules merged into "
              << *model << "\n";
    return 0;
}

}  // namespace

LS_CLI_COMMAND(merge, "merge --model DIR --adapter DIR --out DIR [--dtype bf16|fp16|fp32]",
               "Fold a PEFT LoRA adapter into its base model and write a full Hugging Face folder",
               "The adapter folder is PEFT's (adapter_config.json + adapter_model.safetensors); a 4-bit base is\n"
               "dequantized first. transformers loads the result like any model.\n\n"
               "  --model DIR       base model folder\n"
               "  --adapter DIR     PEFT adapter folder\n"
               "  --out DIR         output folder\n"
               "  --dtype T         bf16 (default), fp16 or fp32\n"
               "  --device cpu|cuda where to merge (default cpu)\n",
               runMerge);
