// lora-studio-cli eval --model DIR [--adapter DIR] --data FILE: loss and perplexity.
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_command.h"
#include "lorastudio/error.h"
#include "lorastudio/train.h"
#include "progress_bar.h"

namespace {

int runEval(ls::cli::Args& args) {
    args.allow({"model", "adapter", "data", "seq", "batch", "device"}, {"json", "quiet"});
    const auto model = args.value("model"), data = args.value("data");
    if (!model) ls::fail("eval: --model DIR is required (or \"demo\")");
    if (!data) ls::fail("eval: --data FILE is required");
    ls::DataOptions options;
    options.seqLen = static_cast<int>(args.intValue("seq", 2048, 2, 1 << 20));
    const int batch = static_cast<int>(args.intValue("batch", 4, 1, 65536));
    const ls::Device device = ls::parseDevice(args.valueOr("device", "cpu"));
    ls::cli::ProgressBar bar("eval", !args.flag("quiet") && !args.flag("json"));
    const auto r =
        ls::evaluateModel(*model, args.valueOr("adapter", ""), *data, options, device, batch, [&](int done, int total) {
            bar.update(done, total);
            return true;
        });
    bar.finish();
    if (args.flag("json")) {
        std::cout << nlohmann::json{{"loss", r.loss},
                                    {"perplexity", r.perplexity},
                                    {"tokens", r.tokens},
                                    {"sequences", r.sequences}}
                         .dump()
                  << "\n";
    } else {
        std::cout << std::fixed << std::setprecision(4) << "loss " << r.loss << "  perplexity " << r.perplexity << "  ("
                  << r.tokens << " target tokens in " << r.sequences << " sequences)\n";
    }
    return 0;
}

}  // namespace

LS_CLI_COMMAND(eval, "eval --model DIR [--adapter DIR] --data FILE [--seq L] [--batch B] [--device cpu|cuda] [--json]",
               "Loss and perplexity of a model, with or without a PEFT adapter, on a dataset",
               "The loss counts response tokens only for instruction and chat data (every token for text).\n\n"
               "  --model DIR      Hugging Face folder, or \"demo\"\n"
               "  --adapter DIR    PEFT adapter folder (e.g. RUN/adapter)\n"
               "  --data FILE      JSON / JSONL dataset\n"
               "  --seq L          truncate examples to L tokens (default 2048)\n"
               "  --batch B        sequences per batch (default 4)\n"
               "  --json           one JSON object: loss, perplexity, tokens, sequences\n",
               runEval);
