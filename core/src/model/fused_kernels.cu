// Fused RMSNorm and SwiGLU kernels (forward and backward) for the decoder; see model/fused_cuda.h.
// Arithmetic is float32; values are rounded to the element type exactly where transformers' composition
// rounds them, so forward outputs match the torch-op path up to the last bit of the fast-math functions.
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>
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

// kVec consecutive elements as one load or store (16 bytes for the widest packs): the elementwise kernels
// below are bound by memory, and 2-byte accesses leave half of its bandwidth unused.
template <typename T, int kVec>
struct alignas(sizeof(T) * kVec) Pack {
    T v[kVec];
};

template <typename T, int kVec>
__device__ __forceinline__ Pack<T, kVec> loadPack(const T* p, int64_t pack) {
    return reinterpret_cast<const Pack<T, kVec>*>(p)[pack];
}

template <typename T, int kVec>
__device__ __forceinline__ void storePack(T* p, int64_t pack, const Pack<T, kVec>& v) {
    reinterpret_cast<Pack<T, kVec>*>(p)[pack] = v;
}

// Elements per widest pack of T (16 bytes).
template <typename T>
constexpr int kWideVec = static_cast<int>(16 / sizeof(T));

bool aligned16(const void* p) { return p == nullptr || reinterpret_cast<uintptr_t>(p) % 16 == 0; }

template <typename T, int kVec>
__global__ void swigluForward(const T* __restrict__ gate, const T* __restrict__ up, int64_t packs,
                              T* __restrict__ out) {
    for (int64_t k = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; k < packs; k += int64_t(gridDim.x) * blockDim.x) {
        const Pack<T, kVec> a = loadPack<T, kVec>(gate, k), u = loadPack<T, kVec>(up, k);
        Pack<T, kVec> o;
#pragma unroll
        for (int e = 0; e < kVec; ++e) {
            const float av = toFloat(a.v[e]);
            o.v[e] = fromFloat<T>(roundTo<T>(av * sigmoid(av)) * toFloat(u.v[e]));
        }
        storePack<T, kVec>(out, k, o);
    }
}

// product (may be null): the forward's value T(T(silu(gate)) · up) again, for a node that did not keep it.
template <typename T, int kVec>
__global__ void swigluBackward(const T* __restrict__ g, const T* __restrict__ gate, const T* __restrict__ up,
                               int64_t packs, T* __restrict__ gradGate, T* __restrict__ gradUp,
                               T* __restrict__ product) {
    for (int64_t k = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; k < packs; k += int64_t(gridDim.x) * blockDim.x) {
        const Pack<T, kVec> av = loadPack<T, kVec>(gate, k), uv = loadPack<T, kVec>(up, k),
                            dv = loadPack<T, kVec>(g, k);
        Pack<T, kVec> gg, gu, pr;
#pragma unroll
        for (int e = 0; e < kVec; ++e) {
            const float a = toFloat(av.v[e]), u = toFloat(uv.v[e]), d = toFloat(dv.v[e]);
            const float s = sigmoid(a);
            const float silu = roundTo<T>(a * s);
            gu.v[e] = fromFloat<T>(d * silu);
            gg.v[e] = fromFloat<T>(d * u * s * (1.0f + a * (1.0f - s)));
            pr.v[e] = fromFloat<T>(silu * u);
        }
        storePack<T, kVec>(gradUp, k, gu);
        storePack<T, kVec>(gradGate, k, gg);
        if (product) storePack<T, kVec>(product, k, pr);
    }
}

