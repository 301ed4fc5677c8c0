// Adapter training throughput and peak memory of the engine on random tokens, as
// shared/bench/peft_baseline.py measures transformers + PEFT: the same weights folder, the same token
// ids (torch.manual_seed(seed) then one randint on the GPU), labels = ids, r and alpha = 2r on the chosen
// linears. Prints one JSON line with tokens/s, step time, the measured peak and the memory estimate.
//   bench_train --model DIR --method lora|lora-fa|qlora [--rank 16] [--batch 4] [--seq 1024] [--steps 20]
//               [--warmup 3] [--grad-ckpt] [--no-cuda-graphs] [--targets all-linear] [--seed 0]
//               [--embeddings-on-gpu] [--offload-activations [--offload-keep K] [--offload-lag L]]
//               [--stream-layers N]
//               [--profile TRACE.json]
// --embeddings-on-gpu: keep an untied embedding table on the GPU instead of in host memory (the default).
// --profile: after the timed steps, two more steps under the Kineto profiler, saved as a Chrome trace
// (tests/bench/summarize_trace.py turns it into a table of kernel time by kind).
// Without --model, or without a GPU, it reports itself skipped (exit 77).
#include <torch/version.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "lora/lora_impl.h"
#include "lorastudio/error.h"
#include "lorastudio/memory_estimate.h"
#include "lorastudio/model.h"
#include "model/cuda_allocator.h"
#include "model/model_impl.h"
#include "train/device_memory.h"
#include "train/trainer.h"
#if TORCH_VERSION_MAJOR >= 2
#include <torch/csrc/autograd/profiler_kineto.h>
#endif

namespace {

using json = nlohmann::json;

std::map<std::string, std::string> parseArgs(int argc, char** argv) {
    std::map<std::string, std::string> a;
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        if (k.rfind("--", 0) != 0) ls::fail("bench_train: unexpected argument " + k);
        k = k.substr(2);
        if (k == "grad-ckpt" || k == "no-cuda-graphs" || k == "embeddings-on-gpu" || k == "offload-activations") {
            a[k] = "1";
        } else {
            if (i + 1 >= argc) ls::fail("bench_train: --" + k + " needs a value");
            a[k] = argv[++i];
        }
    }
    return a;
}

