#include "model/fused_ops.h"

#include "lorastudio/error.h"
#include "model/activation_offload.h"
#include "model/fused_cuda.h"
#include "model/rope.h"
#include "quant/nf4_cuda.h"
#include "quant/quant_torch.h"

namespace ls::model {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

void* kernelStream(const torch::Device& device) { return quant::cudaKernelStream(device, "fused kernel"); }

void check(const char* err) {
    if (err) fail(std::string("fused kernel: ") + err);
}

// ---- torch-op formulas: the CPU path, and the reference the CUDA kernels are tested against.

torch::Tensor rmsNormReference(const torch::Tensor& x, const torch::Tensor& weight, double eps,
                               torch::Tensor* rstdOut) {
    auto h = x.to(torch::kFloat32);
    auto rstd = torch::rsqrt(h.pow(2).mean(-1, /*keepdim=*/true) + eps);
    if (rstdOut) *rstdOut = rstd;
    return weight * (h * rstd).to(x.scalar_type());
}

torch::Tensor rmsNormGradReference(const torch::Tensor& g, const torch::Tensor& x, const torch::Tensor& weight,
                                   const torch::Tensor& rstd) {
    auto gw = g.to(torch::kFloat32) * weight.to(torch::kFloat32);
    auto xf = x.to(torch::kFloat32);
    auto dot = (gw * xf).sum(-1, /*keepdim=*/true);
    return (rstd * gw - rstd.pow(3) * xf * dot / static_cast<double>(x.size(-1))).to(x.scalar_type());
}

torch::Tensor swigluReference(const torch::Tensor& gate, const torch::Tensor& up) { return torch::silu(gate) * up; }

struct RmsNormFunction : public torch::autograd::Function<RmsNormFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                                 double eps, bool keepOutput) {
        const torch::Tensor xc = x.contiguous();
        torch::Tensor out, rstd;
        if (fusedKernelsServe(xc) && weight.scalar_type() == xc.scalar_type() && weight.is_contiguous()) {
            const int64_t cols = xc.size(-1), rows = xc.numel() / cols;
            out = torch::empty_like(xc);
            rstd = torch::empty({rows, 1}, xc.options().dtype(torch::kFloat32));
            check(ls_cuda_rmsnorm_forward(xc.data_ptr(), weight.data_ptr(), quant::cudaElemType(xc.scalar_type()), rows,
                                          cols, static_cast<float>(eps), out.data_ptr(), rstd.data_ptr<float>(),
                                          kernelStream(xc.device())));
            rstd = rstd.view([&] {
                auto s = xc.sizes().vec();
                s.back() = 1;
                return s;
            }());
        } else {
            out = rmsNormReference(xc, weight, eps, &rstd);
        }
        // The output instead of the input: the adapters reading it keep it anyway, and the input (the
        // residual stream) can then go. The input comes back as out / (weight · rstd) in backward.
        ctx->save_for_backward({keepOutput ? out : xc, weight, rstd});
        ctx->saved_data["kept_output"] = keepOutput;
        return out;
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &kept = saved[0], &weight = saved[1], &rstd = saved[2];
        const bool keptOutput = ctx->saved_data["kept_output"].toBool();
        // The input, recovered from the kept output where the kernel does not do it itself.
        auto input = [&] {
            return keptOutput ? (kept.to(torch::kFloat32) / (weight.to(torch::kFloat32) * rstd)).to(kept.scalar_type())
                              : kept;
        };
        const torch::Tensor g = gradOutputs[0].contiguous();
        torch::Tensor gradX, gradW;
        if (ctx->needs_input_grad(0)) {
            if (fusedKernelsServe(kept) && g.scalar_type() == kept.scalar_type() &&
                weight.scalar_type() == kept.scalar_type()) {
                const int64_t cols = kept.size(-1), rows = kept.numel() / cols;
                gradX = torch::empty_like(kept);
                check(ls_cuda_rmsnorm_backward(g.data_ptr(), kept.data_ptr(), weight.data_ptr(), rstd.data_ptr<float>(),
                                               quant::cudaElemType(kept.scalar_type()), rows, cols, keptOutput ? 1 : 0,
                                               gradX.data_ptr(), kernelStream(kept.device())));
            } else {
                gradX = rmsNormGradReference(g, input(), weight, rstd);
            }
        }
        if (ctx->needs_input_grad(1)) {
            // Full-parameter training: d/dw of w * n, summed over every row.
            const torch::Tensor x = input();
            auto n = (x.to(torch::kFloat32) * rstd).to(x.scalar_type()).to(torch::kFloat32);
            gradW = (g.to(torch::kFloat32) * n).reshape({-1, x.size(-1)}).sum(0).to(weight.scalar_type());
        }
        return {gradX, gradW, torch::Tensor(), torch::Tensor()};
    }
};

