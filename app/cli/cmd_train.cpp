// lora-studio-cli train: a training run from flags (or --config run.json), with a progress bar;
// Ctrl-C cancels after the current step and keeps the adapter and a checkpoint.
#include <csignal>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli_command.h"
#include "fit_budget.h"
#include "lora_flags.h"
#include "lorastudio/atomic_file.h"
#include "lorastudio/demo.h"
#include "lorastudio/error.h"
#include "lorastudio/memory_fit.h"
#include "lorastudio/model_config.h"
#include "lorastudio/train.h"
#include "progress_bar.h"

namespace {

ls::TrainingSession* g_session = nullptr;

extern "C" void onInterrupt(int) {
    // First Ctrl-C: cancel cleanly (checkpoint + adapter); a second one ends the process at once.
    if (g_session) g_session->cancel();
    std::signal(SIGINT, SIG_DFL);
}

std::string fmt(double v, int precision) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(precision) << v;
    return os.str();
}

ls::TrainConfig configFromArgs(ls::cli::Args& args) {
    ls::TrainConfig c;
    if (auto file = args.value("config")) c = ls::trainConfigFromJson(ls::readTextFile(*file, 1u << 20), *file);
    if (auto v = args.value("model")) c.modelDir = *v;
    if (auto v = args.value("data")) c.dataFile = *v;
    if (c.dataFile == "demo") c.dataFile = ls::demoDatasetFile().string();
    if (c.modelDir.empty()) ls::fail("train: --model DIR is required (or \"demo\")");
    if (c.dataFile.empty()) ls::fail("train: --data FILE is required");
    ls::cli::applyLoraFlags(args, "train", c.lora);
    if (args.value("steps") && args.value("epochs")) ls::fail("train: give --steps or --epochs, not both");
    if (args.value("steps")) c.steps = args.intValue("steps", 0, 1, 100000000);
    if (args.value("epochs")) {
        c.epochs = args.doubleValue("epochs", 1.0, 1e-6, 1e6);
        c.steps = 0;
    }
    c.batchSize = static_cast<int>(args.intValue("batch", c.batchSize, 1, 65536));
    c.gradAccum = static_cast<int>(args.intValue("grad-accum", c.gradAccum, 1, 65536));
    c.data.seqLen = static_cast<int>(args.intValue("seq", c.data.seqLen, 2, 1 << 20));
    c.data.evalFraction = args.doubleValue("eval-fraction", c.data.evalFraction, 0.0, 0.99);
    if (args.flag("pack")) c.data.pack = true;
    c.lr = args.doubleValue("lr", c.lr, 1e-12, 9.99);
    if (auto v = args.value("schedule")) c.schedule = ls::parseLrSchedule(*v);
    c.warmupSteps = args.intValue("warmup", c.warmupSteps, 0, 100000000);
    c.weightDecay = args.doubleValue("weight-decay", c.weightDecay, 0.0, 0.999);
    c.maxGradNorm = args.doubleValue("max-grad-norm", c.maxGradNorm, 0.0, 1e9);
    c.seed = static_cast<uint64_t>(args.intValue("seed", static_cast<long long>(c.seed), 0, (1ll << 62)));
    c.evalEvery = args.intValue("eval-every", c.evalEvery, 0, 100000000);
    c.checkpointEvery = args.intValue("checkpoint-every", c.checkpointEvery, 0, 100000000);
    if (auto v = args.value("device")) c.device = ls::parseDevice(*v);
    if (auto v = args.value("dtype")) c.dtype = ls::parseComputeType(*v);
    if (args.flag("grad-ckpt")) c.gradCheckpointing = true;
    if (args.flag("paged-optimizer")) c.pagedOptimizer = true;
    if (args.flag("no-cuda-graphs")) c.cudaGraphs = false;
    if (args.flag("offload-activations")) c.offloadActivations = true;
    c.streamedLayers = args.intValue("stream-layers", c.streamedLayers, 0, 100000);
    ls::validateTrainConfig(c, "train");
    return c;
}

// --fit GIB|gpu: turns on the cheapest memory savers (ls::fitToMemory) under which the run's estimate fits
// the budget, and says on stderr what it turned on.
void applyFit(ls::cli::Args& args, ls::TrainConfig& c, bool quiet) {
    if (c.device != ls::Device::CUDA)
        ls::fail("train: --fit needs --device cuda (the memory savers it turns on are CUDA-only)");
    const int64_t budget = ls::cli::fitBudget(args, "train");
    const auto configFile = ls::resolveModelDir(c.modelDir) / "config.json";
    const auto fit = ls::fitToMemory(c, ls::loadModelConfig(configFile), budget);
    if (!fit)
        ls::fail("train: nothing fits in " + ls::cli::gibText(budget) + ": lower --batch or --seq" +
                 (c.lora.method == ls::LoraMethod::QLora ? "" : ", or use --method qlora"));
    if (!quiet)
        std::cerr << "fit: " << (fit->change.empty() ? "the run fits as it is" : "turned on " + fit->change)
                  << " (estimate " << ls::cli::gibText(fit->estimate.total()) << " of " << ls::cli::gibText(budget)
                  << ")\n";
    c = fit->config;
}

