#include "model/generation.h"

#include <algorithm>
#include <numeric>

#include "lorastudio/error.h"

namespace ls::model {

int64_t selectToken(const torch::Tensor& logits, const GenerateOptions& options, std::mt19937_64& rng) {
    if (options.greedy) return logits.argmax().item<int64_t>();
    // Probabilities in double on the CPU, so sampling with a seed gives the same ids on every device.
    auto probs = torch::softmax(logits.to(torch::kFloat64) / static_cast<double>(options.temperature), -1).contiguous();
    const double* p = probs.data_ptr<double>();
    const int64_t n = probs.numel();
    std::vector<int64_t> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [p](int64_t a, int64_t b) { return p[a] > p[b]; });
    double kept = 0;
    std::size_t count = 0;
    while (count < order.size()) {
        kept += p[order[count++]];
        if (kept >= options.topP) break;
    }
    double u = std::uniform_real_distribution<double>(0.0, kept)(rng);
    for (std::size_t i = 0; i < count; ++i) {
        u -= p[order[i]];
        if (u < 0) return order[i];
    }
    return order[count - 1];
}

std::vector<int64_t> generateTokens(const LlamaModel& model, const std::vector<int64_t>& prompt,
                                    const GenerateOptions& options) {
    LS_CHECK(!prompt.empty(), "generate: the prompt is empty");
    LS_CHECK(options.maxNewTokens >= 0, "generate: maxNewTokens must not be negative");
    if (!options.greedy) {
        LS_CHECK(options.temperature > 0, "generate: temperature must be positive");
        LS_CHECK(options.topP > 0 && options.topP <= 1, "generate: topP must be in (0, 1]");
    }
    torch::NoGradGuard noGrad;
    std::mt19937_64 rng(options.seed);
    KVCache cache = model.makeCache();
    std::vector<int64_t> out;
    auto input = torch::tensor(prompt, torch::kInt64).unsqueeze(0);
    for (int step = 0; step < options.maxNewTokens; ++step) {
        auto hidden = model.forward(input, torch::Tensor(), torch::Tensor(), &cache);
        auto logits = model.lmHead(hidden.select(1, hidden.size(1) - 1)).squeeze(0).to(torch::kCPU, torch::kFloat32);
        const int64_t next = selectToken(logits, options, rng);
        out.push_back(next);
        if (options.onToken && !options.onToken(next)) break;
        if (std::find(options.stopIds.begin(), options.stopIds.end(), next) != options.stopIds.end()) break;
        input = torch::tensor(std::vector<int64_t>{next}, torch::kInt64).unsqueeze(0);
    }
    return out;
}

}  // namespace ls::model
