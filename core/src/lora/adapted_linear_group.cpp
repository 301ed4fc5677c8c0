// Projections that read the same input (q/k/v, gate/up) as one autograd node: y_i = x W_iᵀ (+ b_i) +
// s_i (x A_iᵀ) B_iᵀ for the adapted ones, x W_iᵀ (+ b_i) for the others. One GEMM takes x through every
// adapter's A at once, and backward builds x's gradient in one buffer: the adapters' share in one GEMM of
// rank Σr, then each base GEMM accumulating onto it. As separate nodes, x would be read once per adapter in
// forward and again in backward (for A's gradient), and autograd would add the projections' input
// gradients pass by pass.
#include "lora/adapted_math.h"
#include "lora/lora_impl.h"

namespace ls::lora {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The node's non-tensor inputs.
struct GroupSpec {
    std::vector<model::LinearWeights> weights;  // each projection's base
    std::vector<int64_t> adapterOf;             // projection -> its adapter's index, or -1 when not adapted
    std::vector<double> scalings;               // by adapter
};

std::string weightPrefix(std::size_t projection) { return "p" + std::to_string(projection) + "_"; }

struct AdaptedLinearGroupFunction : public torch::autograd::Function<AdaptedLinearGroupFunction> {
    // x [.., in]; as[j] [r_j, in] and bs[j] [out_j, r_j]: float32 masters, computed in x's dtype.
    static variable_list forward(AutogradContext* ctx, const torch::Tensor& x, at::TensorList as, at::TensorList bs,
                                 const GroupSpec& spec, bool keepInput) {
        const torch::Tensor x2 = flat(x);
        const auto dtype = x2.scalar_type();
        std::vector<torch::Tensor> a16, b16;
        std::vector<int64_t> ranks;
        for (std::size_t j = 0; j < as.size(); ++j) {
            a16.push_back(castTo(as[j], dtype));
            b16.push_back(castTo(bs[j], dtype));
            ranks.push_back(as[j].size(0));
        }
        const torch::Tensor aAll = torch::cat(a16, 0);     // [R, in]
        const torch::Tensor xa = torch::mm(x2, aAll.t());  // [N, R]: x read once for every adapter
        const auto xaParts = xa.split_with_sizes(ranks, 1);
        variable_list outputs;
        for (std::size_t i = 0; i < spec.weights.size(); ++i) {
            const model::LinearWeights& w = spec.weights[i];
            const int64_t j = spec.adapterOf[i];
            const torch::Tensor y = j >= 0 ? baseOntoAdapter(x2, xaParts[static_cast<std::size_t>(j)],
                                                             b16[static_cast<std::size_t>(j)], spec.scalings[j], w)
                                           : model::applyLinear(w, x2);
            keepBaseWeight(ctx, w, weightPrefix(i));
            outputs.push_back(y.view(withLast(x, y.size(1))));
        }
        // x only for A's gradients: LoRA-FA (A frozen) keeps the r-wide x Aᵀ alone.
        variable_list saved{keepInput ? x2 : torch::Tensor(), xa, aAll};
        saved.insert(saved.end(), b16.begin(), b16.end());
        ctx->save_for_backward(saved);
        ctx->saved_data["x_shape"] = x.sizes().vec();
        ctx->saved_data["adapter_of"] = spec.adapterOf;
        ctx->saved_data["scalings"] = spec.scalings;
        ctx->saved_data["ranks"] = ranks;
        ctx->saved_data["a_dtype"] = static_cast<int64_t>(as.empty() ? dtype : as[0].scalar_type());
        ctx->saved_data["b_dtype"] = static_cast<int64_t>(bs.empty() ? dtype : bs[0].scalar_type());
        return outputs;
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &x2 = saved[0], &xa = saved[1], &aAll = saved[2];
        const auto adapterOf = ctx->saved_data["adapter_of"].toIntVector();
        const auto scalings = ctx->saved_data["scalings"].toDoubleVector();
        const auto ranks = ctx->saved_data["ranks"].toIntVector();
        const auto aType = static_cast<torch::ScalarType>(ctx->saved_data["a_dtype"].toInt());
        const auto bType = static_cast<torch::ScalarType>(ctx->saved_data["b_dtype"].toInt());
        const std::size_t adapters = ranks.size();
        const auto dtype = xa.scalar_type();
        const int64_t rows = xa.size(0);

        const bool needX = ctx->needs_input_grad(0);
        bool needA = false;
        for (std::size_t j = 0; j < adapters; ++j) needA = needA || ctx->needs_input_grad(1 + j);
        needA = needA && x2.defined();

        // s_j g_i B_j [N, r_j] for every adapter, side by side as [N, R] (zeros where no gradient arrived).
        torch::Tensor gxa;
        if (adapters > 0 && (needX || needA)) {
            std::vector<torch::Tensor> parts(adapters);
            for (std::size_t i = 0; i < adapterOf.size(); ++i) {
                if (adapterOf[i] < 0) continue;
                const auto j = static_cast<std::size_t>(adapterOf[i]);
                const torch::Tensor& g = gradOutputs[i];
                parts[j] = g.defined() ? scaledMm(flat(g), saved[3 + j], scalings[j])
                                       : torch::zeros({rows, ranks[j]}, xa.options());
            }
            gxa = torch::cat(parts, 1);
        }

        torch::Tensor gradX;
        if (needX) {
            // The adapters' share (rank Σr, only written) first; each base GEMM accumulates onto it.
            if (gxa.defined()) gradX = torch::mm(gxa, aAll);
            for (std::size_t i = 0; i < adapterOf.size(); ++i) {
                if (!gradOutputs[i].defined()) continue;
                const torch::Tensor g = flat(gradOutputs[i]);
                const torch::Tensor weight = keptBaseWeight(ctx, dtype, weightPrefix(i));
                if (gradX.defined()) {
                    gradX.addmm_(g, weight);
                } else {
                    gradX = torch::mm(g, weight);
                }
            }
        }

        variable_list gradA(adapters), gradB(adapters);
        if (needA) {
            const auto parts = torch::mm(gxa.t(), x2).split_with_sizes(ranks, 0);  // [R, in]: x read once
            for (std::size_t j = 0; j < adapters; ++j)
                if (ctx->needs_input_grad(1 + j)) gradA[j] = castTo(parts[j], aType);
        }
        const auto xaParts = xa.split_with_sizes(ranks, 1);
        for (std::size_t i = 0; i < adapterOf.size(); ++i) {
            if (adapterOf[i] < 0 || !gradOutputs[i].defined()) continue;
            const auto j = static_cast<std::size_t>(adapterOf[i]);
            if (ctx->needs_input_grad(1 + adapters + j))
                gradB[j] = castTo(scaledMm(flat(gradOutputs[i]).t(), xaParts[j], scalings[j]), bType);  // [out, r]
        }

        variable_list grads{gradX.defined() ? gradX.view(ctx->saved_data["x_shape"].toIntVector()) : gradX};
        grads.insert(grads.end(), gradA.begin(), gradA.end());
        grads.insert(grads.end(), gradB.begin(), gradB.end());
        grads.push_back({});  // spec
        grads.push_back({});  // keepInput
        return grads;
    }
};

}  // namespace

std::vector<torch::Tensor> adaptedLinearGroup(const std::vector<const model::LinearWeights*>& weights,
                                              const std::vector<const LoraModule*>& modules, const torch::Tensor& x,
                                              bool frozenA) {
    GroupSpec spec;
    std::vector<torch::Tensor> as, bs;
    bool aTrains = false;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        spec.weights.push_back(*weights[i]);
        const LoraModule* m = modules[i];
        spec.adapterOf.push_back(m ? static_cast<int64_t>(as.size()) : -1);
        if (!m) continue;
        as.push_back(m->a);
        bs.push_back(m->b);
        spec.scalings.push_back(m->scaling);
        aTrains = aTrains || m->a.requires_grad();
    }
    const bool keepInput = !frozenA && aTrains && torch::GradMode::is_enabled();
    return AdaptedLinearGroupFunction::apply(x, at::TensorList(as), at::TensorList(bs), spec, keepInput);
}

}  // namespace ls::lora
