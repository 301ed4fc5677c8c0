// Rotary position embeddings, with inv_freq computed exactly as transformers does for rope_type
// "default", "linear" and "llama3".
#pragma once

#include <torch/torch.h>

#include "lorastudio/model_config.h"

namespace ls::model {

// float32 [headDim / 2] on the CPU. Throws ls::Error for an unknown rope type or bad parameters.
torch::Tensor ropeInverseFrequencies(const RopeConfig& rope, int64_t headDim);

struct RotaryTables {
    torch::Tensor cos;  // [batch, 1, seq, headDim], in the compute dtype
    torch::Tensor sin;
};

class RotaryEmbedding {
public:
    RotaryEmbedding() = default;
    RotaryEmbedding(const RopeConfig& rope, int64_t headDim, torch::Device device);

    // positions: int64 [batch, seq]. The angles are formed in float32 (as transformers does with
    // autocast off), then cos/sin are cast to `dtype`.
    RotaryTables tables(const torch::Tensor& positions, torch::Dtype dtype) const;

private:
    torch::Tensor m_invFreq;  // float32 [headDim / 2] on the model's device
};

// x * cos + rotate_half(x) * sin; x is [batch, heads, seq, headDim].
torch::Tensor applyRotary(const torch::Tensor& x, const RotaryTables& t);

}  // namespace ls::model
