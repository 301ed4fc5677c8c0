// LoRA-FA's adapter branch as one autograd node: A is frozen, so backward needs only the r-wide
// X·Aᵀ (for B's gradient) and the weights, never the full-width input X.
#include "lora/lora_impl.h"

namespace ls::lora {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

torch::Tensor saveAndProject(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& a,
                             const torch::Tensor& b, double scaling) {
    torch::Tensor xa = torch::matmul(x, a.t());  // [.., r]
    ctx->save_for_backward({xa, a, b});
    ctx->saved_data["scaling"] = scaling;
    return xa;
}

// {grad x, grad B} of scaling · (x Aᵀ) Bᵀ; xIndex / bIndex: their positions among the node's inputs.
std::pair<torch::Tensor, torch::Tensor> branchGrads(AutogradContext* ctx, const torch::Tensor& g, size_t xIndex,
                                                    size_t bIndex) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor &xa = saved[0], &a = saved[1], &b = saved[2];
    const double scaling = ctx->saved_data["scaling"].toDouble();
    torch::Tensor gradX, gradB;
    if (ctx->needs_input_grad(xIndex)) gradX = torch::matmul(torch::matmul(g, b * scaling), a);
    if (ctx->needs_input_grad(bIndex)) gradB = torch::mm(flat(g).t(), flat(xa)) * scaling;  // [out, r]
    return {gradX, gradB};
}

// scaling · (x Aᵀ) Bᵀ.
struct LoraFaFunction : public torch::autograd::Function<LoraFaFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& a,
                                 const torch::Tensor& b, double scaling) {
        return torch::matmul(saveAndProject(ctx, x, a, b, scaling), b.t()) * scaling;
    }
    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        auto [gradX, gradB] = branchGrads(ctx, gradOutputs[0], 0, 2);
        return {gradX, torch::Tensor(), gradB, torch::Tensor()};
    }
};

// base + scaling · (x Aᵀ) Bᵀ with the base output as the GEMM's accumulator and the scaling its alpha.
struct LoraFaAddFunction : public torch::autograd::Function<LoraFaAddFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& base, const torch::Tensor& x,
                                 const torch::Tensor& a, const torch::Tensor& b, double scaling) {
        const torch::Tensor xa = saveAndProject(ctx, x, a, b, scaling);
        return torch::addmm(flat(base), flat(xa), b.t(), /*beta=*/1, /*alpha=*/scaling).view(base.sizes());
    }
    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        const torch::Tensor& g = gradOutputs[0];
        auto [gradX, gradB] = branchGrads(ctx, g, 1, 3);
        return {ctx->needs_input_grad(0) ? g : torch::Tensor(), gradX, torch::Tensor(), gradB, torch::Tensor()};
    }
};

}  // namespace

torch::Tensor loraFaDelta(const torch::Tensor& x, const torch::Tensor& a, const torch::Tensor& b, double scaling) {
    return LoraFaFunction::apply(x, a, b, scaling);
}

torch::Tensor loraFaAdd(const torch::Tensor& y, const torch::Tensor& x, const torch::Tensor& a, const torch::Tensor& b,
                        double scaling) {
    return LoraFaAddFunction::apply(y, x, a, b, scaling);
}

}  // namespace ls::lora
