// Whole-model 4-bit work: write a Hugging Face folder in the transformers + bitsandbytes 4-bit layout,
// and inspect every linear layer's quantization error. Torch-free header.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "lorastudio/quant.h"

namespace ls {

class ModelFolder;

// Called after each layer; return false to cancel (the output folder is then left without a model file).
using ProgressFn = std::function<bool(int done, int total, const std::string& current)>;

struct QuantizeModelOptions {
    quant::QuantType type = quant::QuantType::NF4;  // bnb_4bit_quant_type
    int blocksize = 64;                             // weights per absmax block
    bool doubleQuant = true;                        // bnb_4bit_use_double_quant
    std::string dtype = "bfloat16";  // weights are cast to this before quantizing (the load dtype in transformers)
    bool useCuda = true;             // quantize on the GPU when one is available (same bytes as the CPU path)
};

struct LayerQuantReport {
    std::string name;  // e.g. "model.layers.0.self_attn.q_proj"
    std::vector<int64_t> shape;
    quant::QuantStats stats;
};

// Linear weights of the decoder layers become 4-bit; embeddings, norms and lm_head stay as stored,
// as transformers leaves them. Writes OUT/config.json (with quantization_config), OUT/model.safetensors
// atomically, and copies the tokenizer files. Fills `reports` when given.
void quantizeModelFolder(const ModelFolder& source, const std::filesystem::path& outDir,
                         const QuantizeModelOptions& options, std::vector<LayerQuantReport>* reports = nullptr,
                         const ProgressFn& progress = {});

std::string layerReportsToJson(const std::vector<LayerQuantReport>& reports, const QuantizeModelOptions& options);

// One row of `lora-studio-cli inspect`: a linear layer under each scheme.
struct SchemeError {
    std::string scheme;  // "nf4", "nf4+dq", "fp4", "fp4+dq", "int4"
    double relFrobeniusError = 0, maxAbsError = 0, cosineSimilarity = 0, bitsPerParameter = 0;
};
struct LayerInspection {
    std::string name;
    std::vector<int64_t> shape;
    std::vector<SchemeError> schemes;
    quant::QuantStats nf4;  // full statistics of the default scheme (nf4 + double quant)
};

// Every linear layer of the decoder, quantized (not saved) under every scheme. A quantized folder is
// inspected as stored: its dequantized weights against their own requantization are not meaningful, so
// it is refused with a clear error.
std::vector<LayerInspection> inspectModel(const ModelFolder& folder, int blocksize = 64, const ProgressFn& progress = {});
std::string inspectionToJson(const std::vector<LayerInspection>& rows);
std::string inspectionToText(const std::vector<LayerInspection>& rows);

}  // namespace ls