struct SwigluFunction : public torch::autograd::Function<SwigluFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& gate, const torch::Tensor& up) {
        const torch::Tensor a = gate.contiguous(), u = up.contiguous();
        keepForBackward(ctx, {a, u}, {});
        return swigluValues(a, u);
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        const auto saved = keptForBackward(ctx);
        auto [gradGate, gradUp] = swigluGrads(gradOutputs[0], saved[0], saved[1]);
        return {ctx->needs_input_grad(0) ? gradGate : torch::Tensor(),
                ctx->needs_input_grad(1) ? gradUp : torch::Tensor()};
    }
};

struct RotaryFunction : public torch::autograd::Function<RotaryFunction> {
    static torch::Tensor run(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin, bool inverse) {
        torch::Tensor out = torch::empty_like(x);
        check(ls_cuda_rotary(x.data_ptr(), cos.data_ptr(), sin.data_ptr(), quant::cudaElemType(x.scalar_type()),
                             x.size(0) * x.size(1), x.size(2), x.size(3), inverse ? 1 : 0, out.data_ptr(),
                             kernelStream(x.device())));
        return out;
    }
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& cos,
                                 const torch::Tensor& sin) {
        ctx->save_for_backward({cos, sin});
        return run(x, cos, sin, false);
    }
    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        const auto saved = ctx->get_saved_variables();
        return {run(gradOutputs[0].contiguous(), saved[0], saved[1], true), torch::Tensor(), torch::Tensor()};
    }
};

bool anyRequiresGrad(std::initializer_list<const torch::Tensor*> ts) {
    if (!torch::GradMode::is_enabled()) return false;
    for (const torch::Tensor* t : ts)
        if (t->requires_grad()) return true;
    return false;
}

}  // namespace

bool fusedKernelsServe(const torch::Tensor& t) {
    static const bool available = quant::cudaKernelsAvailable();
    const auto type = t.scalar_type();
    return available && t.is_cuda() && t.is_contiguous() && t.numel() > 0 &&
           (type == torch::kFloat || type == torch::kBFloat16 || type == torch::kHalf);
}

torch::Tensor swigluValues(const torch::Tensor& gate, const torch::Tensor& up) {
    const torch::Tensor a = gate.contiguous(), u = up.contiguous();
    if (fusedKernelsServe(a) && u.scalar_type() == a.scalar_type() && u.sizes() == a.sizes()) {
        torch::Tensor out = torch::empty_like(a);
        check(ls_cuda_swiglu_forward(a.data_ptr(), u.data_ptr(), quant::cudaElemType(a.scalar_type()), a.numel(),
                                     out.data_ptr(), kernelStream(a.device())));
        return out;
    }
    return swigluReference(a, u);
}

std::pair<torch::Tensor, torch::Tensor> swigluGrads(const torch::Tensor& gradOut, const torch::Tensor& gate,
                                                    const torch::Tensor& up, torch::Tensor* product) {
    const torch::Tensor a = gate.contiguous(), u = up.contiguous(), g = gradOut.contiguous();
    if (fusedKernelsServe(a) && g.scalar_type() == a.scalar_type() && u.scalar_type() == a.scalar_type()) {
        torch::Tensor gradGate = torch::empty_like(a), gradUp = torch::empty_like(u);
        if (product) *product = torch::empty_like(a);
        check(ls_cuda_swiglu_backward(g.data_ptr(), a.data_ptr(), u.data_ptr(), quant::cudaElemType(a.scalar_type()),
                                      a.numel(), gradGate.data_ptr(), gradUp.data_ptr(),
                                      product ? product->data_ptr() : nullptr, kernelStream(a.device())));
        return {gradGate, gradUp};
    }
    if (product) *product = swigluReference(a, u);
    auto af = a.to(torch::kFloat32), gf = g.to(torch::kFloat32);
    auto s = torch::sigmoid(af);
    return {(gf * u.to(torch::kFloat32) * s * (1.0 + af * (1.0 - s))).to(a.scalar_type()),
            (gf * torch::silu(a).to(torch::kFloat32)).to(u.scalar_type())};
}

torch::Tensor fusedRmsNorm(const torch::Tensor& x, const torch::Tensor& weight, double eps, bool keepOutput) {
    // Inference keeps the plain composition: nothing to save, and its values are the reference.
    if (!anyRequiresGrad({&x, &weight})) return rmsNormReference(x, weight, eps, nullptr);
    return RmsNormFunction::apply(x, weight, eps, keepOutput && !weight.requires_grad());
}

torch::Tensor fusedSwiglu(const torch::Tensor& gate, const torch::Tensor& up) {
    if (!anyRequiresGrad({&gate, &up})) return swigluReference(gate, up);
    return SwigluFunction::apply(gate, up);
}

torch::Tensor fusedRotary(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin) {
    const bool kernel = anyRequiresGrad({&x}) && fusedKernelsServe(x) && cos.scalar_type() == x.scalar_type() &&
                        cos.is_contiguous() && sin.is_contiguous() && cos.size(0) == x.size(0) &&
                        cos.size(-2) == x.size(1) && cos.size(-1) == x.size(3);
    if (!kernel) return applyRotary(x.transpose(1, 2), RotaryTables{cos, sin});
    return RotaryFunction::apply(x, cos, sin).transpose(1, 2);
}

}  // namespace ls::model
