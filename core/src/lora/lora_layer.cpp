// The adapted linear y = base(x) + scaling · (dropout(x) Aᵀ) Bᵀ, installed through the decoder's hooks.
#include "lora/lora_impl.h"
#include "model/fused_ops.h"

namespace ls::lora {

void LoraState::add(LoraModule module) {
    index[{module.site.layer, static_cast<int>(module.site.projection)}] = modules.size();
    modules.push_back(std::move(module));
}

const LoraModule* LoraState::find(const model::LinearSite& site) const {
    auto it = index.find({site.layer, static_cast<int>(site.projection)});
    return it == index.end() ? nullptr : &modules[it->second];
}

model::LinearHook makeLoraHook(std::shared_ptr<const LoraState> state) {
    return [state](const model::LinearSite& site, const model::LinearWeights& w, const torch::Tensor& x) {
        const LoraModule* m = state->find(site);
        if (!m) return model::applyLinear(w, x);
        const bool frozenA = state->options.method == LoraMethod::LoraFa;
        return adaptedLinear(w, *m, x, frozenA, state->training ? state->options.dropout : 0.0);
    };
}

model::LinearGroupHook makeLoraGroupHook(std::shared_ptr<const LoraState> state) {
    auto linearHook = makeLoraHook(state);
    return [state, linearHook](int64_t layer, const std::vector<model::Projection>& projections,
                               const std::vector<const model::LinearWeights*>& weights, const torch::Tensor& x) {
        std::vector<const LoraModule*> modules;
        bool adapted = false;
        for (const model::Projection p : projections) {
            modules.push_back(state->find(model::LinearSite{layer, p}));
            adapted = adapted || modules.back();
        }
        const bool dropout = state->training && state->options.dropout > 0.0;
        if (adapted && !dropout)
            return adaptedLinearGroup(weights, modules, x, state->options.method == LoraMethod::LoraFa);
        std::vector<torch::Tensor> out;
        for (std::size_t i = 0; i < projections.size(); ++i)
            out.push_back(linearHook(model::LinearSite{layer, projections[i]}, *weights[i], x));
        return out;
    };
}

model::SwigluLinearHook makeLoraSwigluHook(std::shared_ptr<const LoraState> state) {
    auto linearHook = makeLoraHook(state);
    return [state, linearHook](const model::LinearSite& site, const model::LinearWeights& w, const torch::Tensor& gate,
                               const torch::Tensor& up) {
        const LoraModule* m = state->find(site);
        const bool dropout = state->training && state->options.dropout > 0.0;
        // Only worth it when A trains (LoRA-FA never keeps the product) and grads flow at all.
        const bool fuse = m && !dropout && state->options.method != LoraMethod::LoraFa && m->a.requires_grad() &&
                          torch::GradMode::is_enabled();
        if (fuse) return adaptedSwigluLinear(w, *m, gate, up);
        return linearHook(site, w, model::fusedSwiglu(gate, up));
    };
}

}  // namespace ls::lora
