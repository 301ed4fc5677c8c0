// The plain torch compositions the fused decoder ops (model/fused_ops.h) replace, differentiated by
// autograd: transformers' LlamaRMSNorm and silu(gate) * up.
#pragma once

#include <torch/torch.h>

namespace ls::test {

inline torch::Tensor plainRmsNorm(const torch::Tensor& x, const torch::Tensor& w, double eps) {
    auto h = x.to(torch::kFloat32);
    h = h * torch::rsqrt(h.pow(2).mean(-1, true) + eps);
    return w * h.to(x.scalar_type());
}

inline torch::Tensor plainSwiglu(const torch::Tensor& gate, const torch::Tensor& up) { return torch::silu(gate) * up; }

inline double relDiff(const torch::Tensor& a, const torch::Tensor& b) {
    auto af = a.to(torch::kFloat64), bf = b.to(torch::kFloat64);
    return ((af - bf).abs().max() / bf.abs().max().clamp_min(1e-30)).item<double>();
}

// Forward and input gradients of f(leaves...) for the weighting g, as {out, grads...}.
template <typename F>
std::vector<torch::Tensor> valueAndGrads(F f, std::vector<torch::Tensor> inputs, const torch::Tensor& g) {
    for (auto& t : inputs) t = t.detach().clone().requires_grad_(true);
    torch::Tensor out = f(inputs);
    (out.to(torch::kFloat32) * g).sum().backward();
    std::vector<torch::Tensor> r{out.detach()};
    for (auto& t : inputs) r.push_back(t.grad());
    return r;
}

}  // namespace ls::test
