// A frozen 4-bit linear layer: y = x · dequant(Wq)^T (+ bias). The weight stays packed; it is
// dequantized on the fly in forward and again in backward (for the gradient with respect to x), and
// no dequantized copy outlives either use. The base weight gets no gradient (QLoRA freezes it).
#pragma once

#include <torch/torch.h>

#include <string>

#include "quant/quant_torch.h"

namespace ls::model {

// What LinearWeights::quantized points to (a named struct so linear.h needs no quant header).
struct QuantizedWeight {
    quant::QuantizedTensor tensor;
    // ‖W − dequant(quant(W))‖_F when the engine quantized W itself (QLoRA on a dense model); −1 when the
    // weight arrived 4-bit and W is unknown.
    double quantErrorNorm = -1.0;
};

// For autograd nodes that keep a 4-bit weight for backward: its parts go into ctx->saved_data (views,
// nothing copied) and come back as the same QuantizedTensor. A node keeping several names each by a prefix.
void saveQuantized(torch::autograd::AutogradContext* ctx, const quant::QuantizedTensor& q,
                   const std::string& prefix = "");
quant::QuantizedTensor restoreQuantized(torch::autograd::AutogradContext* ctx, const std::string& prefix = "");

torch::Tensor quantizedLinear(const quant::QuantizedTensor& weight, const torch::Tensor& x, const torch::Tensor& bias);

}  // namespace ls::model
