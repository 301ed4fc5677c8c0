// Grouped-query attention core: masks, the key/value cache, and softmax(QK^T / sqrt(d) + mask) V.
#pragma once

#include <vector>

#include <torch/torch.h>

namespace ls::model {

// Keys and values of earlier steps, per layer, after RoPE: [batch, kvHeads, past, headDim].
struct KVCache {
    std::vector<torch::Tensor> keys;
    std::vector<torch::Tensor> values;

    explicit KVCache(std::size_t layers = 0) : keys(layers), values(layers) {}
    int64_t length() const { return keys.empty() || !keys[0].defined() ? 0 : keys[0].size(2); }
    // Appends this step's k/v for `layer` and returns the whole sequence so far.
    std::pair<torch::Tensor, torch::Tensor> append(std::size_t layer, const torch::Tensor& k, const torch::Tensor& v);
};

// Which keys each query may see: bool [batch, 1, queryLen, keyLen], true = attend.
// keyMask: int or bool [batch, keyLen] (1 = real token), covering cached keys too; the queries are the
// last queryLen positions. Causal plus padding, and each query always sees itself, so a padding query
// never has an empty row (its output is unused, but it must stay finite so later layers stay finite).
// window > 0: sliding-window attention, each query sees only the last `window` keys up to itself.
torch::Tensor buildAttentionMask(const torch::Tensor& keyMask, int64_t queryLen, int64_t window = 0);

// q: [batch, heads, T, d]; k, v: [batch, kvHeads, S, d]; mask from buildAttentionMask or attentionBias, or
// undefined for plain causal attention without padding or cache (T == S).
// Uses torch::scaled_dot_product_attention on LibTorch 2.x, else the explicit form (softmax in float32,
// as transformers' eager attention does); both give the same values.
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const torch::Tensor& mask);

// A mask from buildAttentionMask as the additive bias attention adds to its scores: 0 where it may
// attend, -inf elsewhere, in `dtype` (the compute dtype). Made once per forward and shared by the layers:
// handed a bool mask, scaled_dot_product_attention would convert it again in every layer, and every
// layer's backward would keep its own copy.
torch::Tensor attentionBias(const torch::Tensor& mask, torch::Dtype dtype);

// [batch, kvHeads, S, d] -> [batch, kvHeads * groups, S, d], as transformers' repeat_kv.
torch::Tensor repeatKv(const torch::Tensor& x, int64_t groups);

}  // namespace ls::model
