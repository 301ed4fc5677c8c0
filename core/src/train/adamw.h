// AdamW over a list of float32 parameters, with the state as plain tensors so a checkpoint can store
// it as safetensors (never pickle). Same update as torch.optim.AdamW (decoupled weight decay,
// bias-corrected moments).
#pragma once

#include <torch/torch.h>

#include <vector>

namespace ls::train {

struct AdamWOptions {
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0.0;
};

class AdamW {
public:
    // `stateOptions` decides where exp_avg / exp_avg_sq live (e.g. managed memory for the paged variant).
    AdamW(std::vector<torch::Tensor> params, AdamWOptions options,
          const std::function<torch::Tensor(const torch::Tensor&)>& makeState = {});

    void step(double lr);  // parameters without a gradient are skipped
    void zeroGrad();

    const AdamWOptions& options() const { return m_options; }
    int64_t stepCount() const { return m_step; }
    void setStepCount(int64_t step) { m_step = step; }
    std::vector<torch::Tensor>& expAvg() { return m_expAvg; }
    std::vector<torch::Tensor>& expAvgSq() { return m_expAvgSq; }
    const std::vector<torch::Tensor>& params() const { return m_params; }

private:
    std::vector<torch::Tensor> m_params, m_expAvg, m_expAvgSq;
    AdamWOptions m_options;
    int64_t m_step = 0;
};

// The global L2 norm of the gradients; when maxNorm > 0 and the norm exceeds it, the gradients are
// scaled by maxNorm / (norm + 1e-6) as torch.nn.utils.clip_grad_norm_ does. Returns the norm before
// clipping, as a 0-dim tensor on the gradients' device (no host synchronisation).
torch::Tensor clipGradNorm(const std::vector<torch::Tensor>& params, double maxNorm);

}  // namespace ls::train
