/* CUDA kernels of the fused decoder ops (model/fused_ops.h) behind a plain C interface: raw device pointers,
 * no torch. Each returns NULL on success or a one-line error (no GPU, or built without CUDA kernels).
 * elemType is LS_ELEM_F32 / LS_ELEM_BF16 / LS_ELEM_F16 (quant/nf4_cuda.h); `stream` a cudaStream_t. */
#ifndef LORASTUDIO_FUSED_CUDA_H
#define LORASTUDIO_FUSED_CUDA_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* rows × cols, contiguous: out = T(w * T(x * rstd)), rstd[row] = rsqrt(mean(x²) + eps) in float32. */
const char* ls_cuda_rmsnorm_forward(const void* x, const void* weight, int elemType, int64_t rows, int64_t cols,
                                    float eps, void* out, float* rstd, void* stream);

/* gradX = T(rstd * (gw - n * mean(gw * n))), n = x * rstd, gw = float(grad) * float(w). With xIsOutput != 0,
 * x holds the forward's output and the input is recovered as x / (w * rstd) (w must have no zero). */
const char* ls_cuda_rmsnorm_backward(const void* grad, const void* x, const void* weight, const float* rstd,
                                     int elemType, int64_t rows, int64_t cols, int xIsOutput, void* gradX,
                                     void* stream);

/* out[i] = T(T(silu(gate[i])) * up[i]) over n elements. */
const char* ls_cuda_swiglu_forward(const void* gate, const void* up, int elemType, int64_t n, void* out, void* stream);

/* gradGate = T(g * up * s * (1 + gate * (1 - s))), gradUp = T(g * silu(gate)), s = sigmoid(gate); product, when not
 * NULL, receives the forward's value T(T(silu(gate)) * up) in the same pass. */
const char* ls_cuda_swiglu_backward(const void* grad, const void* gate, const void* up, int elemType, int64_t n,
                                    void* gradGate, void* gradUp, void* product, void* stream);

/* Rotary embedding of x [rows, heads, dim] with cos/sin [rows, dim] (rows = batch × seq): forward
 * out = T(T(x·cos) + T(rotate_half(x)·sin)); inverse (the backward) out = T(x·cos + rotate_halfᵀ(x·sin)). */
const char* ls_cuda_rotary(const void* x, const void* cosTable, const void* sinTable, int elemType, int64_t rows,
                           int64_t heads, int64_t dim, int inverse, void* out, void* stream);

#ifdef __cplusplus
}
#endif

#endif /* LORASTUDIO_FUSED_CUDA_H */
