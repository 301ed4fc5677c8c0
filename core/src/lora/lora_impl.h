// LoraAdapter::Impl and the pieces the lora/*.cpp files share. Internal to core (torch).
#pragma once

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "lorastudio/lora.h"
#include "model/linear.h"
#include "model/llama_model.h"

namespace ls::lora {

// One adapted projection: delta(x) = scaling · (x Aᵀ) Bᵀ.
struct LoraModule {
    std::string name;  // "model.layers.0.self_attn.q_proj"
    model::LinearSite site;
    torch::Tensor a;  // [r, in] float32
    torch::Tensor b;  // [out, r] float32
    double scaling = 1.0;
};

// What the model's linear hook shares with the adapter.
struct LoraState {
    LoraOptions options;
    std::vector<LoraModule> modules;
    std::map<std::pair<int64_t, int>, std::size_t> index;  // (layer, projection) -> modules
    int64_t numLayers = 0;                                 // decoder layers of the model the adapter was made for
    bool training = false;

    void add(LoraModule module);
    const LoraModule* find(const model::LinearSite& site) const;
};

// [.., n] as [rows, n] (a view where the layout allows).
inline torch::Tensor flat(const torch::Tensor& t) { return t.reshape({-1, t.size(-1)}); }
// t in `dtype` (t itself when it already is).
inline torch::Tensor castTo(const torch::Tensor& t, torch::ScalarType dtype) {
    return t.scalar_type() == dtype ? t : t.to(dtype);
}

// A decoder linear: its public description, where it sits, and its weights.
struct ModuleRef {
    LinearModuleInfo info;
    model::LinearSite site;
    model::LinearWeights* weights = nullptr;
};

// modules.cpp
std::string moduleName(const model::LinearSite& site);
std::vector<ModuleRef> decoderLinears(model::LlamaModel& decoder);

// adapted_linear.cpp: base(x) + scaling · (h Aᵀ) Bᵀ, h = dropout(x) (dropout > 0) or x, as one autograd
// node with a hand-written backward; keeps h only when A trains (LoRA), h Aᵀ always. A and B stay float32
// and compute in x's dtype (PEFT instead casts x up to float32, keeping a float32 copy of every input).
torch::Tensor adaptedLinear(const model::LinearWeights& w, const LoraModule& module, const torch::Tensor& x,
                            bool frozenA, double dropout = 0.0);
// adapted_linear_group.cpp: projections reading the same x (q/k/v, gate/up) as one node, modules[i] null
// where projection i has no adapter; one output each. No dropout (each adapter would draw its own mask).
std::vector<torch::Tensor> adaptedLinearGroup(const std::vector<const model::LinearWeights*>& weights,
                                              const std::vector<const LoraModule*>& modules, const torch::Tensor& x,
                                              bool frozenA);
// down(silu(gate) · up) for an adapted down projection with A training (LoRA, QLoRA): one node that keeps
// gate and up but not their product (recomputed in backward for A's gradient).
torch::Tensor adaptedSwigluLinear(const model::LinearWeights& w, const LoraModule& module, const torch::Tensor& gate,
                                  const torch::Tensor& up);
// lora_layer.cpp: the model's hooks, running the adapted linear for every adapted projection.
model::LinearHook makeLoraHook(std::shared_ptr<const LoraState> state);
model::SwigluLinearHook makeLoraSwigluHook(std::shared_ptr<const LoraState> state);
model::LinearGroupHook makeLoraGroupHook(std::shared_ptr<const LoraState> state);

// merge.cpp: the dense weight W + scaling · B A in float32 (a 4-bit W is dequantized).
torch::Tensor mergedWeight(const model::LinearWeights& w, const LoraModule* module);

}  // namespace ls::lora

namespace ls {

struct LoraAdapter::Impl {
    std::shared_ptr<lora::LoraState> state;

    // B of every module, and A too unless the method is LoRA-FA (for the optimizer).
    std::vector<torch::Tensor> trainableParameters() const;
};

}  // namespace ls
