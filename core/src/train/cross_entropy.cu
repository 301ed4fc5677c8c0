// One block per row of logits: an online max / sum-of-exponentials pass, then (for training) a pass that
// overwrites the row with its gradient. Reads the logits in their own dtype: no float32 copy of the
// [rows, vocab] chunk, no separate subtract, exp, scatter and scale kernels (train/lm_loss.cpp).
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cmath>

#include "cuda_elements.cuh"
#include "quant/cuda_util.cuh"
#include "quant/nf4_cuda.h"
#include "train/cross_entropy_cuda.h"

namespace {

constexpr int kThreads = 1024;

using ls::cuda::fromFloat;
using ls::cuda::roundTo;
using ls::cuda::toFloat;

// Running (max, sum of exp(x - max)). Under --use_fast_math expf is __expf: a few ulp on arguments <= 0.
struct MaxSum {
    float m, s;
};
__device__ __forceinline__ MaxSum merge(MaxSum a, MaxSum b) {
    if (a.m == -INFINITY) return b;
    if (b.m == -INFINITY) return a;
    const float m = fmaxf(a.m, b.m);
    return {m, a.s * expf(a.m - m) + b.s * expf(b.m - m)};
}

template <typename T>
__global__ void crossEntropyRows(T* __restrict__ logits, const int64_t* __restrict__ labels, int64_t vocab,
                                 float gradScale, float* __restrict__ loss) {
    __shared__ MaxSum partial[kThreads / 32];
    __shared__ float rowLse;
    const int64_t row = blockIdx.x;
    T* x = logits + row * vocab;
    MaxSum acc{-INFINITY, 0.0f};
    for (int64_t i = threadIdx.x; i < vocab; i += kThreads) {
        const float v = toFloat(x[i]);
        if (v > acc.m) {
            acc.s = acc.s * expf(acc.m - v) + 1.0f;
            acc.m = v;
        } else {
            acc.s += expf(v - acc.m);
        }
    }
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) {
        MaxSum o{__shfl_xor_sync(0xffffffffu, acc.m, off), __shfl_xor_sync(0xffffffffu, acc.s, off)};
        acc = merge(acc, o);
    }
    if (threadIdx.x % 32 == 0) partial[threadIdx.x / 32] = acc;
    __syncthreads();
    if (threadIdx.x == 0) {
        MaxSum total = partial[0];
        for (int w = 1; w < kThreads / 32; ++w) total = merge(total, partial[w]);
        const float lse = total.m + logf(total.s);
        const int64_t label = labels[row];
        // A negative label (-100) is a position without loss: 0, and a zero gradient row.
        loss[row] = label < 0 ? 0.0f : label < vocab ? lse - toFloat(x[label]) : NAN;
        rowLse = lse;
    }
    __syncthreads();
    if (gradScale == 0.0f) return;
    const float lse = rowLse;
    const int64_t label = labels[row];
    if (label < 0) {
        for (int64_t i = threadIdx.x; i < vocab; i += kThreads) x[i] = fromFloat<T>(0.0f);
        return;
    }
    for (int64_t i = threadIdx.x; i < vocab; i += kThreads) {
        const float p = expf(toFloat(x[i]) - lse);
        x[i] = fromFloat<T>((p - (i == label ? 1.0f : 0.0f)) * gradScale);
    }
}

}  // namespace

extern "C" const char* ls_cuda_cross_entropy_rows(void* logits, const int64_t* labels, int elemType, int64_t rows,
                                                  int64_t vocab, float gradScale, float* loss, void* stream) {
    if (rows <= 0) return nullptr;
    if (rows > 0x7fffffff) return ls::quant::cuda::setError("cross entropy: too many rows in one chunk");
    auto s = static_cast<cudaStream_t>(stream);
    const unsigned grid = static_cast<unsigned>(rows);
    switch (elemType) {
        case LS_ELEM_F32:
            crossEntropyRows<float>
                <<<grid, kThreads, 0, s>>>(static_cast<float*>(logits), labels, vocab, gradScale, loss);
            break;
        case LS_ELEM_BF16:
            crossEntropyRows<__nv_bfloat16>
                <<<grid, kThreads, 0, s>>>(static_cast<__nv_bfloat16*>(logits), labels, vocab, gradScale, loss);
            break;
        case LS_ELEM_F16:
            crossEntropyRows<__half>
                <<<grid, kThreads, 0, s>>>(static_cast<__half*>(logits), labels, vocab, gradScale, loss);
            break;
        default:
            return ls::quant::cuda::setError("cross entropy: unsupported element type");
    }
    return ls::quant::cuda::launchResult("cross entropy");
}
