// The adapted linear y = x Wᵀ (+ bias) + s · (h Aᵀ) Bᵀ as one autograd node with a hand-written backward,
// h being x itself, or dropout(x) when LoRA dropout is on. Autograd of the composition records about ten
// nodes per projection (two casts, two matmuls, transposes, the addmm, the add of the two input gradients)
// and launches a kernel for each; this node does the same arithmetic in five GEMMs and two casts, has the
// base GEMM accumulate onto the adapter's output (and, when h is x, onto its input gradient), and keeps
// nothing wider than the adapter's input (and, for LoRA-FA, not even that: only h Aᵀ).
#include "lora/adapted_math.h"
#include "lora/lora_impl.h"
#include "model/activation_offload.h"
#include "model/fused_ops.h"

namespace ls::lora {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The shared arithmetic of both nodes. Forward: y = x Wᵀ (+ bias) + s (h Aᵀ) Bᵀ, with h Aᵀ saved; backward:
// the gradients of x, h, A and B from the output gradient (h only needed for A's).
torch::Tensor adaptedForward(AutogradContext* ctx, const torch::Tensor& x2, const torch::Tensor& h2,
                             const torch::Tensor& a, const torch::Tensor& b, const model::LinearWeights& w,
                             double scaling, torch::Tensor* xaOut, torch::Tensor* a16Out, torch::Tensor* b16Out) {
    const auto dtype = x2.scalar_type();
    const torch::Tensor a16 = castTo(a, dtype), b16 = castTo(b, dtype);
    const torch::Tensor xa = torch::mm(h2, a16.t());  // [N, r]
    const torch::Tensor y = baseOntoAdapter(x2, xa, b16, scaling, w);
    keepBaseWeight(ctx, w);
    ctx->saved_data["scaling"] = scaling;
    ctx->saved_data["a_dtype"] = static_cast<int64_t>(a.scalar_type());
    ctx->saved_data["b_dtype"] = static_cast<int64_t>(b.scalar_type());
    *xaOut = xa;
    *a16Out = a16;
    *b16Out = b16;
    return y;
}

struct AdaptedGrads {
    torch::Tensor x, h, a, b;  // [N, in], [N, in], [r, in], [out, r]; undefined where not asked for
    torch::Tensor gxa;         // s · g B [N, r], what A's gradient is made from
};

// What backward is asked for. With h == x (no dropout) x's gradient holds both shares and h's is unused.
struct GradsWanted {
    bool x = false, h = false, a = false, b = false;
    bool hIsX = true;
};

// g [N, out]; input() gives h [N, in] when A's gradient is needed (saved, or recomputed); without
// input() A's gradient is left to the caller (from out.gxa).
AdaptedGrads adaptedBackward(AutogradContext* ctx, const torch::Tensor& g, const torch::Tensor& xa,
                             const torch::Tensor& a16, const torch::Tensor& b16, const GradsWanted& want,
                             const std::function<torch::Tensor()>& input) {
    const double s = ctx->saved_data["scaling"].toDouble();
    AdaptedGrads out;
    const bool branchInput = want.hIsX ? want.x : want.h;
    const torch::Tensor gxa = (branchInput || want.a) ? scaledMm(g, b16, s) : torch::Tensor();  // [N, r]
    if (want.x) {
        const torch::Tensor weight = keptBaseWeight(ctx, g.scalar_type());
        // As in forward: the adapter's share (rank r, only written) first, the base GEMM accumulates onto it.
        if (want.hIsX) {
            out.x = torch::mm(gxa, a16);
            out.x.addmm_(g, weight);
        } else {
            out.x = torch::mm(g, weight);
        }
    }
    if (!want.hIsX && want.h) out.h = torch::mm(gxa, a16);
    const auto aType = static_cast<torch::ScalarType>(ctx->saved_data["a_dtype"].toInt());
    const auto bType = static_cast<torch::ScalarType>(ctx->saved_data["b_dtype"].toInt());
    if (want.a && input) out.a = castTo(torch::mm(gxa.t(), input()), aType);  // [r, in]
    if (want.b) out.b = castTo(scaledMm(g.t(), xa, s), bType);                // [out, r]
    out.gxa = gxa;
    return out;
}

struct AdaptedLinearFunction : public torch::autograd::Function<AdaptedLinearFunction> {
    // x [.., in] for the base; h (the same shape) for the adapter: dropout(x), or x itself (hIsX). x is
    // passed twice rather than h left undefined: LibTorch 2.x's apply() reads every input tensor's device.
    // a [r, in] and b [out, r] (float32 masters, computed in x's dtype).
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& h,
                                 const torch::Tensor& a, const torch::Tensor& b, const model::LinearWeights& w,
                                 double scaling, bool keepInput, bool hIsX) {
        const torch::Tensor x2 = flat(x), h2 = hIsX ? x2 : flat(h);
        torch::Tensor xa, a16, b16;
        const torch::Tensor y = adaptedForward(ctx, x2, h2, a, b, w, scaling, &xa, &a16, &b16);
        // h only for A's gradient: LoRA-FA (A frozen) keeps the r-wide h Aᵀ alone.
        ctx->save_for_backward({keepInput ? h2 : torch::Tensor(), xa, a16, b16});
        ctx->saved_data["h_is_x"] = hIsX;
        return y.view(withLast(x, y.size(1)));
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& h2 = saved[0];
        GradsWanted want;
        want.hIsX = ctx->saved_data["h_is_x"].toBool();
        want.x = ctx->needs_input_grad(0);
        want.h = !want.hIsX && ctx->needs_input_grad(1);
        want.a = ctx->needs_input_grad(2) && h2.defined();
        want.b = ctx->needs_input_grad(3);
        const auto grads =
            adaptedBackward(ctx, flat(gradOutputs[0]), saved[1], saved[2], saved[3], want, [&] { return h2; });
        auto shaped = [&](const torch::Tensor& t) {
            return t.defined() ? t.view(withLast(gradOutputs[0], t.size(1))) : t;
        };
        return {shaped(grads.x), shaped(grads.h), grads.a, grads.b, {}, {}, {}, {}};  // w, scaling, keepInput, hIsX
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
        const torch::Tensor product = model::swigluValues(gate2, up2);
        const torch::Tensor y = adaptedForward(ctx, product, product, a, b, w, scaling, &xa, &a16, &b16);
        model::keepForBackward(ctx, {gate2, up2}, {xa, a16, b16});
        return y.view(withLast(gate, y.size(1)));
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        const auto saved = model::keptForBackward(ctx);
        const torch::Tensor &gate2 = saved[0], &up2 = saved[1];
        const bool needInput = ctx->needs_input_grad(0) || ctx->needs_input_grad(1), needA = ctx->needs_input_grad(2);
        GradsWanted want;
        want.x = needInput;
        want.a = needA;
        want.b = ctx->needs_input_grad(3);
        auto grads = adaptedBackward(ctx, flat(gradOutputs[0]), saved[2], saved[3], saved[4], want, {});
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

torch::Tensor adaptedLinear(const model::LinearWeights& w, const LoraModule& m, const torch::Tensor& x, bool frozenA,
                            double dropout) {
    const bool keepInput = !frozenA && m.a.requires_grad() && torch::GradMode::is_enabled();
    // Dropout's own node carries the mask: h's gradient flows back to x through it.
    const bool hIsX = dropout <= 0.0;
    const torch::Tensor h = hIsX ? x : torch::dropout(x, dropout, /*train=*/true);
    return AdaptedLinearFunction::apply(x, h, m.a, m.b, w, m.scaling, keepInput, hIsX);
}

torch::Tensor adaptedSwigluLinear(const model::LinearWeights& w, const LoraModule& m, const torch::Tensor& gate,
                                  const torch::Tensor& up) {
    return AdaptedSwigluLinearFunction::apply(gate, up, m.a, m.b, w, m.scaling);
}

}  // namespace ls::lora
