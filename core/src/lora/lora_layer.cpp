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
    // As PEFT: the adapter computes in its own dtype (float32) and the result is cast back.
    torch::Tensor h = x.to(m.a.scalar_type());
    if (training && dropout > 0.0) h = torch::dropout(h, dropout, /*train=*/true);
    torch::Tensor delta =
        frozenA ? loraFaDelta(h, m.a, m.b, m.scaling) : torch::matmul(torch::matmul(h, m.a.t()), m.b.t()) * m.scaling;
    return delta.to(x.scalar_type());
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
