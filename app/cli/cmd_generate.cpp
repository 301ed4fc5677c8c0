// lora-studio-cli generate MODEL_DIR --prompt TEXT [...]
#include <iostream>

#include "cli_command.h"
#include "lorastudio/error.h"
#include "lorastudio/model.h"
#include "lorastudio/tokenizer.h"

namespace {

int runGenerate(ls::cli::Args& args) {
    args.allow({"prompt", "max-new-tokens", "seed", "device", "dtype", "temperature", "top-p"}, {"greedy", "no-bos"});
    const std::string dir = args.positional(0, "MODEL_DIR");
    const auto prompt = args.value("prompt");
    if (!prompt) ls::fail("generate: --prompt is required");

    ls::GenerateOptions gen;
    gen.maxNewTokens = static_cast<int>(args.intValue("max-new-tokens", 64, 1, 1 << 16));
    gen.seed = static_cast<uint64_t>(args.intValue("seed", 0, 0, (1ll << 62)));
    gen.temperature = static_cast<float>(args.doubleValue("temperature", 0.8, 1e-3, 100.0));
    gen.topP = static_cast<float>(args.doubleValue("top-p", 0.95, 1e-3, 1.0));
    gen.greedy = args.flag("greedy");
    ls::LoadOptions load;
    load.device = ls::parseDevice(args.valueOr("device", "cpu"));
    load.dtype = ls::parseComputeType(args.valueOr("dtype", load.device == ls::Device::CUDA ? "bf16" : "fp32"));

    auto model = ls::Model::load(dir, load);  // first: it names a path that is not a model folder
    const auto tokenizer = ls::Tokenizer::fromFolder(dir);
    std::vector<ls::TokenId> ids = tokenizer.encode(*prompt, !args.flag("no-bos"));
    if (ids.empty()) ls::fail("generate: the prompt encodes to no tokens");
    std::vector<int64_t> prompt64(ids.begin(), ids.end());
    if (auto eos = tokenizer.eosId()) gen.stopIds.push_back(*eos);

    std::cout << *prompt << std::flush;
    std::vector<ls::TokenId> produced;
    std::string printed;
    gen.onToken = [&](int64_t id) {
        produced.push_back(static_cast<ls::TokenId>(id));
        // Decode the whole continuation each time so multi-byte characters print once complete.
        std::string text = tokenizer.decode(produced, true);
        if (text.size() > printed.size() && text.compare(0, printed.size(), printed) == 0) {
            std::cout << text.substr(printed.size()) << std::flush;
            printed = text;
        }
        return true;
    };
    model->generate(prompt64, gen);
    std::cout << "\n";
    return 0;
}

}  // namespace

LS_CLI_COMMAND(generate, "generate MODEL_DIR --prompt TEXT [--max-new-tokens N] [--greedy] [--seed S] [--device cpu|cuda]",
               "Continue a prompt with the model (KV cache; greedy or temperature/top-p sampling)",
               "  --prompt TEXT          text to continue (required)\n"
               "  --max-new-tokens N     tokens to generate (default 64)\n"
               "  --greedy               always take the most likely token\n"
               "  --temperature T        sampling temperature (default 0.8)\n"
               "  --top-p P              nucleus sampling mass (default 0.95)\n"
               "  --seed S               sampling seed (default 0)\n"
               "  --device cpu|cuda      where to run (default cpu)\n"
               "  --dtype fp32|bf16|fp16 compute type (default fp32 on CPU, bf16 on CUDA)\n"
               "  --no-bos               do not add the tokenizer's start token\n",
               runGenerate);
