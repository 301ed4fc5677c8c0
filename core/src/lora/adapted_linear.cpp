// The adapted linear y = x Wᵀ (+ bias) + s · (x Aᵀ) Bᵀ as one autograd node with a hand-written backward.
// Autograd of the composition records about ten nodes per projection (two casts, two matmuls, transposes,
// the addmm, the add of the two input gradients) and launches a kernel for each; this node does the same
// arithmetic in five GEMMs and two casts, adds the adapter's input gradient through the base GEMM's
// accumulator, and keeps nothing wider than the input (and, for LoRA-FA, not even that: only x Aᵀ).
#include "lora/lora_impl.h"
#include "model/fused_ops.h"
#include "model/quantized_linear.h"

namespace ls::lora {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// s · m1 m2 in one GEMM: with beta 0 addmm never reads its (broadcast, zero-size-in-memory) input.
torch::Tensor scaledMm(const torch::Tensor& m1, const torch::Tensor& m2, double s) {
    if (s == 1.0) return torch::mm(m1, m2);
    return torch::addmm(torch::zeros({}, m1.options()), m1, m2, /*beta=*/0, /*alpha=*/s);
}

// The frozen base weight in the compute dtype: the dense tensor, or the 4-bit one dequantized.
torch::Tensor baseWeight(const model::LinearWeights& w, torch::ScalarType dtype) {
    return castTo(w.quantized ? quant::dequantize4bit(w.quantized->tensor) : w.weight, dtype);
}

// The shared arithmetic of both nodes. Forward: y = x Wᵀ (+ bias) + s (x Aᵀ) Bᵀ, with x Aᵀ saved; backward:
// the gradients of x, A and B from the output gradient (x only needed for A's).
torch::Tensor adaptedForward(AutogradContext* ctx, const torch::Tensor& x2, const torch::Tensor& a,
                             const torch::Tensor& b, const model::LinearWeights& w, double scaling,
                             torch::Tensor* xaOut, torch::Tensor* a16Out, torch::Tensor* b16Out) {
    const auto dtype = x2.scalar_type();
    const torch::Tensor a16 = castTo(a, dtype), b16 = castTo(b, dtype);
    const torch::Tensor weight = baseWeight(w, dtype);
    torch::Tensor y = w.bias.defined() ? torch::addmm(castTo(w.bias, dtype), x2, weight.t()) : torch::mm(x2, weight.t());
    const torch::Tensor xa = torch::mm(x2, a16.t());  // [N, r]
    y.addmm_(xa, b16.t(), /*beta=*/1, /*alpha=*/scaling);
    if (w.quantized) {
        model::saveQuantized(ctx, w.quantized->tensor);
    } else {
        ctx->saved_data["weight"] = w.weight;
    }
    ctx->saved_data["scaling"] = scaling;
    ctx->saved_data["a_dtype"] = static_cast<int64_t>(a.scalar_type());
    ctx->saved_data["b_dtype"] = static_cast<int64_t>(b.scalar_type());
    *xaOut = xa;
    *a16Out = a16;
    *b16Out = b16;
    return y;
}

struct AdaptedGrads {
    torch::Tensor x, a, b;  // [N, in], [r, in], [out, r]; undefined where not asked for
    torch::Tensor gxa;      // s · g B [N, r], what A's gradient is made from
};

// g [N, out]; input() gives x [N, in] when A's gradient is needed (saved, or recomputed); without
// input() A's gradient is left to the caller (from out.gxa).
AdaptedGrads adaptedBackward(AutogradContext* ctx, const torch::Tensor& g, const torch::Tensor& xa,
                             const torch::Tensor& a16, const torch::Tensor& b16, bool needX, bool needA, bool needB,
                             const std::function<torch::Tensor()>& input) {
    const double s = ctx->saved_data["scaling"].toDouble();
    AdaptedGrads out;
    const torch::Tensor gxa = (needX || needA) ? scaledMm(g, b16, s) : torch::Tensor();  // [N, r]
    if (needX) {
        const auto dtype = g.scalar_type();
        const torch::Tensor weight = ctx->saved_data.count("weight")
                                         ? castTo(ctx->saved_data["weight"].toTensor(), dtype)
                                         : castTo(quant::dequantize4bit(model::restoreQuantized(ctx)), dtype);
        out.x = torch::mm(g, weight);
        out.x.addmm_(gxa, a16);  // the adapter's share through the same accumulator
    }
    const auto aType = static_cast<torch::ScalarType>(ctx->saved_data["a_dtype"].toInt());
    const auto bType = static_cast<torch::ScalarType>(ctx->saved_data["b_dtype"].toInt());
    if (needA && input) out.a = castTo(torch::mm(gxa.t(), input()), aType);  // [r, in]
    if (needB) out.b = castTo(scaledMm(g.t(), xa, s), bType);                 // [out, r]
    out.gxa = gxa;
    return out;
}

std::vector<int64_t> withLast(const torch::Tensor& t, int64_t last) {
    auto shape = t.sizes().vec();
    shape.back() = last;
    return shape;
}

struct AdaptedLinearFunction : public torch::autograd::Function<AdaptedLinearFunction> {
    // x [.., in]; a [r, in] and b [out, r] (float32 masters, computed in x's dtype).
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& a,
                                 const torch::Tensor& b, const model::LinearWeights& w, double scaling,
                                 bool keepInput) {
        const torch::Tensor x2 = flat(x);
        torch::Tensor xa, a16, b16;
        const torch::Tensor y = adaptedForward(ctx, x2, a, b, w, scaling, &xa, &a16, &b16);
        // x only for A's gradient: LoRA-FA (A frozen) keeps the r-wide x Aᵀ alone.
        ctx->save_for_backward({keepInput ? x2 : torch::Tensor(), xa, a16, b16});
        return y.view(withLast(x, y.size(1)));
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& x2 = saved[0];
        const auto grads = adaptedBackward(ctx, flat(gradOutputs[0]), saved[1], saved[2], saved[3],
                                           ctx->needs_input_grad(0), ctx->needs_input_grad(1) && x2.defined(),
                                           ctx->needs_input_grad(2), [&] { return x2; });
        const torch::Tensor gradX = grads.x.defined() ? grads.x.view(withLast(gradOutputs[0], grads.x.size(1))) : grads.x;
        return {gradX, grads.a, grads.b, torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

// down(silu(gate) · up) with down adapted: keeps gate and up (SwiGLU's backward needs them anyway) and
// recomputes the product for A's gradient instead of keeping it, [tokens, intermediate] less per layer.
struct AdaptedSwigluLinearFunction : public torch::autograd::Function<AdaptedSwigluLinearFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& gate, const torch::Tensor& up,
                                 const torch::Tensor& a, const torch::Tensor& b, const model::LinearWeights& w,
                                 double scaling) {
        const torch::Tensor gate2 = flat(gate).contiguous(), up2 = flat(up).contiguous();
        torch::Tensor xa, a16, b16;
        const torch::Tensor y = adaptedForward(ctx, model::swigluValues(gate2, up2), a, b, w, scaling, &xa, &a16, &b16);
        ctx->save_for_backward({gate2, up2, xa, a16, b16});
        return y.view(withLast(gate, y.size(1)));
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &gate2 = saved[0], &up2 = saved[1];
        const bool needInput = ctx->needs_input_grad(0) || ctx->needs_input_grad(1), needA = ctx->needs_input_grad(2);
        auto grads = adaptedBackward(ctx, flat(gradOutputs[0]), saved[2], saved[3], saved[4], needInput, needA,
                                     ctx->needs_input_grad(3), {});
        torch::Tensor gradGate, gradUp, product;
        if (needInput) {
            // SwiGLU's backward recomputes the product in the same pass, for A's gradient below.
            std::tie(gradGate, gradUp) = model::swigluGrads(grads.x, gate2, up2, needA ? &product : nullptr);
            const auto shape = withLast(gradOutputs[0], gate2.size(1));
            gradGate = gradGate.view(shape);
            gradUp = gradUp.view(shape);
        } else if (needA) {
            product = model::swigluValues(gate2, up2);
        }
        if (needA) {
            const auto aType = static_cast<torch::ScalarType>(ctx->saved_data["a_dtype"].toInt());
            grads.a = castTo(torch::mm(grads.gxa.t(), product), aType);
        }
        return {gradGate, gradUp, grads.a, grads.b, torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

torch::Tensor adaptedLinear(const model::LinearWeights& w, const LoraModule& m, const torch::Tensor& x, bool frozenA) {
    const bool keepInput = !frozenA && m.a.requires_grad() && torch::GradMode::is_enabled();
    return AdaptedLinearFunction::apply(x, m.a, m.b, w, m.scaling, keepInput);
}

torch::Tensor adaptedSwigluLinear(const model::LinearWeights& w, const LoraModule& m, const torch::Tensor& gate,
                                  const torch::Tensor& up) {
    return AdaptedSwigluLinearFunction::apply(gate, up, m.a, m.b, w, m.scaling);
}

}  // namespace ls::lora
