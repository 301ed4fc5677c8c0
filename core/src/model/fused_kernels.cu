// Fused RMSNorm and SwiGLU kernels (forward and backward) for the decoder; see model/fused_cuda.h.
// Arithmetic is float32; values are rounded to the element type exactly where transformers' composition
// rounds them, so forward outputs match the torch-op path up to the last bit of the fast-math functions.
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <string>

#include "cuda_elements.cuh"
#include "model/fused_cuda.h"
#include "quant/cuda_util.cuh"
#include "quant/nf4_cuda.h"

namespace {

using ls::quant::cuda::launchResult;
using ls::quant::cuda::setError;

using ls::cuda::fromFloat;
using ls::cuda::roundTo;
using ls::cuda::toFloat;

constexpr int kRowThreads = 256;

// Sum over the block; every thread gets the result.
__device__ float blockSum(float v) {
    __shared__ float partial[kRowThreads / 32];
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) v += __shfl_xor_sync(0xffffffffu, v, off);
    const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    float total = 0.0f;
#pragma unroll
    for (int w = 0; w < kRowThreads / 32; ++w) total += partial[w];
    __syncthreads();  // partial is reused by the next call
    return total;
}

template <typename T>
__global__ void rmsNormForward(const T* __restrict__ x, const T* __restrict__ w, int64_t cols, float eps,
                               T* __restrict__ out, float* __restrict__ rstd) {
    const int64_t row = blockIdx.x;
    const T* xr = x + row * cols;
    T* yr = out + row * cols;
    float ss = 0.0f;
    for (int64_t i = threadIdx.x; i < cols; i += kRowThreads) {
        const float v = toFloat(xr[i]);
        ss += v * v;
    }
    const float r = rsqrtf(blockSum(ss) / static_cast<float>(cols) + eps);
    if (threadIdx.x == 0) rstd[row] = r;
    for (int64_t i = threadIdx.x; i < cols; i += kRowThreads)
        yr[i] = fromFloat<T>(toFloat(w[i]) * roundTo<T>(toFloat(xr[i]) * r));
}

// kFromOutput: x holds the forward's output w·n instead of its input, which is then out / (w · rstd).
template <typename T, bool kFromOutput>
__global__ void rmsNormBackward(const T* __restrict__ g, const T* __restrict__ x, const T* __restrict__ w,
                                const float* __restrict__ rstd, int64_t cols, T* __restrict__ gx) {
    const int64_t row = blockIdx.x;
    const T* gr = g + row * cols;
    const T* xr = x + row * cols;
    const float r = rstd[row];
    auto input = [&](int64_t i) { return kFromOutput ? toFloat(xr[i]) / (toFloat(w[i]) * r) : toFloat(xr[i]); };
    float dot = 0.0f;
    for (int64_t i = threadIdx.x; i < cols; i += kRowThreads) dot += toFloat(gr[i]) * toFloat(w[i]) * input(i);
    const float c = r * r * r * blockSum(dot) / static_cast<float>(cols);
    for (int64_t i = threadIdx.x; i < cols; i += kRowThreads)
        gx[row * cols + i] = fromFloat<T>(r * toFloat(gr[i]) * toFloat(w[i]) - c * input(i));
}

__device__ __forceinline__ float sigmoid(float v) { return 1.0f / (1.0f + __expf(-v)); }

template <typename T>
__global__ void swigluForward(const T* __restrict__ gate, const T* __restrict__ up, int64_t n, T* __restrict__ out) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
        const float a = toFloat(gate[i]);
        out[i] = fromFloat<T>(roundTo<T>(a * sigmoid(a)) * toFloat(up[i]));
    }
}

// product (may be null): the forward's value T(T(silu(gate)) · up) again, for a node that did not keep it.
template <typename T>
__global__ void swigluBackward(const T* __restrict__ g, const T* __restrict__ gate, const T* __restrict__ up, int64_t n,
                               T* __restrict__ gradGate, T* __restrict__ gradUp, T* __restrict__ product) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
        const float a = toFloat(gate[i]), u = toFloat(up[i]), d = toFloat(g[i]);
        const float s = sigmoid(a);
        const float silu = roundTo<T>(a * s);
        gradUp[i] = fromFloat<T>(d * silu);
        gradGate[i] = fromFloat<T>(d * u * s * (1.0f + a * (1.0f - s)));
        if (product) product[i] = fromFloat<T>(silu * u);
    }
}

// x: [rows, heads, dim], cos/sin: [rows, dim]. Forward: x·cos + rotate_half(x)·sin with transformers'
// three roundings; backward (inverse = true): g·cos + rotate_halfᵀ(g·sin), in float32, rounded once.
template <typename T, bool kInverse>
__global__ void rotary(const T* __restrict__ x, const T* __restrict__ cosT, const T* __restrict__ sinT, int64_t n,
                       int64_t heads, int64_t dim, T* __restrict__ out) {
    const int64_t half = dim / 2;
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
        const int64_t j = i % dim, row = i / (heads * dim);
        const int64_t base = i - j;
        const T* cr = cosT + row * dim;
        const T* sr = sinT + row * dim;
        if (!kInverse) {
            const float rot = j < half ? -toFloat(x[base + j + half]) : toFloat(x[base + j - half]);
            out[i] = fromFloat<T>(roundTo<T>(toFloat(x[i]) * toFloat(cr[j])) + roundTo<T>(rot * toFloat(sr[j])));
        } else {
            const float other = j < half ? toFloat(x[base + j + half]) * toFloat(sr[j + half])
                                         : -toFloat(x[base + j - half]) * toFloat(sr[j - half]);
            out[i] = fromFloat<T>(toFloat(x[i]) * toFloat(cr[j]) + other);
        }
    }
}

