// The adapted linear: y = base(x) + scaling · (dropout(x) Aᵀ) Bᵀ, installed through the decoder's hook.
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

namespace {

torch::Tensor adapterInput(const torch::Tensor& x, double dropout, bool training) {
    return training && dropout > 0.0 ? torch::dropout(x, dropout, /*train=*/true) : x;
}

}  // namespace

// A and B are kept in float32 and compute in the input's dtype (bf16 training: mixed precision).
// PEFT instead casts x up to float32, which keeps a float32 copy of every adapted input for backward.
torch::Tensor loraDelta(const LoraModule& m, const torch::Tensor& x, double dropout, bool training, bool frozenA) {
    const auto dtype = x.scalar_type();
    const torch::Tensor a = castTo(m.a, dtype), b = castTo(m.b, dtype);
    torch::Tensor h = adapterInput(x, dropout, training);
    return frozenA ? loraFaDelta(h, a, b, m.scaling) : torch::matmul(torch::matmul(h, a.t()), b.t()) * m.scaling;
}

torch::Tensor addLoraDelta(const torch::Tensor& y, const LoraModule& m, const torch::Tensor& x, double dropout,
                           bool training, bool frozenA) {
    const auto dtype = x.scalar_type();
    const torch::Tensor a = castTo(m.a, dtype);
    const torch::Tensor b = castTo(m.b, dtype);
    torch::Tensor h = adapterInput(x, dropout, training);
    if (frozenA) return loraFaAdd(y, h, a, b, m.scaling);
    // The base output is the second GEMM's accumulator and the scaling its alpha: one kernel where a
    // matmul, a scale and an add would each pass over the [tokens, out] result.
    const torch::Tensor xa = torch::matmul(h, a.t());
    return torch::addmm(y.reshape({-1, y.size(-1)}), xa.reshape({-1, xa.size(-1)}), b.t(), /*beta=*/1,
                        /*alpha=*/m.scaling)
        .view(y.sizes());
}

model::LinearHook makeLoraHook(std::shared_ptr<const LoraState> state) {
    return [state](const model::LinearSite& site, const model::LinearWeights& w, const torch::Tensor& x) {
        const LoraModule* m = state->find(site);
        if (!m) return model::applyLinear(w, x);
        const bool frozenA = state->options.method == LoraMethod::LoraFa;
        const bool dropout = state->training && state->options.dropout > 0.0;
        // Dropout feeds the adapter a different input than the base: that case stays a composition.
        if (!dropout) return adaptedLinear(w, *m, x, frozenA);
        return addLoraDelta(model::applyLinear(w, x), *m, x, state->options.dropout, state->training, frozenA);
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