// x: [rows, heads, dim], cos/sin: [rows, dim]. Forward: x·cos + rotate_half(x)·sin with transformers'
// three roundings; backward (inverse = true): g·cos + rotate_halfᵀ(g·sin), in float32, rounded once.
// One thread takes kVec consecutive pairs (j, j + dim/2) of one row and head: rotate_half pairs exactly
// these, so each element is read once, and the row and head come from one division per kVec pairs.
template <typename T, bool kInverse, int kVec>
__global__ void rotary(const T* __restrict__ x, const T* __restrict__ cosT, const T* __restrict__ sinT,
                       int64_t rowHeads, int64_t heads, int64_t dim, T* __restrict__ out) {
    const int64_t half = dim / 2, lanes = half / kVec, total = rowHeads * lanes;
    for (int64_t t = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; t < total; t += int64_t(gridDim.x) * blockDim.x) {
        const int64_t rowHead = t / lanes, j = (t - rowHead * lanes) * kVec, row = rowHead / heads;
        const T* xr = x + rowHead * dim;
        const T* cr = cosT + row * dim;
        const T* sr = sinT + row * dim;
        T* orow = out + rowHead * dim;
        const int64_t lo = j / kVec, hi = (j + half) / kVec;  // pack indices of the two halves
        const Pack<T, kVec> xLo = loadPack<T, kVec>(xr, lo), xHi = loadPack<T, kVec>(xr, hi);
        const Pack<T, kVec> cLo = loadPack<T, kVec>(cr, lo), cHi = loadPack<T, kVec>(cr, hi);
        const Pack<T, kVec> sLo = loadPack<T, kVec>(sr, lo), sHi = loadPack<T, kVec>(sr, hi);
        Pack<T, kVec> oLo, oHi;
#pragma unroll
        for (int e = 0; e < kVec; ++e) {
            const float a = toFloat(xLo.v[e]), b = toFloat(xHi.v[e]);
            if (!kInverse) {
                oLo.v[e] = fromFloat<T>(roundTo<T>(a * toFloat(cLo.v[e])) + roundTo<T>(-b * toFloat(sLo.v[e])));
                oHi.v[e] = fromFloat<T>(roundTo<T>(b * toFloat(cHi.v[e])) + roundTo<T>(a * toFloat(sHi.v[e])));
            } else {
                oLo.v[e] = fromFloat<T>(a * toFloat(cLo.v[e]) + b * toFloat(sHi.v[e]));
                oHi.v[e] = fromFloat<T>(b * toFloat(cHi.v[e]) + -a * toFloat(sLo.v[e]));
            }
        }
        storePack<T, kVec>(orow, lo, oLo);
        storePack<T, kVec>(orow, hi, oHi);
    }
}

unsigned elementwiseBlocks(int64_t n) {
    const int64_t blocks = (n + 255) / 256;
    return static_cast<unsigned>(blocks < 65535 * 8 ? blocks : 65535 * 8);
}

const char* badType(const char* what) { return setError(std::string(what) + ": unsupported element type"); }

#define LS_DISPATCH(elemType, what, ...) \
    switch (elemType) {                  \
        case LS_ELEM_F32: {              \
            using T = float;             \
            __VA_ARGS__;                 \
            break;                       \
        }                                \
        case LS_ELEM_BF16: {             \
            using T = __nv_bfloat16;     \
            __VA_ARGS__;                 \
            break;                       \
        }                                \
        case LS_ELEM_F16: {              \
            using T = __half;            \
            __VA_ARGS__;                 \
            break;                       \
        }                                \
        default:                         \
            return badType(what);        \
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
                (xIsOutput ? rmsNormBackward<T, true>
                     <<<blocks, kRowThreads, 0, s>>>(static_cast<const T*>(grad), static_cast<const T*>(x),
                                                     static_cast<const T*>(weight), rstd, cols, static_cast<T*>(gradX))
                           : rmsNormBackward<T, false><<<blocks, kRowThreads, 0, s>>>(
                                 static_cast<const T*>(grad), static_cast<const T*>(x), static_cast<const T*>(weight),
                                 rstd, cols, static_cast<T*>(gradX))))
    return launchResult("rmsnorm backward");
}

