// lora-studio-cli quantize MODEL_DIR --out OUT_DIR [...] and inspect MODEL_DIR [--json]
#include <iostream>

#include "cli_command.h"
#include "lorastudio/atomic_file.h"
#include "lorastudio/error.h"
#include "lorastudio/model_folder.h"
#include "lorastudio/quantize_model.h"
#include "progress_bar.h"

namespace {

int runQuantize(ls::cli::Args& args) {
    args.allow({"out", "quant", "blocksize", "stats", "dtype", "device"}, {"no-double-quant"});
    const auto folder = ls::ModelFolder::open(args.positional(0, "MODEL_DIR"));
    const auto out = args.value("out");
    if (!out) ls::fail("quantize: --out OUT_DIR is required");
    ls::QuantizeModelOptions options;
    auto type = ls::quant::parseQuantType(args.valueOr("quant", "nf4"));
    if (!type) ls::fail("quantize: --quant must be nf4 or fp4 (got '" + args.valueOr("quant", "") + "')");
    options.type = *type;
    options.blocksize = static_cast<int>(args.intValue("blocksize", 64, 32, 4096));
    if (options.blocksize & (options.blocksize - 1)) ls::fail("quantize: --blocksize must be a power of two from 32 to 4096");
    options.doubleQuant = !args.flag("no-double-quant");
    const std::string dtype = args.valueOr("dtype", "bf16");
    options.dtype = dtype == "bf16" ? "bfloat16" : dtype == "fp16" ? "float16" : dtype == "fp32" ? "float32" : "";
    if (options.dtype.empty()) ls::fail("quantize: --dtype must be bf16, fp16 or fp32 (got '" + dtype + "')");
    const std::string device = args.valueOr("device", "auto");
    if (device != "auto" && device != "cpu" && device != "cuda") ls::fail("quantize: --device must be auto, cpu or cuda");
    options.useCuda = device != "cpu";

    std::vector<ls::LayerQuantReport> reports;
    ls::cli::ProgressBar bar("quantize");
    ls::quantizeModelFolder(folder, *out, options, &reports, [&](int done, int total, const std::string& name) {
        bar.update(done, total, name);
        return true;
    });
    bar.finish();
    std::size_t bytes = 0;
    int64_t params = 0;
    for (const auto& r : reports) {
        bytes += r.stats.storedBytes;
        params += r.stats.numel;
    }
    std::cout << "wrote " << *out << ": " << reports.size() << " linear layers in " << ls::quant::quantTypeName(options.type)
              << (options.doubleQuant ? " + double quant" : "") << ", " << (params ? 8.0 * double(bytes) / double(params) : 0.0)
              << " bits per parameter\n";
    if (auto stats = args.value("stats")) {
        ls::writeFileAtomic(*stats, ls::layerReportsToJson(reports, options) + "\n");
        std::cout << "statistics: " << *stats << "\n";
    }
    return 0;
}

int runInspect(ls::cli::Args& args) {
    args.allow({"blocksize"}, {"json"});
    const auto folder = ls::ModelFolder::open(args.positional(0, "MODEL_DIR"));
    const int blocksize = static_cast<int>(args.intValue("blocksize", 64, 32, 4096));
    if (blocksize & (blocksize - 1)) ls::fail("inspect: --blocksize must be a power of two from 32 to 4096");
    ls::cli::ProgressBar bar("inspect", !args.flag("json"));
    auto rows = ls::inspectModel(folder, blocksize, [&](int done, int total, const std::string& name) {
        bar.update(done, total, name);
        return true;
    });
    bar.finish();
    std::cout << (args.flag("json") ? ls::inspectionToJson(rows) + "\n" : ls::inspectionToText(rows));
    return 0;
}

}  // namespace

LS_CLI_COMMAND(quantize, "quantize MODEL_DIR --out OUT_DIR [--quant nf4|fp4] [--blocksize 64] [--no-double-quant] [--stats FILE.json]",
               "Write a 4-bit copy of a model in the transformers + bitsandbytes layout",
               "Linear layers of the decoder become NF4/FP4 (byte-exact with bitsandbytes); embeddings, norms and\n"
               "lm_head stay as stored. transformers (load_in_4bit) and this engine load the result.\n\n"
               "  --out DIR            output folder (required)\n"
               "  --quant nf4|fp4      4-bit code book (default nf4)\n"
               "  --blocksize N        weights per absmax block: 32..4096, a power of two (default 64)\n"
               "  --no-double-quant    keep absmax in float32 (4.5 bits/param instead of ~4.127)\n"
               "  --dtype bf16|fp16|fp32  weight dtype before quantizing (default bf16)\n"
               "  --device auto|cpu|cuda  where to quantize (default auto; both give the same bytes)\n"
               "  --stats FILE.json    per-layer statistics: errors, code occupancy, absmax distribution\n",
               runQuantize);

LS_CLI_COMMAND(inspect, "inspect MODEL_DIR [--json] [--blocksize 64]",
               "Per-layer quantization error of NF4, FP4 (each with and without double quant) and int4",
               "Quantizes every linear layer in memory (nothing is written) and reports the relative Frobenius\n"
               "error, max abs error and cosine similarity per scheme, NF4 code occupancy and outlier blocks.\n\n"
               "  --json         machine-readable output with full NF4 statistics (histograms)\n"
               "  --blocksize N  weights per absmax block (default 64)\n",
               runInspect);
