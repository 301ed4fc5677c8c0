#include "model/rope.h"

#include <cmath>

#include "lorastudio/error.h"

namespace ls::model {

torch::Tensor ropeInverseFrequencies(const RopeConfig& rope, int64_t headDim) {
    LS_CHECK(headDim > 0 && headDim % 2 == 0, "rope: head_dim must be a positive even number");
    LS_CHECK(rope.theta > 0, "rope: rope_theta must be positive");
    // 1 / theta ** (arange(0, dim, 2).float() / dim), in float32 like transformers.
    auto exponent = torch::arange(0, headDim, 2, torch::kInt64).to(torch::kFloat32) / static_cast<double>(headDim);
    auto invFreq = 1.0 / torch::pow(rope.theta, exponent);
    if (rope.type == "default") return invFreq;
    if (rope.type == "linear") {
        LS_CHECK(rope.factor > 0, "rope: linear scaling factor must be positive");
        return invFreq / rope.factor;
    }
    if (rope.type == "llama3") {
        LS_CHECK(rope.factor > 0, "rope: llama3 factor must be positive");
        LS_CHECK(rope.highFreqFactor != rope.lowFreqFactor, "rope: llama3 high_freq_factor equals low_freq_factor");
        LS_CHECK(rope.originalMaxPositionEmbeddings > 0, "rope: original_max_position_embeddings must be positive");
        const double oldContext = static_cast<double>(rope.originalMaxPositionEmbeddings);
        const double lowFreqWavelen = oldContext / rope.lowFreqFactor;
        const double highFreqWavelen = oldContext / rope.highFreqFactor;
        auto wavelen = 2 * M_PI / invFreq;
        // Long wavelengths are scaled down by factor, short ones kept, the band between blended.
        auto scaled = torch::where(wavelen > lowFreqWavelen, invFreq / rope.factor, invFreq);
        auto smooth = (oldContext / wavelen - rope.lowFreqFactor) / (rope.highFreqFactor - rope.lowFreqFactor);
        auto smoothed = (1 - smooth) * scaled / rope.factor + smooth * scaled;
        auto medium = torch::logical_not(wavelen < highFreqWavelen) * torch::logical_not(wavelen > lowFreqWavelen);
        return torch::where(medium, smoothed, scaled);
    }
    fail("rope: unsupported rope_type '" + rope.type + "' (expected default, linear or llama3)");
}

RotaryEmbedding::RotaryEmbedding(const RopeConfig& rope, int64_t headDim, torch::Device device)
    : m_invFreq(ropeInverseFrequencies(rope, headDim).to(device)) {}

RotaryTables RotaryEmbedding::tables(const torch::Tensor& positions, torch::Dtype dtype) const {
    // freqs[b, t, i] = position[b, t] * inv_freq[i]: the outer product transformers forms by a matmul
    // with an inner dimension of one, so the products are the same float32 values.
    auto freqs = positions.to(torch::kFloat32).unsqueeze(-1) * m_invFreq;
    auto emb = torch::cat({freqs, freqs}, -1).unsqueeze(1);
    return {emb.cos().to(dtype), emb.sin().to(dtype)};
}

torch::Tensor applyRotary(const torch::Tensor& x, const RotaryTables& t) {
    const int64_t half = x.size(-1) / 2;
    auto x1 = x.narrow(-1, 0, half);
    auto x2 = x.narrow(-1, half, half);
    auto rotated = torch::cat({-x2, x1}, -1);
    return x * t.cos + rotated * t.sin;
}

}  // namespace ls::model
