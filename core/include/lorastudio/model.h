// A Llama-family decoder (Llama, Mistral, Qwen2, Qwen3) for inference: logits and generation.
// Torch-free header; the implementation lives in core/src/model.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lorastudio/dtype.h"
#include "lorastudio/model_config.h"

namespace ls {

enum class Device { CPU, CUDA };
enum class ComputeType { F32, BF16, F16 };

Device parseDevice(const std::string& name);            // "cpu" | "cuda"; throws on anything else
ComputeType parseComputeType(const std::string& name);  // "fp32" | "bf16" | "fp16"
const char* computeTypeName(ComputeType type);          // "fp32", "bf16", "fp16"
const char* computeTypeConfigName(ComputeType type);    // config.json's "float32", "bfloat16", "float16"
DType computeTypeStorage(ComputeType type);             // the safetensors dtype: F32, BF16, F16
bool cudaAvailable();

// Where training would run: the first CUDA device, or the CPU with the machine's memory.
struct DeviceInfo {
    bool cuda = false;
    std::string name;         // "NVIDIA H200" or "CPU"
    int64_t totalMemory = 0;  // bytes: the GPU's memory, or the machine's RAM
};
DeviceInfo describeDevice();

struct LoadOptions {
    Device device = Device::CPU;           // where weights and compute live
    ComputeType dtype = ComputeType::F32;  // weights are converted to this on load
    // QLoRA: every decoder-layer linear is quantized to NF4 with double quantization (blocksize 64)
    // as it loads, one weight at a time, so the dense model never sits on the device whole.
    bool quantizeNf4 = false;
    // On CUDA an untied embedding table, which is only looked up and never trained, stays in page-locked
    // host memory; the GPU reads just the rows of each batch (embeddingsStayOnHost). false keeps it on the
    // device (a benchmark's comparison).
    bool embeddingsOnHost = true;
    // CUDA, dense weights (not NF4): the projection weights of this many decoder layers, spread evenly, stay
    // in page-locked host memory and are copied to the GPU just before each use, in forward and again in
    // backward; the GPU holds two layers' worth for all of them. Saves (n − 2) layers of weights for
    // n × a layer's bytes of PCIe traffic per pass. The model then serves forward passes and training
    // only (merging reads the weights directly: load without streaming for that). 0: none.
    int64_t streamedLayers = 0;
};

// The GPU slots a model with `streamedLayers` streamed layers holds their weights in (at most 2).
inline int64_t weightStreamSlots(int64_t streamedLayers) { return streamedLayers < 2 ? streamedLayers : 2; }

// Whether loading `config` onto `device` keeps the embedding table in host memory: CUDA and untied
// embeddings (a tied table is also lm_head's weight, which the GPU multiplies in full). It saves
// vocab × hidden × element bytes of device memory; the memory estimate leaves them out by the same rule.
bool embeddingsStayOnHost(const ModelConfig& config, Device device);

struct GenerateOptions {
    int maxNewTokens = 64;
    bool greedy = true;        // false: sample with temperature and top-p
    float temperature = 1.0f;  // > 0
    float topP = 1.0f;         // (0, 1]
    uint64_t seed = 0;
    std::vector<int64_t> stopIds;  // generation ends after emitting one of these (usually eos)
    // Called with each new token; return false to stop early.
    std::function<bool(int64_t)> onToken;
};

// A padded batch; rows shorter than the longest are padded per attentionMask (0 = padding).
struct TokenBatch {
    std::vector<std::vector<int64_t>> ids;
    std::vector<std::vector<int64_t>> attentionMask;  // empty: all ones
    std::vector<std::vector<int64_t>> positions;      // empty: cumsum(mask) - 1, clamped at 0
};

struct Logits {
    std::vector<int64_t> shape;  // [batch, seq, vocab]
    std::vector<float> values;   // row-major float32
};

class Model {
public:
    static std::unique_ptr<Model> load(const std::filesystem::path& dir, const LoadOptions& options = {});
    ~Model();

    const ModelConfig& config() const;
    Logits logits(const TokenBatch& batch);
    // Greedy or sampled continuation of `prompt` using a KV cache; returns only the new ids.
    std::vector<int64_t> generate(const std::vector<int64_t>& prompt, const GenerateOptions& options);
    // Bytes of the embedding table held in host memory instead of the device (0 when it is on the device),
    // and, when it was meant to be there and could not be mapped, why (otherwise empty).
    int64_t hostEmbeddingBytes() const;
    const std::string& hostEmbeddingProblem() const;
    // Decoder layers whose weights stream from host memory (LoadOptions::streamedLayers), their page-locked
    // bytes, and, when streaming was asked for and could not be set up, why (the weights are then all on
    // the device).
    int64_t streamedLayers() const;
    int64_t streamedWeightBytes() const;
    const std::string& weightStreamProblem() const;

    struct Impl;
    Impl& impl() { return *m_impl; }

private:
    explicit Model(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace ls
