// Token-by-token continuation with a KV cache: greedy, or sampled with temperature and top-p.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include <torch/torch.h>

#include "lorastudio/model.h"
#include "model/llama_model.h"

namespace ls::model {

// Picks the next token from float32 logits [vocab] on the CPU. Greedy takes the first maximum (as
// torch.argmax); sampling keeps the smallest set of most likely tokens whose probability reaches topP.
int64_t selectToken(const torch::Tensor& logits, const GenerateOptions& options, std::mt19937_64& rng);

// Returns only the new ids. Checks options (temperature > 0, topP in (0, 1], a non-empty prompt).
std::vector<int64_t> generateTokens(const LlamaModel& model, const std::vector<int64_t>& prompt,
                                    const GenerateOptions& options);

}  // namespace ls::model