int runTrain(ls::cli::Args& args) {
    ls::cli::allowWithLoraFlags(
        args, {"model",    "data",          "steps",        "epochs",
               "batch",    "grad-accum",    "seq",          "lr",
               "schedule", "warmup",        "weight-decay", "max-grad-norm",
               "seed",     "eval-fraction", "eval-every",   "checkpoint-every",
               "out",      "resume",        "device",       "dtype",
               "config",   "stream-layers", "fit"},
        {"grad-ckpt", "paged-optimizer", "no-cuda-graphs", "offload-activations", "pack", "quiet"});
    if (args.positionalCount() > 0) ls::fail("train: unexpected argument '" + args.positional(0, "") + "'");
    const bool quiet = args.flag("quiet");
    std::unique_ptr<ls::TrainingSession> session;
    if (auto checkpoint = args.value("resume")) {
        for (const char* other : {"model", "data", "out", "config", "steps", "method", "rank", "fit"})
            if (args.value(other))
                ls::fail(std::string("train: --resume continues a run with its own config.json; --") + other +
                         " cannot be changed");
        session = ls::TrainingSession::resume(*checkpoint);
    } else {
        const auto out = args.value("out");
        if (!out) ls::fail("train: --out RUN_DIR is required (the run's folder)");
        ls::TrainConfig config = configFromArgs(args);
        if (args.value("fit")) applyFit(args, config, quiet);
        session = ls::TrainingSession::create(config, *out);
    }
    ls::cli::ProgressBar bar("train", !quiet);
    ls::TrainCallbacks cb;
    cb.onLog = [&](const std::string& line) {
        if (quiet) return;
        bar.finish();
        std::cerr << line << "\n";
    };
    cb.onMetrics = [&](const ls::StepMetrics& m) {
        std::string detail = "loss " + fmt(m.loss, 4) + "  " + fmt(m.tokensPerS, 0) + " tok/s";
        if (m.evalLoss) detail += "  eval " + fmt(*m.evalLoss, 4);
        if (m.memPeak > 0) detail += "  peak " + fmt(static_cast<double>(m.memPeak) / double(1 << 30), 2) + " GiB";
        bar.update(m.step, m.totalSteps, detail);
    };
    g_session = session.get();
    std::signal(SIGINT, onInterrupt);
    const ls::TrainResult r = session->run(cb);
    std::signal(SIGINT, SIG_DFL);
    g_session = nullptr;
    bar.finish();
    if (r.state == ls::RunState::Failed) {
        std::cerr << "error: " << r.message << "\n";
        return 1;
    }
    std::cout << r.message << "\n";
    if (!r.adapterDir.empty()) std::cout << "adapter: " << r.adapterDir.string() << "\n";
    if (!r.lastCheckpoint.empty()) std::cout << "checkpoint: " << r.lastCheckpoint.string() << "\n";
    return r.state == ls::RunState::Cancelled ? 130 : 0;
}

}  // namespace

LS_CLI_COMMAND(train,
               "train --model DIR --data FILE --method lora|lora-fa|qlora --rank R --alpha A --targets LIST "
               "--steps N|--epochs E --batch B --seq L --lr X --out RUN_DIR [--grad-ckpt] [--resume CHECKPOINT] "
               "[--device cpu|cuda] [--config run.json]",
               "Train a LoRA, LoRA-FA or QLoRA adapter; the run folder keeps config, metrics, checkpoints, adapter",
               "RUN_DIR gets config.json, metrics.jsonl (one line per step), checkpoints/step-N/ and adapter/\n"
               "(a PEFT folder). Ctrl-C stops after the current step and saves both; --resume continues.\n\n"
               "  --model DIR          Hugging Face folder, or \"demo\"\n"
               "  --data FILE|demo     JSON / JSONL: alpaca (instruction, input, output), chat (messages) or text;\n"
               "                       \"demo\" is the demo dataset (answers as \"ANSWER: Grass is green. \u2714\")\n"
               "  --method M           lora (default), lora-fa (A frozen) or qlora (NF4 base, double quant)\n"
               "  --rank R --alpha A   adapter rank (default 8) and lora_alpha (default 16)\n"
               "  --dropout P --rslora adapter dropout; alpha/sqrt(r) scaling\n"
               "  --targets LIST       q_proj,v_proj (default), all-linear, ...; or --target-regex RE\n"
               "  --layers A-B         only decoder layers A..B\n"
               "  --steps N | --epochs E   optimizer steps, or passes over the data (default 1 epoch)\n"
               "  --batch B --grad-accum K --seq L   micro-batch, accumulation, sequence length\n"
               "  --lr X --schedule constant|linear|cosine --warmup N --weight-decay W --max-grad-norm G\n"
               "  --eval-fraction F --eval-every N   held-out share and eval interval\n"
               "  --checkpoint-every N  checkpoint interval (always at the end and on cancel)\n"
               "  --pack               pack examples into full sequences\n"
               "  --grad-ckpt          gradient checkpointing per decoder layer\n"
               "  --paged-optimizer    AdamW state in CUDA managed memory\n"
               "  --no-cuda-graphs     launch every kernel of a step from the CPU (graphs are used on CUDA\n"
               "                       when batch shapes repeat and there is no dropout)\n"
               "  --offload-activations  CUDA: keep SwiGLU's activations in host memory between forward\n"
               "                       and backward (less GPU memory; not with --grad-ckpt)\n"
               "  --stream-layers N    CUDA, LoRA / LoRA-FA: N layers' frozen weights stay in host memory and\n"
               "                       are copied in before each use (N - 2 layers less GPU memory)\n"
               "  --fit GIB|gpu        turn on the cheapest of offload, streaming and checkpointing until the\n"
               "                       memory estimate fits GIB, or 85% of the GPU (saved in config.json)\n"
               "  --device cpu|cuda --dtype bf16|fp32 --seed S\n"
               "  --config FILE        start from a run's config.json; flags override it\n"
               "  --resume CHECKPOINT  continue the run that CHECKPOINT (RUN/checkpoints/step-N) belongs to\n"
               "  --quiet              no progress bar\n",
               runTrain);
