// A linear layer as plain tensors, and the one function every projection goes through.
// Adapters (LoRA) and quantized weights plug in by replacing the hook on LlamaModel, which receives
// the site (layer and projection) together with the base weights.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include <torch/torch.h>

namespace ls::model {

struct QuantizedWeight;  // model/quantized_linear.h

struct LinearWeights {
    torch::Tensor weight;  // [out, in]; undefined when the layer is stored 4-bit
    torch::Tensor bias;    // [out]; undefined when the layer has none
    // The 4-bit weight (NF4/FP4) when the layer is quantized: dequantized on the fly by applyLinear.
    std::shared_ptr<const QuantizedWeight> quantized;
};

enum class Projection { Q, K, V, O, Gate, Up, Down, LmHead };
const char* projectionName(Projection p);  // "q_proj", ..., "lm_head"

// Where a linear sits in the decoder; layer is -1 for lm_head.
struct LinearSite {
    int64_t layer = -1;
    Projection projection = Projection::LmHead;
};

// y = x W^T + b, as torch.nn.functional.linear computes it.
torch::Tensor applyLinear(const LinearWeights& w, const torch::Tensor& x);

// Replaces applyLinear for every projection when set (e.g. base + LoRA, or a 4-bit matmul).
using LinearHook = std::function<torch::Tensor(const LinearSite&, const LinearWeights&, const torch::Tensor&)>;

// Several projections reading the same input (q/k/v, or gate/up), so a hook can serve them as one node: one
// pass over x for all their adapters, one input gradient instead of a sum of several. One output each.
using LinearGroupHook = std::function<std::vector<torch::Tensor>(
    int64_t layer, const std::vector<Projection>&, const std::vector<const LinearWeights*>&, const torch::Tensor& x)>;

// The down projection of silu(gate) · up, given the two factors, so a hook can fuse the product into its
// own node (and keep the factors, which SwiGLU's backward needs anyway, instead of the product).
using SwigluLinearHook = std::function<torch::Tensor(const LinearSite&, const LinearWeights&, const torch::Tensor& gate,
                                                     const torch::Tensor& up)>;

}  // namespace ls::model
