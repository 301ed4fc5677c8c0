#include "train/adamw.h"

#include <cmath>

namespace ls::train {

AdamW::AdamW(std::vector<torch::Tensor> params, AdamWOptions options,
             const std::function<torch::Tensor(const torch::Tensor&)>& makeState)
    : m_params(std::move(params)), m_options(options) {
    for (const auto& p : m_params) {
        m_expAvg.push_back(makeState ? makeState(p) : torch::zeros_like(p));
        m_expAvgSq.push_back(makeState ? makeState(p) : torch::zeros_like(p));
    }
}

void AdamW::step(double lr) {
    torch::NoGradGuard noGrad;
    ++m_step;
    const double b1 = m_options.beta1, b2 = m_options.beta2;
    const double biasCorrection1 = 1.0 - std::pow(b1, static_cast<double>(m_step));
    const double biasCorrection2Sqrt = std::sqrt(1.0 - std::pow(b2, static_cast<double>(m_step)));
    const double stepSize = lr / biasCorrection1;
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        torch::Tensor& p = m_params[i];
        const torch::Tensor& g = p.grad();
        if (!g.defined()) continue;
        // torch.optim.AdamW (foreach=False): decay, moments, then p -= step_size * m / (sqrt(v)/bc2 + eps).
        if (m_options.weightDecay != 0.0) p.mul_(1.0 - lr * m_options.weightDecay);
        m_expAvg[i].lerp_(g, 1.0 - b1);
        m_expAvgSq[i].mul_(b2).addcmul_(g, g, 1.0 - b2);
        torch::Tensor denom = (m_expAvgSq[i].sqrt() / biasCorrection2Sqrt).add_(m_options.eps);
        p.addcdiv_(m_expAvg[i], denom, -stepSize);
    }
}

void AdamW::zeroGrad() {
    for (auto& p : m_params)
        if (p.grad().defined()) p.mutable_grad() = torch::Tensor();
}

torch::Tensor clipGradNorm(const std::vector<torch::Tensor>& params, double maxNorm) {
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> norms;
    for (const auto& p : params)
        if (p.grad().defined()) norms.push_back(p.grad().norm(2).to(torch::kFloat32));
    if (norms.empty()) return torch::zeros({}, torch::kFloat32);
    torch::Tensor total = torch::stack(norms).norm(2);
    if (maxNorm > 0.0) {
        // Multiply always (by 1 when under the limit) so no host sync is needed to decide.
        torch::Tensor coef = (maxNorm / (total + 1e-6)).clamp_max(1.0);
        for (const auto& p : params)
            if (p.grad().defined()) p.grad().mul_(coef.to(p.grad().scalar_type()));
    }
    return total;
}

}  // namespace ls::train
