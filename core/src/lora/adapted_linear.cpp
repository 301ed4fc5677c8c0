// The adapted linear y = x Wᵀ (+ bias) + s · (x Aᵀ) Bᵀ as one autograd node with a hand-written backward.
// Autograd of the composition records about ten nodes per projection (two casts, two matmuls, transposes,
// the addmm, the add of the two input gradients) and launches a kernel for each; this node does the same
// arithmetic in five GEMMs and two casts, adds the adapter's input gradient through the base GEMM's
// accumulator, and keeps nothing wider than the input (and, for LoRA-FA, not even that: only x Aᵀ).
#include "lora/lora_impl.h"
#include "model/quantized_linear.h"

namespace ls::lora {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

torch::Tensor flat(const torch::Tensor& t) { return t.reshape({-1, t.size(-1)}); }

torch::Tensor castTo(const torch::Tensor& t, torch::ScalarType dtype) {
    return t.scalar_type() == dtype ? t : t.to(dtype);
}

// s · m1 m2 in one GEMM: with beta 0 addmm never reads its (broadcast, zero-size-in-memory) input.
torch::Tensor scaledMm(const torch::Tensor& m1, const torch::Tensor& m2, double s) {
    if (s == 1.0) return torch::mm(m1, m2);
    return torch::addmm(torch::zeros({}, m1.options()), m1, m2, /*beta=*/0, /*alpha=*/s);
}

// The frozen base weight in the compute dtype: the dense tensor, or the 4-bit one dequantized.
torch::Tensor baseWeight(const model::LinearWeights& w, torch::ScalarType dtype) {
    return castTo(w.quantized ? quant::dequantize4bit(w.quantized->tensor) : w.weight, dtype);
}

struct AdaptedLinearFunction : public torch::autograd::Function<AdaptedLinearFunction> {
    // x [.., in]; a [r, in] and b [out, r] (float32 masters, computed in x's dtype).
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& a,
                                 const torch::Tensor& b, const model::LinearWeights& w, double scaling,
                                 bool keepInput) {
        const auto dtype = x.scalar_type();
        const torch::Tensor x2 = flat(x), a16 = castTo(a, dtype), b16 = castTo(b, dtype);
        const torch::Tensor weight = baseWeight(w, dtype);
        torch::Tensor y = w.bias.defined() ? torch::addmm(castTo(w.bias, dtype), x2, weight.t()) : torch::mm(x2, weight.t());
        const torch::Tensor xa = torch::mm(x2, a16.t());  // [N, r]
        y.addmm_(xa, b16.t(), /*beta=*/1, /*alpha=*/scaling);
        // x only for A's gradient: LoRA-FA (A frozen) keeps the r-wide x Aᵀ alone.
        ctx->save_for_backward({keepInput ? x2 : torch::Tensor(), xa, a16, b16});
        if (w.quantized) {
            model::saveQuantized(ctx, w.quantized->tensor);
        } else {
            ctx->saved_data["weight"] = w.weight;
        }
        ctx->saved_data["scaling"] = scaling;
        ctx->saved_data["a_dtype"] = static_cast<int64_t>(a.scalar_type());
        ctx->saved_data["b_dtype"] = static_cast<int64_t>(b.scalar_type());
        auto shape = x.sizes().vec();
        shape.back() = y.size(1);
        return y.view(shape);
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &x2 = saved[0], &xa = saved[1], &a16 = saved[2], &b16 = saved[3];
        const double s = ctx->saved_data["scaling"].toDouble();
        const torch::Tensor g = flat(gradOutputs[0]);
        const bool needX = ctx->needs_input_grad(0), needA = ctx->needs_input_grad(1), needB = ctx->needs_input_grad(2);
        torch::Tensor gradX, gradA, gradB;
        const torch::Tensor gxa = (needX || needA) ? scaledMm(g, b16, s) : torch::Tensor();  // [N, r]
        if (needX) {
            const auto dtype = g.scalar_type();
            const torch::Tensor weight = ctx->saved_data.count("weight")
                                             ? castTo(ctx->saved_data["weight"].toTensor(), dtype)
                                             : castTo(quant::dequantize4bit(model::restoreQuantized(ctx)), dtype);
            gradX = torch::mm(g, weight);
            gradX.addmm_(gxa, a16);  // the adapter's share through the same accumulator
            auto shape = gradOutputs[0].sizes().vec();
            shape.back() = gradX.size(1);
            gradX = gradX.view(shape);
        }
        const auto aType = static_cast<torch::ScalarType>(ctx->saved_data["a_dtype"].toInt());
        const auto bType = static_cast<torch::ScalarType>(ctx->saved_data["b_dtype"].toInt());
        if (needA && x2.defined()) gradA = castTo(torch::mm(gxa.t(), x2), aType);  // [r, in]
        if (needB) gradB = castTo(scaledMm(g.t(), xa, s), bType);                 // [out, r]
        return {gradX, gradA, gradB, torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

torch::Tensor adaptedLinear(const model::LinearWeights& w, const LoraModule& m, const torch::Tensor& x, bool frozenA) {
    const bool keepInput = !frozenA && m.a.requires_grad() && torch::GradMode::is_enabled();
    return AdaptedLinearFunction::apply(x, m.a, m.b, w, m.scaling, keepInput);
}

}  // namespace ls::lora
