// The arithmetic the adapted-linear autograd nodes share (adapted_linear.cpp, adapted_linear_group.cpp).
// Internal to core (torch).
#pragma once

#include <string>
#include <vector>

#include "lora/lora_impl.h"
#include "model/quantized_linear.h"

namespace ls::lora {

// s · m1 m2 in one GEMM. With beta 0 addmm ignores its (broadcast, one-element) input, NaN included, as
// documented: left uninitialised, it costs no fill kernel (about 670 of them a step on llama-8b).
inline torch::Tensor scaledMm(const torch::Tensor& m1, const torch::Tensor& m2, double s) {
    if (s == 1.0) return torch::mm(m1, m2);
    return torch::addmm(torch::empty({}, m1.options()), m1, m2, /*beta=*/0, /*alpha=*/s);
}

// The frozen base weight in the compute dtype: the dense tensor, or the 4-bit one dequantized.
inline torch::Tensor baseWeight(const model::LinearWeights& w, torch::ScalarType dtype) {
    return castTo(w.quantized ? quant::dequantize4bit(w.quantized->tensor) : w.weight, dtype);
}

// x2 Wᵀ (+ bias) + s · xa Bᵀ for x2 [N, in], xa [N, r] and b16 [out, r] in x2's dtype. The adapter's
// rank-r product comes first, written once; the base GEMM then takes it as its accumulator (beta 1), read
// in the shadow of its arithmetic. The other order has the rank-r GEMM read and write the whole [N, out]
// output a second time: a memory-bound pass per projection.
inline torch::Tensor baseOntoAdapter(const torch::Tensor& x2, const torch::Tensor& xa, const torch::Tensor& b16,
                                     double s, const model::LinearWeights& w) {
    const auto dtype = x2.scalar_type();
    torch::Tensor y = w.bias.defined() ? torch::addmm(castTo(w.bias, dtype), xa, b16.t(), /*beta=*/1, /*alpha=*/s)
                                       : scaledMm(xa, b16.t(), s);
    y.addmm_(x2, baseWeight(w, dtype).t());
    return y;
}

// Keeps the frozen base weight for backward under `prefix`: the model's own tensor, or the 4-bit parts.
inline void keepBaseWeight(torch::autograd::AutogradContext* ctx, const model::LinearWeights& w,
                           const std::string& prefix = "") {
    if (w.quantized) {
        model::saveQuantized(ctx, w.quantized->tensor, prefix);
    } else {
        ctx->saved_data[prefix + "weight"] = w.weight;
    }
}

// keepBaseWeight's weight again, in `dtype` (a 4-bit one dequantized, for this use only).
inline torch::Tensor keptBaseWeight(torch::autograd::AutogradContext* ctx, torch::ScalarType dtype,
                                    const std::string& prefix = "") {
    const auto it = ctx->saved_data.find(prefix + "weight");
    if (it != ctx->saved_data.end()) return castTo(it->second.toTensor(), dtype);
    return castTo(quant::dequantize4bit(model::restoreQuantized(ctx, prefix)), dtype);
}

// t's shape with the last size replaced.
inline std::vector<int64_t> withLast(const torch::Tensor& t, int64_t last) {
    auto shape = t.sizes().vec();
    shape.back() = last;
    return shape;
}

}  // namespace ls::lora
