// Random weights for a new Llama-family decoder, as transformers initialises one
// (LlamaPreTrainedModel._init_weights): the embedding and every projection ~ N(0, std), biases 0,
// RMSNorm weights 1.
#pragma once

#include <torch/torch.h>

#include <cstdint>

#include "lorastudio/model_config.h"
#include "model/llama_weights.h"

namespace ls::model {

// Drawn in float32 on the CPU from one generator seeded with `seed`, in a fixed order (embedding, then
// layer by layer q, k, v, o, gate, up, down, then lm_head when untied), so the same seed gives the same
// weights on every device; then converted to `dtype` on `device`. A tied lm_head shares embedTokens.
LlamaWeights initLlamaWeights(const ModelConfig& config, uint64_t seed, double std, torch::Dtype dtype,
                              torch::Device device);

}  // namespace ls::model
