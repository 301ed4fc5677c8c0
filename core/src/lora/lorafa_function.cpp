// LoRA-FA's adapter branch as one autograd node: A is frozen, so backward needs only the r-wide
// X·Aᵀ (for B's gradient) and the weights, never the full-width input X.
#include "lora/lora_impl.h"

namespace ls::lora {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

struct LoraFaFunction : public torch::autograd::Function<LoraFaFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& a,
                                 const torch::Tensor& b, double scaling) {
        torch::Tensor xa = torch::matmul(x, a.t());  // [.., r]
        ctx->save_for_backward({xa, a, b});
        ctx->saved_data["scaling"] = scaling;
        return torch::matmul(xa, b.t()) * scaling;
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& xa = saved[0];
        const torch::Tensor& a = saved[1];
        const torch::Tensor& b = saved[2];
        const double scaling = ctx->saved_data["scaling"].toDouble();
        const torch::Tensor& g = gradOutputs[0];
        torch::Tensor gradX, gradB;
        if (ctx->needs_input_grad(0)) gradX = torch::matmul(torch::matmul(g, b), a) * scaling;
        if (ctx->needs_input_grad(2)) {
            auto g2 = g.reshape({-1, g.size(-1)});
            auto xa2 = xa.reshape({-1, xa.size(-1)});
            gradB = torch::mm(g2.t(), xa2) * scaling;  // [out, r]
        }
        return {gradX, torch::Tensor(), gradB, torch::Tensor()};
    }
};

}  // namespace

torch::Tensor loraFaDelta(const torch::Tensor& x, const torch::Tensor& a, const torch::Tensor& b, double scaling) {
    return LoraFaFunction::apply(x, a, b, scaling);
}

}  // namespace ls::lora
