#include "train/lm_loss.h"

#include <algorithm>

#include "lorastudio/dataset.h"
#include "lorastudio/error.h"
#include "model/fused_ops.h"
#include "quant/nf4_cuda.h"
#include "quant/quant_torch.h"
#include "train/cross_entropy_cuda.h"

namespace ls::train {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Tokens per chunk: one chunk's float32 logits stay near 128 MiB (they become the softmax in place).
int64_t defaultChunk(int64_t vocab) { return std::max<int64_t>(64, (int64_t(32) << 20) / std::max<int64_t>(1, vocab)); }

// Shifted, flattened, counted positions: the rows of hidden that predict a real label.
struct Targets {
    torch::Tensor hidden;  // [N, H]
    torch::Tensor labels;  // [N] int64
};

Targets selectTargets(const torch::Tensor& hidden, const torch::Tensor& labels) {
    const int64_t h = hidden.size(-1);
    auto hs = hidden.slice(1, 0, hidden.size(1) - 1).reshape({-1, h});
    auto ls = labels.slice(1, 1).reshape({-1});
    auto keep = (ls != kIgnoreLabel).nonzero().squeeze(1);
    return {hs.index_select(0, keep), ls.index_select(0, keep)};
}

// hidden [N, H] and labels [N]; rows whose label is kIgnoreLabel count nothing. The loss is the sum over
// rows times `invCount` (a 0-dim float32 tensor: 1 / counted rows), so it needs no host value.
struct ChunkedCrossEntropy : public torch::autograd::Function<ChunkedCrossEntropy> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& hidden, const torch::Tensor& weight,
                                 const torch::Tensor& labels, const torch::Tensor& invCount, int64_t chunk,
                                 bool needGrad) {
        const int64_t n = hidden.size(0);
        torch::Tensor lossSum = torch::zeros({}, hidden.options().dtype(torch::kFloat32));
        // The unscaled gradient (softmax − onehot) per row; backward multiplies by invCount · grad_out.
        torch::Tensor grad = needGrad ? torch::empty_like(hidden) : torch::Tensor();
        for (int64_t s = 0; s < n; s += chunk) {
            const int64_t e = std::min(n, s + chunk);
            auto h = hidden.slice(0, s, e);
            auto y = labels.slice(0, s, e);
            auto logits = torch::matmul(h, weight.t());  // [c, V] in the compute dtype
            if (model::fusedKernelsServe(logits)) {
                // One kernel: the rows' losses, and the logits overwritten by their gradient.
                auto rowLoss = torch::empty({e - s}, hidden.options().dtype(torch::kFloat32));
                const torch::Tensor y64 = y.to(torch::kInt64).contiguous();
                const char* err = ls_cuda_cross_entropy_rows(
                    logits.data_ptr(), y64.data_ptr<int64_t>(), quant::cudaElemType(logits.scalar_type()), e - s,
                    logits.size(1), needGrad ? 1.0f : 0.0f, rowLoss.data_ptr<float>(),
                    quant::cudaKernelStream(logits.device(), "cross entropy"));
                if (err) ls::fail(std::string("cross entropy: ") + err);
                lossSum += rowLoss.sum();
                if (needGrad) {
                    auto out = grad.slice(0, s, e);
                    torch::mm_out(out, logits, weight);
                }
                continue;
            }
            logits = logits.to(torch::kFloat32);
            const auto counted = (y != kIgnoreLabel).unsqueeze(1);
            const auto target = y.clamp_min(0).unsqueeze(1);
            auto lse = torch::logsumexp(logits, -1);
            auto picked = logits.gather(1, target).squeeze(1);
            lossSum += ((lse - picked) * counted.squeeze(1)).sum();
            if (needGrad) {
                // d loss / d logits = softmax − onehot per counted row, then back through the head.
                auto g = logits.sub_(lse.unsqueeze(1)).exp_();
                g.scatter_add_(1, target, torch::full({e - s, 1}, -1.0f, g.options()));
                g.mul_(counted);
                grad.slice(0, s, e).copy_(torch::matmul(g.to(weight.scalar_type()), weight));
            }
        }
        if (needGrad) ctx->save_for_backward({grad, invCount});
        return lossSum * invCount;
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &grad = saved[0], &invCount = saved[1];
        return {grad * (gradOutputs[0] * invCount).to(grad.scalar_type()), torch::Tensor(), torch::Tensor(),
                torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

int64_t chunkFor(int64_t chunkTokens, const torch::Tensor& headWeight) {
    return chunkTokens > 0 ? chunkTokens : defaultChunk(headWeight.size(0));
}

}  // namespace

torch::Tensor causalLmLoss(const torch::Tensor& hidden, const torch::Tensor& headWeight, const torch::Tensor& labels,
                           int64_t chunkTokens) {
    Targets t = selectTargets(hidden, labels);
    const int64_t n = t.labels.size(0);
    if (n == 0) return (hidden.sum() * 0.0).to(torch::kFloat32);
    const torch::Tensor invCount = torch::full({}, 1.0 / static_cast<double>(n), hidden.options().dtype(torch::kFloat32));
    // Decided here: forward runs with grad mode off, and without grad no autograd node exists to ask.
    const bool needGrad = torch::GradMode::is_enabled() && t.hidden.requires_grad();
    return ChunkedCrossEntropy::apply(t.hidden, headWeight, t.labels, invCount, chunkFor(chunkTokens, headWeight),
                                      needGrad);
}

torch::Tensor causalLmLossAllRows(const torch::Tensor& hidden, const torch::Tensor& headWeight,
                                  const torch::Tensor& labels, int64_t chunkTokens) {
    const int64_t h = hidden.size(-1);
    const torch::Tensor hs = hidden.slice(1, 0, hidden.size(1) - 1).reshape({-1, h});
    const torch::Tensor ls = labels.slice(1, 1).reshape({-1}).contiguous();
    // 1 / max(1, counted) on the device: a batch without targets gives 0, like causalLmLoss.
    const torch::Tensor invCount = (ls != kIgnoreLabel).sum().to(torch::kFloat32).clamp_min(1.0).reciprocal();
    const bool needGrad = torch::GradMode::is_enabled() && hs.requires_grad();
    return ChunkedCrossEntropy::apply(hs, headWeight, ls, invCount, chunkFor(chunkTokens, headWeight), needGrad);
}

torch::Tensor causalLmLossFromLogits(const torch::Tensor& logits, const torch::Tensor& labels) {
    const int64_t v = logits.size(-1);
    auto pred = logits.slice(1, 0, logits.size(1) - 1).reshape({-1, v}).to(torch::kFloat32);
    auto target = labels.slice(1, 1).reshape({-1});
    if ((target != kIgnoreLabel).sum().item<int64_t>() == 0) return (logits.sum() * 0.0).to(torch::kFloat32);
    return torch::nn::functional::cross_entropy(
        pred, target, torch::nn::functional::CrossEntropyFuncOptions().ignore_index(kIgnoreLabel));
}

}  // namespace ls::train
