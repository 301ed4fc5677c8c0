#include "model/llama_model.h"

#include <optional>

#include "lorastudio/error.h"
#include "model/fused_ops.h"
#include "model/layer_checkpoint.h"
#include "quant/quant_torch.h"

namespace ls::model {

void checkTokenIds(const torch::Tensor& ids, int64_t vocab) {
    const torch::Tensor bounds = torch::stack({ids.min(), ids.max()}).to(torch::kCPU);
    const int64_t lo = bounds[0].item<int64_t>(), hi = bounds[1].item<int64_t>();
    if (lo < 0 || hi >= vocab)
        fail("token id " + std::to_string(lo < 0 ? lo : hi) + " is outside the vocabulary [0, " +
             std::to_string(vocab) + ")");
}

LlamaModel::LlamaModel(ModelConfig config, LlamaWeights weights, torch::Device device, torch::Dtype dtype)
    : m_config(std::move(config)),
      m_weights(std::move(weights)),
      m_device(device),
      m_dtype(dtype),
      m_rotary(m_config.rope, m_config.headDim, device) {}

torch::Tensor LlamaModel::linear(int64_t layer, Projection p, const LinearWeights& w, const torch::Tensor& x) const {
    if (m_linearHook) return m_linearHook(LinearSite{layer, p}, w, x);
    return applyLinear(w, x);
}

std::vector<torch::Tensor> LlamaModel::linearGroup(int64_t layer, const std::vector<Projection>& ps,
                                                   const std::vector<const LinearWeights*>& ws,
                                                   const torch::Tensor& x) const {
    if (m_linearGroupHook) return m_linearGroupHook(layer, ps, ws, x);
    std::vector<torch::Tensor> out;
    for (std::size_t i = 0; i < ps.size(); ++i) out.push_back(linear(layer, ps[i], *ws[i], x));
    return out;
}

torch::Tensor LlamaModel::rmsNorm(const torch::Tensor& x, const torch::Tensor& weight) const {
    // As transformers' LlamaRMSNorm (normalise in float32, cast back, then scale), as one autograd node.
    return fusedRmsNorm(x, weight, m_config.rmsNormEps, normOutputSuffices(weight));
}

bool LlamaModel::normOutputSuffices(const torch::Tensor& weight) const {
    if (weight.requires_grad() || !torch::GradMode::is_enabled()) return false;
    const auto it = m_normWeightNonZero.find(weight.data_ptr());
    if (it != m_normWeightNonZero.end()) return it->second;
    if (quant::cudaStreamCapturing()) return false;  // no host sync inside a graph capture: keep the input
    return m_normWeightNonZero[weight.data_ptr()] = !weight.eq(0).any().item<bool>();
}

torch::Tensor LlamaModel::selfAttention(int64_t layer, const torch::Tensor& x, const RotaryTables& rope,
                                        const torch::Tensor& mask, KVCache* cache) const {
    const LayerWeights& w = m_weights.layers[static_cast<std::size_t>(layer)];
    const int64_t b = x.size(0), t = x.size(1), d = m_config.headDim;
    const auto qkv = linearGroup(layer, {Projection::Q, Projection::K, Projection::V}, {&w.q, &w.k, &w.v}, x);
    auto qHeads = qkv[0].view({b, t, -1, d}), kHeads = qkv[1].view({b, t, -1, d});
    if (w.qNorm.defined()) {  // Qwen3: each head of q and k normalised before RoPE
        qHeads = rmsNorm(qHeads, w.qNorm);
        kHeads = rmsNorm(kHeads, w.kNorm);
    }
    auto q = fusedRotary(qHeads, rope.cos, rope.sin);
    auto k = fusedRotary(kHeads, rope.cos, rope.sin);
    auto v = qkv[2].view({b, t, -1, d}).transpose(1, 2);
    if (cache) std::tie(k, v) = cache->append(static_cast<std::size_t>(layer), k, v);
    auto out = attend(q, k, v, mask);  // [b, heads, t, d]
    out = out.transpose(1, 2).reshape({b, t, -1});
    return linear(layer, Projection::O, w.o, out);
}

torch::Tensor LlamaModel::mlp(int64_t layer, const torch::Tensor& x) const {
    const LayerWeights& w = m_weights.layers[static_cast<std::size_t>(layer)];
    const auto gateUp = linearGroup(layer, {Projection::Gate, Projection::Up}, {&w.gate, &w.up}, x);
    const torch::Tensor &gate = gateUp[0], &up = gateUp[1];
    if (m_swigluLinearHook) return m_swigluLinearHook(LinearSite{layer, Projection::Down}, w.down, gate, up);
    return linear(layer, Projection::Down, w.down, fusedSwiglu(gate, up));
}

torch::Tensor LlamaModel::forward(const torch::Tensor& ids, const torch::Tensor& attentionMask,
                                  const torch::Tensor& positions, KVCache* cache) const {
    LS_CHECK(ids.dim() == 2, "model input ids must be [batch, seq]");
    const int64_t b = ids.size(0), t = ids.size(1);
    LS_CHECK(b > 0 && t > 0, "model input is empty");
    const int64_t past = cache ? cache->length() : 0;
    const int64_t vocab = m_config.vocabSize;
    // One transfer for both bounds: a single host sync when the ids live on the GPU. A CUDA graph capture
    // may not wait: the graphed trainer checks each batch before it copies it into the graph's input.
    if (!quant::cudaStreamCapturing()) checkTokenIds(ids, vocab);

    auto idsOnDevice = ids.to(m_device, torch::kInt64);
    auto opts = torch::TensorOptions().dtype(torch::kInt64).device(m_device);
    auto keyMask = attentionMask.defined() ? attentionMask.to(m_device) : torch::ones({b, past + t}, opts);
    LS_CHECK(keyMask.dim() == 2 && keyMask.size(0) == b && keyMask.size(1) == past + t,
             "attention mask must be [batch, past + seq]");
    auto pos = positions.defined() ? positions.to(m_device, torch::kInt64)
                                   : torch::arange(past, past + t, opts).unsqueeze(0).expand({b, t});
    LS_CHECK(pos.dim() == 2 && pos.size(0) == b && pos.size(1) == t, "position ids must be [batch, seq]");

    // Without padding or cache the mask is plain causal: leave it to the attention kernel.
    const bool plainCausal = !attentionMask.defined() && !cache;
    auto mask = plainCausal ? torch::Tensor() : attentionBias(buildAttentionMask(keyMask, t), m_dtype);
    // Sliding-window layers need their own mask only once the keys outnumber the window.
    const int64_t window = m_config.slidingWindow.value_or(0);
    const auto slidingMask =
        window > 0 && past + t > window ? attentionBias(buildAttentionMask(keyMask, t, window), m_dtype) : mask;
    auto rope = m_rotary.tables(pos, m_dtype);
    auto h = m_weights.hostEmbedding ? m_weights.hostEmbedding->lookup(idsOnDevice, m_device)
                                     : torch::embedding(m_weights.embedTokens, idsOnDevice);
    const bool checkpoint = m_checkpointing && !cache && torch::GradMode::is_enabled();
    const int64_t layers = static_cast<int64_t>(m_weights.layers.size());
    std::optional<ActivationOffload::ForwardScope> offload;
    if (m_offload && !checkpoint && !cache && torch::GradMode::is_enabled()) offload.emplace(*m_offload, layers);
    for (int64_t i = 0; i < layers; ++i) {
        if (offload) offload->enterLayer(i);
        if (m_stream) m_stream->enterForward(i);
        const bool sliding = i < static_cast<int64_t>(m_config.slidingLayers.size()) &&
                             m_config.slidingLayers[static_cast<std::size_t>(i)];
        const torch::Tensor& layerMask = sliding ? slidingMask : mask;
        if (checkpoint) {
            // Captured by value: the closure runs again in backward, after this frame is gone.
            h = checkpointLayer(
                [this, i, rope, layerMask](const torch::Tensor& x) { return layer(i, x, rope, layerMask, nullptr); },
                h, m_checkpointRng);
        } else {
            h = layer(i, h, rope, layerMask, cache);
        }
        // Fires once the gradient of this layer's output is complete: just before its backward (or recompute).
        if (m_stream && h.requires_grad())
            h.register_hook([stream = m_stream, i](const torch::Tensor&) { stream->enterBackward(i); });
    }
    // A pass that no backward follows leaves the slots as every pass expects them (backward does this itself,
    // through the trainer).
    if (m_stream && !h.requires_grad()) m_stream->goHome();
    return rmsNorm(h, m_weights.norm);
}

torch::Tensor LlamaModel::layer(int64_t index, const torch::Tensor& h, const RotaryTables& rope,
                                const torch::Tensor& mask, KVCache* cache) const {
    const LayerWeights& w = m_weights.layers[static_cast<std::size_t>(index)];
    auto x = h + selfAttention(index, rmsNorm(h, w.inputNorm), rope, mask, cache);
    return x + mlp(index, rmsNorm(x, w.postAttentionNorm));
}

torch::Tensor LlamaModel::lmHead(const torch::Tensor& hidden) const {
    return linear(-1, Projection::LmHead, m_weights.lmHead, hidden);
}

}  // namespace ls::model
