// The Llama-family decoder (Llama, Mistral, Qwen2, Qwen3) over plain weight tensors. Inference uses it through
// ls::Model; a training engine can use it directly: forward() is differentiable, the weights are
// reachable, and every projection goes through one replaceable function (setLinearHook).
#pragma once

#include <torch/torch.h>

#include <map>

#include "lorastudio/model_config.h"
#include "model/activation_offload.h"
#include "model/attention.h"
#include "model/linear.h"
#include "model/llama_weights.h"
#include "model/rope.h"
#include "model/weight_stream.h"

namespace ls::model {

// Throws ls::Error when a token id lies outside [0, vocab) (one host sync for GPU ids).
void checkTokenIds(const torch::Tensor& ids, int64_t vocab);

class LlamaModel {
public:
    LlamaModel(ModelConfig config, LlamaWeights weights, torch::Device device, torch::Dtype dtype);

    const ModelConfig& config() const { return m_config; }
    LlamaWeights& weights() { return m_weights; }
    const LlamaWeights& weights() const { return m_weights; }
    torch::Device device() const { return m_device; }
    torch::Dtype dtype() const { return m_dtype; }

    // Replaces applyLinear for every projection; an empty hook restores it.
    void setLinearHook(LinearHook hook) { m_linearHook = std::move(hook); }
    // Replaces the linear hook for projections that share their input (q/k/v, gate/up) when set; an empty
    // hook restores it.
    void setLinearGroupHook(LinearGroupHook hook) { m_linearGroupHook = std::move(hook); }
    // Replaces linear(down, fusedSwiglu(gate, up)) in the MLP when set; an empty hook restores it.
    void setSwigluLinearHook(SwigluLinearHook hook) { m_swigluLinearHook = std::move(hook); }
    // Gradient checkpointing: while grad mode is on, each decoder layer runs without keeping its
    // activations and is recomputed in backward (model/layer_checkpoint.h). `preserveRng` restores the
    // random state for the recompute (needed only when the layer draws random numbers, e.g. dropout).
    void setGradientCheckpointing(bool enabled, bool preserveRng = false) {
        m_checkpointing = enabled;
        m_checkpointRng = preserveRng;
    }

    // Activation offload (model/activation_offload.h) for differentiable forward passes without
    // checkpointing or cache; null turns it off.
    void setActivationOffload(std::shared_ptr<ActivationOffload> offload) { m_offload = std::move(offload); }

    // Weight streaming (model/weight_stream.h): the layers it streams get their weights copied in before
    // each use; null: every weight stays on the device.
    void setWeightStream(std::shared_ptr<WeightStream> stream) { m_stream = std::move(stream); }
    WeightStream* weightStream() const { return m_stream.get(); }

    KVCache makeCache() const { return KVCache(m_weights.layers.size()); }

    // ids: int64 [batch, T]. attentionMask: int [batch, past + T] (1 = token, 0 = padding), or undefined
    // for all ones (then, without a cache, attention is plain causal and may use a flash kernel). positions: int64
    // [batch, T], or undefined for past .. past + T - 1. With a cache the keys/values of this step are appended to it.
    // Returns the final-norm hidden states [batch, T, hidden]. Throws ls::Error for token ids outside [0, vocab).
    torch::Tensor forward(const torch::Tensor& ids, const torch::Tensor& attentionMask, const torch::Tensor& positions,
                          KVCache* cache = nullptr) const;
    // [.., hidden] -> [.., vocab] in the compute dtype.
    torch::Tensor lmHead(const torch::Tensor& hidden) const;

    // One decoder layer: h + attention(norm(h)), then + mlp(norm(..)). mask: buildAttentionMask's, or
    // undefined for plain causal attention.
    torch::Tensor layer(int64_t index, const torch::Tensor& h, const RotaryTables& rope, const torch::Tensor& mask,
                        KVCache* cache) const;

private:
    torch::Tensor linear(int64_t layer, Projection p, const LinearWeights& w, const torch::Tensor& x) const;
    // The projections `ps` (weights `ws`) of one input x, through the group hook when set.
    std::vector<torch::Tensor> linearGroup(int64_t layer, const std::vector<Projection>& ps,
                                           const std::vector<const LinearWeights*>& ws, const torch::Tensor& x) const;
    torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& weight) const;
    // Whether a norm may keep its output for backward instead of its input (frozen weight without zeros;
    // checked once per weight, outside graph captures).
    bool normOutputSuffices(const torch::Tensor& weight) const;
    torch::Tensor selfAttention(int64_t layer, const torch::Tensor& x, const RotaryTables& rope,
                                const torch::Tensor& mask, KVCache* cache) const;
    torch::Tensor mlp(int64_t layer, const torch::Tensor& x) const;

    ModelConfig m_config;
    LlamaWeights m_weights;
    torch::Device m_device;
    torch::Dtype m_dtype;
    RotaryEmbedding m_rotary;
    LinearHook m_linearHook;
    LinearGroupHook m_linearGroupHook;
    SwigluLinearHook m_swigluLinearHook;
    mutable std::map<const void*, bool> m_normWeightNonZero;  // by the norm weight's data pointer
    bool m_checkpointing = false;
    bool m_checkpointRng = false;
    std::shared_ptr<ActivationOffload> m_offload;
    std::shared_ptr<WeightStream> m_stream;
};

}  // namespace ls::model
