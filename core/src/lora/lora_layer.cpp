// The adapted linear: y = base(x) + scaling · (dropout(x) Aᵀ) Bᵀ, installed through the decoder's hook.
#include "lora/lora_impl.h"

namespace ls::lora {

void LoraState::add(LoraModule module) {
    index[{module.site.layer, static_cast<int>(module.site.projection)}] = modules.size();
    modules.push_back(std::move(module));
}

const LoraModule* LoraState::find(const model::LinearSite& site) const {
    auto it = index.find({site.layer, static_cast<int>(site.projection)});
    return it == index.end() ? nullptr : &modules[it->second];
}

torch::Tensor loraDelta(const LoraModule& m, const torch::Tensor& x, double dropout, bool training, bool frozenA) {
    // A and B are kept in float32 and compute in the input's dtype (bf16 training: mixed precision).
    // PEFT instead casts x up to float32, which keeps a float32 copy of every adapted input for backward.
    const auto dtype = x.scalar_type();
    const torch::Tensor a = m.a.scalar_type() == dtype ? m.a : m.a.to(dtype);
    const torch::Tensor b = m.b.scalar_type() == dtype ? m.b : m.b.to(dtype);
    torch::Tensor h = training && dropout > 0.0 ? torch::dropout(x, dropout, /*train=*/true) : x;
    return frozenA ? loraFaDelta(h, a, b, m.scaling) : torch::matmul(torch::matmul(h, a.t()), b.t()) * m.scaling;
}

model::LinearHook makeLoraHook(std::shared_ptr<const LoraState> state) {
    return [state](const model::LinearSite& site, const model::LinearWeights& w, const torch::Tensor& x) {
        torch::Tensor y = model::applyLinear(w, x);
        const LoraModule* m = state->find(site);
        if (!m) return y;
        const bool frozenA = state->options.method == LoraMethod::LoraFa;
        return y + loraDelta(*m, x, state->options.dropout, state->training, frozenA);
    };
}

}  // namespace ls::lora
