// lora-studio-cli estimate --model DIR --method M --rank R --targets LIST [...]: training memory from
// config.json alone (no weights are loaded).
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_command.h"
#include "fit_budget.h"
#include "lora_flags.h"
#include "lorastudio/error.h"
#include "lorastudio/lora.h"
#include "lorastudio/memory_estimate.h"
#include "lorastudio/memory_fit.h"
#include "lorastudio/model.h"
#include "lorastudio/model_config.h"

namespace {

constexpr long long kMaxBatch = 65536;
constexpr long long kMaxSeq = 1 << 20;

std::string formatBytes(int64_t bytes) {
    char buf[32];
    const double b = static_cast<double>(bytes);
    if (b >= double(1 << 30))
        std::snprintf(buf, sizeof buf, "%.2f GiB", b / double(1 << 30));
    else if (b >= double(1 << 20))
        std::snprintf(buf, sizeof buf, "%.1f MiB", b / double(1 << 20));
    else
        std::snprintf(buf, sizeof buf, "%.1f KiB", b / 1024.0);
    return buf;
}

std::string withCommas(int64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string padLeft(const std::string& s, std::size_t width) {
    return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

struct Row {
    const char* label;
    int64_t ls::MemoryBreakdown::*field;
};
const Row kRows[] = {{"frozen weights", &ls::MemoryBreakdown::frozenWeights},
                     {"adapter weights", &ls::MemoryBreakdown::adapterWeights},
                     {"gradients", &ls::MemoryBreakdown::gradients},
                     {"optimizer states", &ls::MemoryBreakdown::optimizerStates},
                     {"activations", &ls::MemoryBreakdown::activations},
                     {"logits / loss", &ls::MemoryBreakdown::logits},
                     {"workspace", &ls::MemoryBreakdown::workspace}};

nlohmann::ordered_json resultJson(const ls::MemoryBreakdown& b) {
    auto j = nlohmann::ordered_json::parse(ls::memoryBreakdownToJson(b));
    j["trainable_params"] = b.trainableParams;
    j["adapter_params"] = b.adapterParams;
    j["adapted_modules"] = b.adaptedModules;
    return j;
}

int runEstimate(ls::cli::Args& args) {
    ls::cli::allowWithLoraFlags(args, {"model", "batch", "seq", "dtype", "device", "stream-layers", "fit"},
                                {"grad-ckpt", "paged-optimizer", "offload-activations", "json", "all-methods"});
    if (args.positionalCount() > 0)
        ls::fail("estimate: unexpected argument '" + args.positional(0, "") +
                 "' (the model folder goes after --model)");
    const auto model = args.value("model");
    if (!model) ls::fail("estimate: --model DIR is required");
    const bool allMethods = args.flag("all-methods");
    const auto method = args.value("method");
    if (!method && !allMethods) ls::fail("estimate: --method lora|lora-fa|qlora is required (or --all-methods)");
    if (!args.value("rank")) ls::fail("estimate: --rank R is required");
    const auto targets = args.value("targets"), regex = args.value("target-regex");
    if (!targets && !regex) ls::fail("estimate: --targets LIST or --target-regex RE is required");

    ls::LoraOptions lora;
    lora.dropout = 0.0;
    ls::cli::applyLoraFlags(args, "estimate", lora);

    // The flags describe a run; the estimate options follow from it exactly as for `train` and the GUI.
    ls::TrainConfig run;
    run.lora = lora;
    run.batchSize = static_cast<int>(args.intValue("batch", 1, 1, kMaxBatch));
    run.data.seqLen = static_cast<int>(args.intValue("seq", 1024, 1, kMaxSeq));
    run.gradCheckpointing = args.flag("grad-ckpt");
    run.pagedOptimizer = args.flag("paged-optimizer");
    run.dtype = ls::parseComputeType(args.valueOr("dtype", "bf16"));
    run.device = ls::parseDevice(args.valueOr("device", "cuda"));
    const ls::Device device = run.device;

    // --model names a folder (its config.json is read) or the config.json itself.
    std::filesystem::path configPath = *model;
    if (!std::filesystem::is_regular_file(configPath)) configPath /= "config.json";
    const ls::ModelConfig config = ls::loadModelConfig(configPath);
    if (args.flag("offload-activations")) {
        if (device != ls::Device::CUDA) ls::fail("estimate: --offload-activations needs --device cuda");
        if (run.gradCheckpointing) ls::fail("estimate: --offload-activations does nothing with --grad-ckpt");
        run.offloadActivations = true;
    }
    if (args.value("stream-layers")) {
        if (device != ls::Device::CUDA) ls::fail("estimate: --stream-layers needs --device cuda");
        if (method && lora.method == ls::LoraMethod::QLora)
            ls::fail("estimate: --stream-layers needs dense base weights: QLoRA's NF4 weights do not stream");
        run.streamedLayers = args.intValue("stream-layers", 0, 0, config.numLayers);
    }

    // --fit GIB|gpu: the cheapest memory options (ls::fitToMemory) under which the run's estimate fits.
    std::string fitChange, fitBudgetText;
    if (args.value("fit")) {
        if (allMethods) ls::fail("estimate: --fit needs one --method, not --all-methods");
        const int64_t budget = ls::cli::fitBudget(args, "estimate");
        fitBudgetText = ls::cli::gibText(budget);
        const auto fit = ls::fitToMemory(run, config, budget);
        if (!fit)
            ls::fail("estimate: nothing fits in " + fitBudgetText + (device == ls::Device::CUDA ? "" : " on the CPU") +
                     ": lower --batch or --seq" +
                     (lora.method == ls::LoraMethod::QLora ? "" : ", or use --method qlora"));
        run = fit->config;
        fitChange = fit->change.empty() ? "nothing to change" : fit->change;
    }
    // With --all-methods the streamed layers count for LoRA and LoRA-FA (the estimate leaves QLoRA's alone).
    const ls::MemoryEstimateOptions opt = ls::estimateOptionsFor(run, config);

    std::vector<ls::LoraMethod> methods;
    if (allMethods)
        methods = {ls::LoraMethod::Lora, ls::LoraMethod::LoraFa, ls::LoraMethod::QLora};
    else
        methods = {lora.method};
    std::vector<ls::MemoryBreakdown> results;
    for (auto m : methods) {
        ls::LoraOptions o = run.lora;
        o.method = m;
        results.push_back(ls::estimateTrainingMemory(config, o, opt));
    }

    if (args.flag("json")) {
        nlohmann::ordered_json j;
        j["model"] = *model;
        if (!allMethods) j["method"] = ls::loraMethodName(lora.method);
        j["rank"] = lora.r;
        j["alpha"] = lora.alpha;
        if (regex)
            j["target_regex"] = *regex;
        else
            j["targets"] = lora.targetModules;
        if (lora.hasLayerFilter()) j["layers"] = {lora.firstLayer, lora.lastLayer};
        j["batch"] = opt.batch;
        j["seq"] = opt.seqLen;
        j["grad_ckpt"] = opt.gradCheckpointing;
        j["paged_optimizer"] = opt.pagedOptimizer;
        j["offload_activations"] = opt.offloadActivations;
        j["streamed_layers"] = opt.streamedLayers;
        j["dtype"] = ls::computeTypeName(opt.dtype);
        if (!fitChange.empty()) j["fit"] = {{"budget", *args.value("fit")}, {"change", fitChange}};
        j["device"] = device == ls::Device::CUDA ? "cuda" : "cpu";
        if (allMethods) {
            for (std::size_t i = 0; i < methods.size(); ++i)
                j["methods"][ls::loraMethodName(methods[i])] = resultJson(results[i]);
        } else {
            const auto result = resultJson(results[0]);  // named: items() must not outlive it
            for (const auto& [key, value] : result.items()) j[key] = value;
        }
        std::cout << j.dump() << "\n";
        return 0;
    }

    std::cout << "Training memory estimate for " << *model << " (" << ls::architectureName(config.architecture) << ")\n"
              << "  rank " << lora.r << ", targets " << (regex ? "regex " + *regex : *targets);
    if (lora.hasLayerFilter())
        std::cout << ", layers " << lora.firstLayer << ".."
                  << (lora.lastLayer < 0 ? std::string("last") : std::to_string(lora.lastLayer));
    std::cout << "\n  micro-batch " << opt.batch << " x " << opt.seqLen << " tokens, " << ls::computeTypeName(opt.dtype)
              << ", gradient checkpointing " << (opt.gradCheckpointing ? "on" : "off") << "\n";
    if (!fitChange.empty()) std::cout << "  to fit in " << fitBudgetText << ": " << fitChange << "\n";
    std::cout << "\n";

    const std::size_t labelWidth = 20, columnWidth = 13;
    std::cout << std::string(labelWidth, ' ');
    for (auto m : methods) std::cout << padLeft(ls::loraMethodName(m), columnWidth);
    std::cout << "\n";
    for (const auto& row : kRows) {
        std::string label = row.label;
        std::cout << label << std::string(labelWidth - label.size(), ' ');
        for (const auto& r : results) std::cout << padLeft(formatBytes(r.*row.field), columnWidth);
        std::cout << "\n";
    }
    std::cout << std::string(labelWidth + columnWidth * methods.size(), '-') << "\n";
    std::cout << "total" << std::string(labelWidth - 5, ' ');
    for (const auto& r : results) std::cout << padLeft(formatBytes(r.total()), columnWidth);
    if (results[0].hostWeights > 0 || results[0].hostActivations > 0) {
        std::cout << "\nin host memory      ";
        for (const auto& r : results) std::cout << padLeft(formatBytes(r.hostWeights + r.hostActivations), columnWidth);
        std::vector<std::string> what;
        if (opt.embeddingsOnHost && !config.tieWordEmbeddings)
            what.push_back("the embedding table: the GPU reads only each batch's rows");
        if (opt.streamedLayers > 0)
            what.push_back(std::to_string(opt.streamedLayers) + " layers' weights, copied in before each use" +
                           (allMethods ? " (not QLoRA)" : ""));
        if (results[0].hostActivations > 0) what.push_back("offloaded activations");
        std::string joined;
        for (const auto& w : what) joined += (joined.empty() ? "" : "; ") + w;
        std::cout << "  (" << joined << ")";
    }
    std::cout << "\n\ntrainable params    ";
    for (const auto& r : results) std::cout << padLeft(withCommas(r.trainableParams), columnWidth);
    std::cout << "\nadapted modules     ";
    for (const auto& r : results) std::cout << padLeft(std::to_string(r.adaptedModules), columnWidth);
    std::cout << "\n";
    return 0;
}

}  // namespace

LS_CLI_COMMAND(
    estimate,
    "estimate --model DIR --method lora|lora-fa|qlora --rank R [--alpha A] --targets LIST [--batch B] "
    "[--seq L] [--grad-ckpt] [--offload-activations] [--stream-layers N] [--fit GIB|gpu] [--dtype bf16|fp32] "
    "[--device cuda|cpu] [--json]",
    "Estimate the device memory a LoRA / LoRA-FA / QLoRA training run needs, from config.json",
    "Reads DIR/config.json only (no weights). The breakdown: frozen base weights, adapter weights,\n"
    "gradients, AdamW states, activations, the loss (chunked logits) and a workspace margin.\n\n"
    "  --model DIR          model folder (or its config.json)\n"
    "  --method M           lora, lora-fa or qlora\n"
    "  --all-methods        side by side for lora, lora-fa and qlora (instead of --method)\n"
    "  --rank R             adapter rank, 1..4096\n"
    "  --alpha A            lora_alpha (default 2 x rank; does not change memory)\n"
    "  --dropout P          lora_dropout (default 0; > 0 keeps a mask per adapter input)\n"
    "  --targets LIST       comma list: q_proj,v_proj or all-linear\n"
    "  --target-regex RE    instead of --targets: a regex matching whole module names\n"
    "  --layers A-B         only decoder layers A..B (also A- or A)\n"
    "  --batch B            sequences per micro-batch (default 1)\n"
    "  --seq L              tokens per sequence (default 1024)\n"
    "  --grad-ckpt          gradient checkpointing (recompute each layer in backward)\n"
    "  --offload-activations  SwiGLU's activations in host memory between forward and backward\n"
    "                       (CUDA; all but the last 9 of every 32 layers)\n"
    "  --stream-layers N    N layers' frozen weights in host memory, copied in before each use\n"
    "                       (CUDA, LoRA / LoRA-FA; the GPU keeps 2 layers' worth for them)\n"
    "  --fit GIB|gpu        turn on the cheapest of offload, streaming and checkpointing until the\n"
    "                       estimate fits GIB (leave room: e.g. 85% of the card), or 85% of this\n"
    "                       machine's GPU, and show that estimate\n"
    "  --paged-optimizer    AdamW states in managed memory (still counted)\n"
    "  --dtype T            compute dtype: bf16 (default), fp16 or fp32\n"
    "  --device D           cuda (default: an untied embedding table stays in host memory) or cpu\n"
    "  --json               one JSON object: the breakdown in bytes plus the inputs\n",
    runEstimate);
