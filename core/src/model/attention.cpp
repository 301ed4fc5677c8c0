#include "model/attention.h"

#include <cmath>
#include <limits>

#include <torch/version.h>

namespace ls::model {

std::pair<torch::Tensor, torch::Tensor> KVCache::append(std::size_t layer, const torch::Tensor& k,
                                                        const torch::Tensor& v) {
    if (keys[layer].defined()) {
        keys[layer] = torch::cat({keys[layer], k}, 2);
        values[layer] = torch::cat({values[layer], v}, 2);
    } else {
        keys[layer] = k;
        values[layer] = v;
    }
    return {keys[layer], values[layer]};
}

torch::Tensor buildAttentionMask(const torch::Tensor& keyMask, int64_t queryLen, int64_t window) {
    const int64_t keyLen = keyMask.size(1);
    const int64_t past = keyLen - queryLen;
    auto opts = torch::TensorOptions().dtype(torch::kInt64).device(keyMask.device());
    auto queryPos = torch::arange(past, keyLen, opts).unsqueeze(1);  // [T, 1]
    auto keyPos = torch::arange(0, keyLen, opts).unsqueeze(0);       // [1, S]
    auto causal = keyPos <= queryPos;                                // [T, S]
    // As transformers' sliding_window_overlay: the last `window` keys up to the query, by index.
    if (window > 0) causal = torch::logical_and(causal, keyPos > queryPos - window);
    auto self = keyPos == queryPos;
    auto real = keyMask.to(torch::kBool).unsqueeze(1).unsqueeze(1);  // [B, 1, 1, S]
    return torch::logical_or(torch::logical_and(causal, real), self);
}

torch::Tensor attentionBias(const torch::Tensor& mask, torch::Dtype dtype) {
    auto bias = torch::zeros(mask.sizes(), mask.options().dtype(dtype));
    return bias.masked_fill_(torch::logical_not(mask), -std::numeric_limits<float>::infinity());
}

torch::Tensor repeatKv(const torch::Tensor& x, int64_t groups) {
    if (groups == 1) return x;
    const auto b = x.size(0), h = x.size(1), s = x.size(2), d = x.size(3);
    return x.unsqueeze(2).expand({b, h, groups, s, d}).reshape({b, h * groups, s, d});
}

torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const torch::Tensor& mask) {
    const int64_t groups = q.size(1) / k.size(1);
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 5)
    // No mask: plain causal attention. The flash kernel reads grouped keys and values as they are, so
    // nothing is repeated in memory (nor kept for backward) on CUDA.
    if (!mask.defined() && q.is_cuda())
        return torch::scaled_dot_product_attention(q, k, v, {}, 0.0, /*is_causal=*/true, std::nullopt,
                                                   /*enable_gqa=*/groups > 1);
#endif
    auto keys = repeatKv(k, groups);
    auto values = repeatKv(v, groups);
#if TORCH_VERSION_MAJOR >= 2
    // No mask: plain causal attention, which lets SDPA pick its flash kernel.
    if (!mask.defined()) return torch::scaled_dot_product_attention(q, keys, values, {}, 0.0, /*is_causal=*/true);
    return torch::scaled_dot_product_attention(q, keys, values, mask);
#else
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
    auto scores = torch::matmul(q, keys.transpose(2, 3)) * scale;
    if (mask.defined() && mask.is_floating_point()) {
        scores = scores + mask;  // attentionBias: 0 or -inf
    } else {
        const torch::Tensor allowed =
            mask.defined()
                ? mask
                : buildAttentionMask(torch::ones({q.size(0), keys.size(2)}, torch::dtype(torch::kInt64).device(q.device())),
                                     q.size(2));
        scores = scores.masked_fill(torch::logical_not(allowed), -std::numeric_limits<float>::infinity());
    }
    auto probs = torch::softmax(scores, -1, torch::kFloat32).to(q.scalar_type());
    return torch::matmul(probs, values);
#endif
}

}  // namespace ls::model
