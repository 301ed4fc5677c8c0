// Next-token cross entropy for causal LM training, computed from the final hidden states in chunks of
// tokens so the [tokens, vocab] float32 logits never exist whole: forward computes each chunk's loss
// and, while its logits are at hand, the chunk's gradient with respect to the hidden states; backward
// only scales that stored gradient. The head weight must be frozen (it gets no gradient).
#pragma once

#include <torch/torch.h>

namespace ls::train {

// hidden: [B, T, H] (requires grad in training); headWeight: [V, H]; labels: int64 [B, T] with
// kIgnoreLabel (-100) for untrained tokens. Position t predicts labels[t + 1]. Returns the mean loss
// over counted targets (float32 scalar; 0 when there is none). chunkTokens bounds the tokens per chunk.
torch::Tensor causalLmLoss(const torch::Tensor& hidden, const torch::Tensor& headWeight, const torch::Tensor& labels,
                           int64_t chunkTokens = 0);

// The same over every position of the fixed [B, T] shape, without selecting the counted ones first: no
// host synchronisation (what a CUDA graph capture needs), at the price of head GEMMs for ignored rows.
torch::Tensor causalLmLossAllRows(const torch::Tensor& hidden, const torch::Tensor& headWeight,
                                  const torch::Tensor& labels, int64_t chunkTokens = 0);

// The same from full logits [B, T, V] (used when lm_head itself carries an adapter).
torch::Tensor causalLmLossFromLogits(const torch::Tensor& logits, const torch::Tensor& labels);

}  // namespace ls::train
