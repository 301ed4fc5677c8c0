// config.json of a Hugging Face causal LM (Llama, Mistral, Qwen2, Qwen3), validated field by field.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ls {

enum class Architecture { Llama, Mistral, Qwen2, Qwen3 };
const char* architectureName(Architecture arch);  // "LlamaForCausalLM", ...

struct RopeConfig {
    double theta = 10000.0;          // rope_theta
    std::string type = "default";    // "default", "llama3" or "linear"
    double factor = 1.0;             // llama3 / linear scaling factor
    double lowFreqFactor = 1.0;      // llama3 only
    double highFreqFactor = 4.0;     // llama3 only
    int64_t originalMaxPositionEmbeddings = 8192;  // llama3 only
};

// The 4-bit quantization block of config.json (transformers + bitsandbytes), when present.
struct QuantizationConfig {
    std::string quantType = "fp4";  // "nf4" or "fp4"
    bool doubleQuant = false;
    std::string computeDType = "float32";
    std::string storage = "uint8";
};

struct ModelConfig {
    Architecture architecture = Architecture::Llama;
    std::string modelType;  // "llama", "mistral", "qwen2", "qwen3"
    int64_t vocabSize = 0;
    int64_t hiddenSize = 0;
    int64_t intermediateSize = 0;
    int64_t numLayers = 0;
    int64_t numHeads = 0;
    int64_t numKvHeads = 0;
    int64_t headDim = 0;  // hidden / heads unless head_dim is given
    int64_t maxPositionEmbeddings = 0;
    double rmsNormEps = 1e-6;
    RopeConfig rope;
    bool tieWordEmbeddings = false;
    bool attentionBias = false;    // q/k/v bias (Llama's attention_bias; always true for Qwen2)
    bool outputProjBias = false;   // o_proj bias (Llama's attention_bias; false for Qwen2)
    bool mlpBias = false;
    std::string dtype = "float32";  // "dtype" (transformers 5) or "torch_dtype" (4.x)
    bool qkNorm = false;  // Qwen3: an RMSNorm over each head of q and k (self_attn.{q,k}_norm) before RoPE
    // Sliding-window attention, when enabled (Mistral; Qwen2/Qwen3 with use_sliding_window): a query sees
    // the last slidingWindow keys up to itself, in the layers marked in slidingLayers (one entry per layer).
    std::optional<int64_t> slidingWindow;
    std::vector<bool> slidingLayers;
    std::optional<int64_t> bosTokenId;
    std::optional<int64_t> eosTokenId;
    std::optional<QuantizationConfig> quantization;
};

// Parses and validates; errors name `source` and the field: "<source>: hidden_size must be positive".
ModelConfig parseModelConfig(const std::string& jsonText, const std::string& source);
ModelConfig loadModelConfig(const std::filesystem::path& configJson);

// The inverse, for folders we write (merge, quantize). Keeps transformers' key names.
std::string modelConfigToJson(const ModelConfig& config);

}  // namespace ls
