#include "model/linear.h"

#include "model/quantized_linear.h"

namespace ls::model {

const char* projectionName(Projection p) {
    switch (p) {
        case Projection::Q: return "q_proj";
        case Projection::K: return "k_proj";
        case Projection::V: return "v_proj";
        case Projection::O: return "o_proj";
        case Projection::Gate: return "gate_proj";
        case Projection::Up: return "up_proj";
        case Projection::Down: return "down_proj";
        case Projection::LmHead: return "lm_head";
    }
    return "?";
}

torch::Tensor applyLinear(const LinearWeights& w, const torch::Tensor& x) {
    if (w.quantized) return quantizedLinear(w.quantized->tensor, x, w.bias);
    return w.bias.defined() ? torch::linear(x, w.weight, w.bias) : torch::linear(x, w.weight);
}

}  // namespace ls::model
