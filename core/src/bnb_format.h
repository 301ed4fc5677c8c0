// The bitsandbytes 4-bit layout that transformers saves (shared/spec/nf4-bitsandbytes.md, part d):
// P.weight (U8 packed), P.weight.absmax, P.weight.quant_map, P.weight.nested_absmax,
// P.weight.nested_quant_map, P.weight.quant_state.bitsandbytes__nf4|fp4 (UTF-8 JSON). Torch-free.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "lorastudio/model_folder.h"
#include "lorastudio/quant.h"
#include "lorastudio/safetensors.h"

namespace ls::bnb {

// Whether `weightName` (e.g. "model.layers.0.self_attn.q_proj.weight") is stored 4-bit in the folder.
bool isQuantized(const ModelFolder& folder, const std::string& weightName);

// Reads and validates one 4-bit weight: every tensor present with the dtype and size its state implies.
// Errors name the folder and tensor. Returns nullopt when the weight is not quantized.
std::optional<quant::Quantized4bit> readLinear(const ModelFolder& folder, const std::string& weightName);

// The quant_state JSON exactly as bitsandbytes writes it (Python json.dumps, keys in its order).
std::string quantStateJson(const quant::QuantState& state);

// Appends the tensors of one 4-bit weight. `q` and `strings` must outlive the write.
void appendLinear(std::vector<TensorToWrite>& out, std::deque<std::string>& strings, const std::string& weightName,
                  const quant::Quantized4bit& q);

// The quantization_config block transformers writes into config.json, as JSON text.
std::string quantizationConfigJson(quant::QuantType type, bool doubleQuant, const std::string& computeDType);

}  // namespace ls::bnb