unsigned elementwiseBlocks(int64_t n) {
    const int64_t blocks = (n + 255) / 256;
    return static_cast<unsigned>(blocks < 65535 * 8 ? blocks : 65535 * 8);
}

const char* badType(const char* what) { return setError(std::string(what) + ": unsupported element type"); }

#define LS_DISPATCH(elemType, what, CALL) \
    switch (elemType) {                   \
        case LS_ELEM_F32: {               \
            using T = float;              \
            CALL;                         \
            break;                        \
        }                                 \
        case LS_ELEM_BF16: {              \
            using T = __nv_bfloat16;      \
            CALL;                         \
            break;                        \
        }                                 \
        case LS_ELEM_F16: {               \
            using T = __half;             \
            CALL;                         \
            break;                        \
        }                                 \
        default:                          \
            return badType(what);         \
    }

}  // namespace

extern "C" {

const char* ls_cuda_rmsnorm_forward(const void* x, const void* weight, int elemType, int64_t rows, int64_t cols,
                                    float eps, void* out, float* rstd, void* stream) {
    if (rows <= 0 || cols <= 0) return nullptr;
    auto s = static_cast<cudaStream_t>(stream);
    LS_DISPATCH(elemType, "rmsnorm forward",
                (rmsNormForward<T><<<static_cast<unsigned>(rows), kRowThreads, 0, s>>>(
                    static_cast<const T*>(x), static_cast<const T*>(weight), cols, eps, static_cast<T*>(out), rstd)))
    return launchResult("rmsnorm forward");
}

const char* ls_cuda_rmsnorm_backward(const void* grad, const void* x, const void* weight, const float* rstd,
                                     int elemType, int64_t rows, int64_t cols, int xIsOutput, void* gradX,
                                     void* stream) {
    if (rows <= 0 || cols <= 0) return nullptr;
    auto s = static_cast<cudaStream_t>(stream);
    const auto blocks = static_cast<unsigned>(rows);
    LS_DISPATCH(elemType, "rmsnorm backward",
                (xIsOutput ? rmsNormBackward<T, true><<<blocks, kRowThreads, 0, s>>>(
                                 static_cast<const T*>(grad), static_cast<const T*>(x), static_cast<const T*>(weight),
                                 rstd, cols, static_cast<T*>(gradX))
                           : rmsNormBackward<T, false><<<blocks, kRowThreads, 0, s>>>(
                                 static_cast<const T*>(grad), static_cast<const T*>(x), static_cast<const T*>(weight),
                                 rstd, cols, static_cast<T*>(gradX))))
    return launchResult("rmsnorm backward");
}

const char* ls_cuda_swiglu_forward(const void* gate, const void* up, int elemType, int64_t n, void* out, void* stream) {
    if (n <= 0) return nullptr;
    auto s = static_cast<cudaStream_t>(stream);
    LS_DISPATCH(elemType, "swiglu forward",
                (swigluForward<T><<<elementwiseBlocks(n), 256, 0, s>>>(
                    static_cast<const T*>(gate), static_cast<const T*>(up), n, static_cast<T*>(out))))
    return launchResult("swiglu forward");
}

const char* ls_cuda_swiglu_backward(const void* grad, const void* gate, const void* up, int elemType, int64_t n,
                                    void* gradGate, void* gradUp, void* product, void* stream) {
    if (n <= 0) return nullptr;
    auto s = static_cast<cudaStream_t>(stream);
    LS_DISPATCH(elemType, "swiglu backward",
                (swigluBackward<T><<<elementwiseBlocks(n), 256, 0, s>>>(
                    static_cast<const T*>(grad), static_cast<const T*>(gate), static_cast<const T*>(up), n,
                    static_cast<T*>(gradGate), static_cast<T*>(gradUp), static_cast<T*>(product))))
    return launchResult("swiglu backward");
}

const char* ls_cuda_rotary(const void* x, const void* cosTable, const void* sinTable, int elemType, int64_t rows,
                           int64_t heads, int64_t dim, int inverse, void* out, void* stream) {
    const int64_t n = rows * heads * dim;
    if (n <= 0) return nullptr;
    if (dim % 2) return setError("rotary: odd head dimension");
    auto s = static_cast<cudaStream_t>(stream);
    LS_DISPATCH(elemType, "rotary",
                (inverse ? rotary<T, true><<<elementwiseBlocks(n), 256, 0, s>>>(
                               static_cast<const T*>(x), static_cast<const T*>(cosTable),
                               static_cast<const T*>(sinTable), n, heads, dim, static_cast<T*>(out))
                         : rotary<T, false><<<elementwiseBlocks(n), 256, 0, s>>>(
                               static_cast<const T*>(x), static_cast<const T*>(cosTable),
                               static_cast<const T*>(sinTable), n, heads, dim, static_cast<T*>(out))))
    return launchResult("rotary");
}

}  // extern "C"
