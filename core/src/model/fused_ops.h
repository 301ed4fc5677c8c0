// RMSNorm, SwiGLU and RoPE as single autograd nodes that save only their inputs (and RMSNorm's per-row
// 1/rms), with hand-written backward passes. On CUDA, with the kernels built, each direction is one
// kernel (model/fused_cuda.h); elsewhere the same formulas run as torch ops. Forward values equal the
// composition transformers uses (normalise in float32, round to the input dtype, then scale; silu
// rounded to the input dtype, then multiplied).
#pragma once

#include <torch/torch.h>

namespace ls::model {

// weight * (x * rsqrt(mean(x², -1) + eps)), normalised in float32 and rounded to x's dtype before scaling.
// keepOutput: backward keeps the output (and recovers the input from it) instead of the input; for a
// frozen weight without zeros (x is lost where a weight is 0), whose output other nodes keep anyway.
torch::Tensor fusedRmsNorm(const torch::Tensor& x, const torch::Tensor& weight, double eps, bool keepOutput = false);

// silu(gate) * up.
torch::Tensor fusedSwiglu(const torch::Tensor& gate, const torch::Tensor& up);

// SwiGLU's values and gradients without autograd (one kernel each on CUDA), for nodes that fuse it with
// the next projection: swigluGrads returns {grad gate, grad up} for the output gradient and, with `product`,
// also recomputes the forward value silu(gate) · up (in the same kernel on CUDA).
torch::Tensor swigluValues(const torch::Tensor& gate, const torch::Tensor& up);
std::pair<torch::Tensor, torch::Tensor> swigluGrads(const torch::Tensor& gradOut, const torch::Tensor& gate,
                                                    const torch::Tensor& up, torch::Tensor* product = nullptr);

// Rotary embedding of x [batch, seq, heads, dim] (the projection's own layout) with tables [batch, 1, seq,
// dim]; returns [batch, heads, seq, dim] like applyRotary(x.transpose(1, 2), tables). Training on CUDA is
// one kernel each way and keeps nothing but the tables.
torch::Tensor fusedRotary(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin);

// Whether the CUDA kernels serve tensors like this one (else the torch-op path runs).
bool fusedKernelsServe(const torch::Tensor& t);

}  // namespace ls::model