const char* ls_cuda_swiglu_forward(const void* gate, const void* up, int elemType, int64_t n, void* out, void* stream) {
    if (n <= 0) return nullptr;
    auto s = static_cast<cudaStream_t>(stream);
    const bool wide = aligned16(gate) && aligned16(up) && aligned16(out);
    LS_DISPATCH(elemType, "swiglu forward", {
        constexpr int V = kWideVec<T>;
        const auto* g = static_cast<const T*>(gate);
        const auto* u = static_cast<const T*>(up);
        if (wide && n % V == 0) {
            swigluForward<T, V><<<elementwiseBlocks(n / V), 256, 0, s>>>(g, u, n / V, static_cast<T*>(out));
        } else {
            swigluForward<T, 1><<<elementwiseBlocks(n), 256, 0, s>>>(g, u, n, static_cast<T*>(out));
        }
    })
    return launchResult("swiglu forward");
}

const char* ls_cuda_swiglu_backward(const void* grad, const void* gate, const void* up, int elemType, int64_t n,
                                    void* gradGate, void* gradUp, void* product, void* stream) {
    if (n <= 0) return nullptr;
    auto s = static_cast<cudaStream_t>(stream);
    const bool wide = aligned16(grad) && aligned16(gate) && aligned16(up) && aligned16(gradGate) && aligned16(gradUp) &&
                      aligned16(product);
    LS_DISPATCH(elemType, "swiglu backward", {
        constexpr int V = kWideVec<T>;
        const auto* d = static_cast<const T*>(grad);
        const auto* g = static_cast<const T*>(gate);
        const auto* u = static_cast<const T*>(up);
        auto* gg = static_cast<T*>(gradGate);
        auto* gu = static_cast<T*>(gradUp);
        auto* pr = static_cast<T*>(product);
        if (wide && n % V == 0) {
            swigluBackward<T, V><<<elementwiseBlocks(n / V), 256, 0, s>>>(d, g, u, n / V, gg, gu, pr);
        } else {
            swigluBackward<T, 1><<<elementwiseBlocks(n), 256, 0, s>>>(d, g, u, n, gg, gu, pr);
        }
    })
    return launchResult("swiglu backward");
}

const char* ls_cuda_rotary(const void* x, const void* cosTable, const void* sinTable, int elemType, int64_t rows,
                           int64_t heads, int64_t dim, int inverse, void* out, void* stream) {
    if (rows * heads * dim <= 0) return nullptr;
    if (dim % 2) return setError("rotary: odd head dimension");
    auto s = static_cast<cudaStream_t>(stream);
    const bool wide = aligned16(x) && aligned16(cosTable) && aligned16(sinTable) && aligned16(out);
    LS_DISPATCH(elemType, "rotary", {
        constexpr int V = kWideVec<T>;
        const auto* xs = static_cast<const T*>(x);
        const auto* cs = static_cast<const T*>(cosTable);
        const auto* ss = static_cast<const T*>(sinTable);
        auto* o = static_cast<T*>(out);
        const int64_t rowHeads = rows * heads;
        if (wide && (dim / 2) % V == 0) {
            const unsigned blocks = elementwiseBlocks(rowHeads * (dim / 2 / V));
            if (inverse) {
                rotary<T, true, V><<<blocks, 256, 0, s>>>(xs, cs, ss, rowHeads, heads, dim, o);
            } else {
                rotary<T, false, V><<<blocks, 256, 0, s>>>(xs, cs, ss, rowHeads, heads, dim, o);
            }
        } else {
            const unsigned blocks = elementwiseBlocks(rowHeads * (dim / 2));
            if (inverse) {
                rotary<T, true, 1><<<blocks, 256, 0, s>>>(xs, cs, ss, rowHeads, heads, dim, o);
            } else {
                rotary<T, false, 1><<<blocks, 256, 0, s>>>(xs, cs, ss, rowHeads, heads, dim, o);
            }
        }
    })
    return launchResult("rotary");
}

}  // extern "C"
