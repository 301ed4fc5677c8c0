// lora-studio-cli pretrain: a small model from scratch (every parameter trained on raw text); this is
// how the embedded demo model is made (tools/demo/rebuild.sh). Progress lines go to stderr; Ctrl-C
// stops after the current step and still writes the model.
#include <csignal>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli_command.h"
#include "lorastudio/error.h"
#include "lorastudio/pretrain.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;

extern "C" void onPretrainInterrupt(int) {
    g_stop = 1;
    std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

std::string fmt(double v, int precision) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(precision) << v;
    return os.str();
}

std::string duration(double s) {
    const long long t = static_cast<long long>(s + 0.5);
    std::ostringstream os;
    if (t >= 3600) os << t / 3600 << "h";
    if (t >= 60) os << std::setw(t >= 3600 ? 2 : 1) << std::setfill('0') << (t / 60) % 60 << "m";
    os << std::setw(t >= 60 ? 2 : 1) << std::setfill('0') << t % 60 << "s";
    return os.str();
}

int runPretrain(ls::cli::Args& args) {
    args.allow({"shape",      "tokenizer", "data",         "out",   "steps",         "batch",    "seq",
                "lr",         "warmup",    "weight-decay", "beta2", "max-grad-norm", "init-std", "eval-fraction",
                "eval-every", "seed",      "device",       "dtype", "compute-dtype", "log-every"},
               {"quiet"});
    if (args.positionalCount() > 0) ls::fail("pretrain: unexpected argument '" + args.positional(0, "") + "'");
    ls::PretrainOptions o;
    const auto need = [&](const char* name, const char* what) {
        const auto v = args.value(name);
        if (!v) ls::fail(std::string("pretrain: --") + name + " " + what + " is required");
        return *v;
    };
    o.shapeFile = need("shape", "CONFIG.json");
    o.tokenizerDir = need("tokenizer", "DIR");
    o.dataFile = need("data", "FILE");
    o.outDir = need("out", "DIR");
    o.steps = args.intValue("steps", o.steps, 1, 100000000);
    o.batchSize = static_cast<int>(args.intValue("batch", o.batchSize, 1, 65536));
    o.seqLen = static_cast<int>(args.intValue("seq", o.seqLen, 2, 1 << 20));
    o.lr = args.doubleValue("lr", o.lr, 1e-12, 9.99);
    o.warmupSteps = args.intValue("warmup", o.warmupSteps, -1, o.steps);
    o.weightDecay = args.doubleValue("weight-decay", o.weightDecay, 0.0, 0.999);
    o.beta2 = args.doubleValue("beta2", o.beta2, 0.0, 0.999999);
    o.maxGradNorm = args.doubleValue("max-grad-norm", o.maxGradNorm, 0.0, 1e9);
    o.initStd = args.doubleValue("init-std", o.initStd, 1e-6, 1.0);
    o.evalFraction = args.doubleValue("eval-fraction", o.evalFraction, 0.0, 0.5);
    o.evalEvery = args.intValue("eval-every", o.evalEvery, 0, 100000000);
    o.seed = static_cast<uint64_t>(args.intValue("seed", static_cast<long long>(o.seed), 0, (1ll << 62)));
    o.logEvery = static_cast<int>(args.intValue("log-every", o.logEvery, 1, 100000000));
    if (auto v = args.value("device")) o.device = ls::parseDevice(*v);
    if (auto v = args.value("dtype")) o.saveDtype = ls::parseComputeType(*v);
    if (auto v = args.value("compute-dtype")) o.computeDtype = ls::parseComputeType(*v);
    ls::validatePretrainOptions(o);

    const bool quiet = args.flag("quiet");
    auto onLog = [&](const std::string& line) {
        if (!quiet) std::cerr << line << "\n";
    };
    auto onProgress = [&](const ls::PretrainProgress& p) {
        if (!quiet) {
            std::cerr << "step " << p.step << "/" << p.totalSteps << "  loss " << fmt(p.loss, 4);
            if (p.evalLoss >= 0) std::cerr << "  eval " << fmt(p.evalLoss, 4);
            std::ostringstream lr;
            lr << std::scientific << std::setprecision(2) << p.lr;
            std::cerr << "  lr " << lr.str() << "  grad-norm " << fmt(p.gradNorm, 3) << "  " << fmt(p.tokensPerS, 0)
                      << " tok/s  " << duration(p.elapsedS) << " elapsed, " << duration(p.etaS) << " left\n";
        }
        return g_stop == 0;
    };
    std::signal(SIGINT, onPretrainInterrupt);
    const ls::PretrainResult r = ls::pretrainModel(o, onProgress, onLog);
    std::signal(SIGINT, SIG_DFL);
    std::cout << (r.stopped ? "stopped after " : "finished ") << r.steps << " steps, loss " << fmt(r.finalLoss, 4)
              << ", eval loss " << fmt(r.evalLoss, 4) << ", " << r.parameters << " parameters, " << duration(r.elapsedS)
              << "\n"
              << "model: " << r.outDir.string() << "\n";
    return r.stopped ? 130 : 0;
}

}  // namespace

LS_CLI_COMMAND(pretrain,
               "pretrain --shape CONFIG.json --tokenizer DIR --data corpus.txt --steps N --batch B --seq L --lr X "
               "--out DIR [--seed S] [--device cpu|cuda]",
               "Train a small model from scratch (all parameters, random init) on a text file",
               "A random-init Llama-family model of the shape in CONFIG.json (weights ~ N(0, 0.02), norms 1)\n"
               "trained on every parameter with AdamW and a cosine schedule. The text file's documents are\n"
               "separated by blank lines (or it is .json / .jsonl with {\"text\": ...} rows); each is trained\n"
               "as bos + text + eos, packed into sequences of L.\n"
               "DIR gets config.json, model.safetensors, the tokenizer files, generation_config.json and\n"
               "pretrain.json (options and losses); ls::Model::load and `generate` read it.\n\n"
               "  --shape CONFIG.json  architecture and sizes (vocab_size at least the tokenizer's)\n"
               "  --tokenizer DIR      tokenizer.json + tokenizer_config.json (bos and eos tokens)\n"
               "  --data FILE          UTF-8 text, or JSON / JSONL raw-text rows\n"
               "  --steps N            optimizer steps (default 1000)\n"
               "  --batch B --seq L    sequences per step (default 16) and their length (default 128)\n"
               "  --lr X               peak learning rate (default 2e-3)\n"
               "  --warmup N           linear warmup steps (default 5% of the steps)\n"
               "  --weight-decay W     AdamW weight decay on matrices (default 0.1)\n"
               "  --beta2 B --max-grad-norm G --init-std S\n"
               "  --eval-fraction F    held-out share of the sequences (default 0.01); --eval-every N\n"
               "  --dtype bf16|fp32|fp16  stored weights (default bf16)\n"
               "  --compute-dtype bf16|fp32|fp16  forward/backward dtype (default bf16; master weights and\n"
               "                       AdamW state are fp32)\n"
               "  --seed S             initial weights, split and data order (default 0)\n"
               "  --device cpu|cuda    where to train (default cpu)\n"
               "  --log-every N        a progress line every N steps (default 10)\n"
               "  --quiet              no progress lines\n",
               runPretrain);
