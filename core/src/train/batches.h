// The order in which training examples are seen, and micro-batches as tensors.
// Micro-batch k holds examples k·B .. k·B + B − 1 of an endless stream that walks the training set in
// one seeded shuffle per epoch; the stream position (k) is all a checkpoint needs to continue it.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "lorastudio/dataset.h"

namespace ls::train {

struct MicroBatch {
    torch::Tensor ids;         // int64 [B, T], right-padded with the pad id
    torch::Tensor labels;      // int64 [B, T], kIgnoreLabel where no loss is taken (padding too)
    // int64 [B, T] 1 = token, for callers that pad on the left; collate leaves it undefined (see there).
    torch::Tensor mask;
    int64_t targetTokens = 0;  // labels that count (next-token targets)
    int64_t tokens = 0;        // non-padding tokens
};

class ExampleStream {
public:
    ExampleStream(const std::vector<Example>& examples, int batchSize, uint64_t seed, TokenId padId);

    // Micro-batch number `index` (0-based) on `device`.
    MicroBatch batch(int64_t index, const torch::Device& device) const;
    // Epochs completed after `microBatches` micro-batches (fractional).
    double epochAfter(int64_t microBatches) const;
    int64_t microBatchesPerEpoch() const;

private:
    const std::vector<Example>& m_examples;
    int m_batch;
    uint64_t m_seed;
    TokenId m_pad;
    mutable std::vector<std::vector<uint32_t>> m_orders;  // per epoch, computed on demand
};

// Right-pads the rows into one batch (evaluation takes them in file order). No attention mask: under causal
// attention no real token sees a later position, so right padding changes no real token's output, and the
// padding's own outputs carry no loss. Without a mask attention stays on the flash kernel, with grouped
// keys and values as they are; a mask would cost a float copy of it per layer and repeated keys and
// values (measured on Qwen3-0.6B-shaped and 1B Mistral-shaped runs on an H100, see README).

MicroBatch collate(const std::vector<const Example*>& rows, TokenId padId, const torch::Device& device);

}  // namespace ls::train