int run(int argc, char** argv) {
    auto a = parseArgs(argc, argv);
    if (!a.count("model")) {
        std::printf(
            "{\"bench\": \"train\", \"skipped\": \"no --model given (tests/bench/run_train_bench.sh makes them)\"}\n");
        return 77;
    }
    if (!ls::cudaAvailable()) {
        std::printf("{\"bench\": \"train\", \"skipped\": \"no CUDA device\"}\n");
        return 77;
    }
    auto get = [&](const char* k, const std::string& d) { return a.count(k) ? a[k] : d; };
    ls::TrainConfig c;
    c.device = ls::Device::CUDA;
    c.lora.method = ls::parseLoraMethod(get("method", "lora"));
    c.lora.r = std::stoll(get("rank", "16"));
    c.lora.alpha = 2.0 * static_cast<double>(c.lora.r);
    c.lora.targetModules = {get("targets", "all-linear")};
    if (c.lora.targetModules[0] != "all-linear") {
        c.lora.targetModules.clear();
        std::string t = get("targets", "");
        for (std::size_t s = 0, e; s <= t.size(); s = e + 1) {
            e = t.find(',', s);
            if (e == std::string::npos) e = t.size();
            c.lora.targetModules.push_back(t.substr(s, e - s));
        }
    }
    c.batchSize = std::stoi(get("batch", "4"));
    c.data.seqLen = std::stoi(get("seq", "1024"));
    c.gradCheckpointing = a.count("grad-ckpt") > 0;
    c.cudaGraphs = a.count("no-cuda-graphs") == 0;
    c.offloadActivations = a.count("offload-activations") > 0;
    c.streamedLayers = std::stoll(get("stream-layers", "0"));
    c.lr = 1e-4;
    c.maxGradNorm = 0.0;  // PEFT's baseline does not clip
    const int steps = std::stoi(get("steps", "20")), warmup = std::stoi(get("warmup", "3"));
    const uint64_t seed = std::stoull(get("seed", "0"));

    ls::LoadOptions load;
    load.device = ls::Device::CUDA;
    load.dtype = ls::ComputeType::BF16;
    load.quantizeNf4 = c.lora.method == ls::LoraMethod::QLora;
    load.embeddingsOnHost = a.count("embeddings-on-gpu") == 0;
    load.streamedLayers = c.streamedLayers;
    const auto t0 = std::chrono::steady_clock::now();
    auto model = ls::Model::load(a["model"], load);
    const double loadS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    auto adapter = ls::LoraAdapter::create(*model, c.lora);
    adapter->attach(*model);
    adapter->setTraining(true);
    ls::model::OffloadOptions offload;
    offload.keepLastLayers = std::stoi(get("offload-keep", std::to_string(offload.keepLastLayers)));
    offload.releaseLag = std::stoi(get("offload-lag", std::to_string(offload.releaseLag)));
    ls::train::Trainer trainer(*model, *adapter, c, offload);
    const torch::Device dev = trainer.device();

    torch::manual_seed(seed);
    ls::train::MicroBatch batch;
    batch.ids = torch::randint(0, model->config().vocabSize, {c.batchSize, c.data.seqLen},
                               torch::TensorOptions().dtype(torch::kInt64).device(dev));
    batch.labels = batch.ids;
    batch.tokens = batch.targetTokens = int64_t(c.batchSize) * c.data.seqLen;
    auto next = [&](int) { return batch; };

    double firstLoss = 0, lastLoss = 0;
    for (int i = 0; i < warmup; ++i) {
        auto out = trainer.step(next, c.lr, 0);
        if (i == 0) firstLoss = out.loss;
    }
    ls::train::synchronize(dev);
    ls::train::resetPeakMemory(dev);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < steps; ++i) lastLoss = trainer.step(next, c.lr, 0).loss;
    ls::train::synchronize(dev);
    const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto mem = ls::train::deviceMemory(dev);
    if (a.count("profile")) {
#if TORCH_VERSION_MAJOR >= 2
        namespace prof = torch::autograd::profiler;
        using torch::profiler::impl::ActivityType;
        const torch::profiler::impl::ProfilerConfig config(torch::profiler::impl::ProfilerState::KINETO);
        const std::set<ActivityType> activities{ActivityType::CPU, ActivityType::CUDA};
        prof::prepareProfiler(config, activities);
        prof::enableProfiler(config, activities);
        for (int i = 0; i < 2; ++i) trainer.step(next, c.lr, 0);
        ls::train::synchronize(dev);
        prof::disableProfiler()->save(a["profile"]);
#else
        ls::fail("bench_train: --profile needs LibTorch 2.x");
#endif
    }

    // As a run of this config is estimated, but with the placement this run really got.
    ls::MemoryEstimateOptions eo = ls::estimateOptionsFor(c, model->config());
    eo.embeddingsOnHost = model->hostEmbeddingBytes() > 0;
    eo.offloadActivations = trainer.offloadingActivations();
    eo.streamedLayers = model->streamedLayers();
    const auto est = ls::estimateTrainingMemory(model->config(), c.lora, eo);
    const double gib = double(int64_t(1) << 30);
    json j;
    j["engine"] = "lora-studio";
    j["model"] = std::filesystem::path(a["model"]).filename().string();
    j["method"] = ls::loraMethodName(c.lora.method);
    j["rank"] = c.lora.r;
    j["batch"] = c.batchSize;
    j["seq"] = c.data.seqLen;
    j["grad_ckpt"] = c.gradCheckpointing;
    j["trainable_params"] = adapter->trainableParameterCount();
    j["tokens_per_s"] = std::round(10.0 * c.batchSize * c.data.seqLen * steps / dt) / 10.0;
    j["step_ms"] = std::round(100000.0 * dt / steps) / 100.0;
    // With CUDA graphs the peak is the larger of allocated and reserved (the graphs' pool is reserved).
    const double peak = static_cast<double>(mem.footprint(trainer.cudaGraphs()));
    j["cuda_graphs"] = trainer.cudaGraphs();
    if (!trainer.cudaGraphs()) j["cuda_graphs_off"] = trainer.graphsOffReason();
    j["cuda_allocator"] = ls::model::cudaAllocatorSettings();
    j["host_embedding_gib"] = std::round(1000.0 * static_cast<double>(model->hostEmbeddingBytes()) / gib) / 1000.0;
    if (!model->hostEmbeddingProblem().empty()) j["host_embedding_problem"] = model->hostEmbeddingProblem();
    if (c.offloadActivations) {
        j["offload_activations"] = trainer.offloadingActivations();
        j["offload_keep"] = offload.keepLastLayers;
        j["offload_lag"] = offload.releaseLag;
        if (!trainer.offloadingActivations()) j["offload_off"] = trainer.offloadOffReason();
        j["offloaded_gib"] = std::round(1000.0 * static_cast<double>(trainer.offloadedBytes()) / gib) / 1000.0;
        j["offload_pinned_gib"] = std::round(1000.0 * static_cast<double>(trainer.offloadPinnedBytes()) / gib) / 1000.0;
    }
    if (c.streamedLayers > 0) {
        j["streamed_layers"] = model->streamedLayers();
        j["streamed_gib"] = std::round(1000.0 * static_cast<double>(model->streamedWeightBytes()) / gib) / 1000.0;
        if (!model->weightStreamProblem().empty()) j["stream_problem"] = model->weightStreamProblem();
    }
    j["peak_mem_gib"] = std::round(1000.0 * peak / gib) / 1000.0;
    j["peak_allocated_gib"] = std::round(1000.0 * static_cast<double>(mem.peak) / gib) / 1000.0;
    j["peak_reserved_gib"] = std::round(1000.0 * static_cast<double>(mem.reservedPeak) / gib) / 1000.0;
    j["estimate_gib"] = std::round(1000.0 * static_cast<double>(est.total()) / gib) / 1000.0;
    j["estimate_error"] = std::round(1000.0 * (static_cast<double>(est.total()) - peak) / peak) / 1000.0;
    j["estimate"] = json::parse(ls::memoryBreakdownToJson(est));
    j["first_loss"] = firstLoss;
    j["final_loss"] = lastLoss;
    j["load_s"] = std::round(10.0 * loadS) / 10.0;
    std::cout << j.dump() << std::endl;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::string what = e.what();
        std::printf("%s\n", json{{"bench", "train"}, {"error", what.substr(0, what.find('\n'))}}.dump().c_str());
        return 1;
    }
}
