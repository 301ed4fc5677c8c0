// Quantization kernels: 4-bit NF4/FP4 blockwise, and the 8-bit dynamic-map step of double quantization.
// One warp per quantization block; the per-value decisions are code_ops.h, shared with the CPU path.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cfloat>

#include "quant/code_ops.h"
#include "quant/cuda_util.cuh"
#include "cuda_elements.cuh"
#include "quant/nf4_cuda.h"

namespace ls::quant::cuda {
namespace {

constexpr int kWarpsPerCta = 8;

using ls::cuda::toFloat;

template <typename T>
__device__ __forceinline__ float loadOrZero(const T* __restrict__ in, int64_t i, int64_t n) {
    return i < n ? toFloat(in[i]) : 0.0f;  // the kernel's zero fill of a partial last block
}

// Warp w of the grid handles quantization block w; lane l takes element pairs (2l, 2l+1) + 64k.
template <typename T, bool NF4>
__global__ void quantize4bitKernel(const T* __restrict__ in, int64_t n, int blocksize, int64_t blocks,
                                   float* __restrict__ absmax, std::uint8_t* __restrict__ packed) {
    const int lane = threadIdx.x & 31;
    const int64_t block = int64_t(blockIdx.x) * kWarpsPerCta + (threadIdx.x >> 5);
    if (block >= blocks) return;
    const int64_t begin = block * blocksize;
    float amax = -FLT_MAX;
    for (int j = 2 * lane; j < blocksize; j += 64) {
        amax = fmaxf(amax, fabsf(loadOrZero(in, begin + j, n)));
        amax = fmaxf(amax, fabsf(loadOrZero(in, begin + j + 1, n)));
    }
    amax = warpMax(amax);
    if (lane == 0) absmax[block] = amax;
    const float inv = rcpApprox(amax);
    for (int j = 2 * lane; j < blocksize; j += 64) {
        const int64_t i = begin + j;
        if (i >= n) break;
        const float x0 = __fmul_rn(loadOrZero(in, i, n), inv);
        const float x1 = __fmul_rn(loadOrZero(in, i + 1, n), inv);
        const std::uint8_t q0 = NF4 ? ls::quant::detail::nf4Index(x0) : ls::quant::detail::fp4Index(x0);
        const std::uint8_t q1 = NF4 ? ls::quant::detail::nf4Index(x1) : ls::quant::detail::fp4Index(x1);
        packed[i >> 1] = std::uint8_t(q0 << 4 | q1);
    }
}

// One warp per block of 256; lane l takes elements l + 32k. The code table sits in shared memory.
__global__ void quantizeBlockwise8Kernel(const float* __restrict__ in, const float* __restrict__ offsetPtr, int64_t n,
                                         int64_t blocks, const float* __restrict__ code,
                                         std::uint8_t* __restrict__ codes, float* __restrict__ nestedAbsmax) {
    __shared__ float smemCode[256];
    for (int i = threadIdx.x; i < 256; i += blockDim.x) smemCode[i] = code[i];
    __syncthreads();
    const int lane = threadIdx.x & 31;
    const int64_t block = int64_t(blockIdx.x) * kWarpsPerCta + (threadIdx.x >> 5);
    if (block >= blocks) return;
    const float offset = offsetPtr ? *offsetPtr : 0.0f;
    const int64_t begin = block * 256;
    float v[8];
    float amax = -FLT_MAX;
#pragma unroll
    for (int k = 0; k < 8; ++k) {
        const int64_t i = begin + lane + 32 * k;
        v[k] = i < n ? __fsub_rn(in[i], offset) : 0.0f;  // torch's `absmax - offset`, then the zero fill
        amax = fmaxf(amax, fabsf(v[k]));
    }
    amax = warpMax(amax);
    if (lane == 0) nestedAbsmax[block] = amax;
    const float inv = rcpApprox(amax);
#pragma unroll
    for (int k = 0; k < 8; ++k) {
        const int64_t i = begin + lane + 32 * k;
        if (i < n) codes[i] = ls::quant::detail::quantize8Index(smemCode, __fmul_rn(v[k], inv));
    }
}

template <typename T>
const char* launchQuantize4bit(const void* input, int64_t n, int blocksize, bool nf4, float* absmax,
                               std::uint8_t* packed, cudaStream_t stream) {
    const int64_t blocks = (n + blocksize - 1) / blocksize;
    const int64_t grid = (blocks + kWarpsPerCta - 1) / kWarpsPerCta;
    if (grid > 0x7fffffff) return setError("ls_cuda_quantize4bit: tensor too large");
    const T* in = static_cast<const T*>(input);
    if (nf4)
        quantize4bitKernel<T, true><<<unsigned(grid), 32 * kWarpsPerCta, 0, stream>>>(in, n, blocksize, blocks, absmax, packed);
    else
        quantize4bitKernel<T, false><<<unsigned(grid), 32 * kWarpsPerCta, 0, stream>>>(in, n, blocksize, blocks, absmax, packed);
    return launchResult("ls_cuda_quantize4bit");
}

}  // namespace
}  // namespace ls::quant::cuda

using namespace ls::quant::cuda;

extern "C" const char* ls_cuda_quantize4bit(const void* input, int elemType, int64_t n, int blocksize, int quantType,
                                            float* absmax, uint8_t* packed, void* stream) {
    if (n <= 0) return setError("ls_cuda_quantize4bit: empty tensor");
    if (!isPow2Blocksize(blocksize)) return setError("ls_cuda_quantize4bit: blocksize must be 32, 64, ..., 4096");
    if (!input || !absmax || !packed) return setError("ls_cuda_quantize4bit: null pointer");
    const bool nf4 = quantType == LS_QUANT_NF4;
    if (!nf4 && quantType != LS_QUANT_FP4) return setError("ls_cuda_quantize4bit: unknown quant type");
    cudaStream_t s = static_cast<cudaStream_t>(stream);
    switch (elemType) {
    case LS_ELEM_F32: return launchQuantize4bit<float>(input, n, blocksize, nf4, absmax, packed, s);
    case LS_ELEM_BF16: return launchQuantize4bit<__nv_bfloat16>(input, n, blocksize, nf4, absmax, packed, s);
    case LS_ELEM_F16: return launchQuantize4bit<__half>(input, n, blocksize, nf4, absmax, packed, s);
    default: return setError("ls_cuda_quantize4bit: unknown element type");
    }
}

extern "C" const char* ls_cuda_quantize_blockwise8(const float* input, const float* offset, int64_t n,
                                                   const float* code, uint8_t* codes, float* nestedAbsmax,
                                                   void* stream) {
    if (n <= 0) return setError("ls_cuda_quantize_blockwise8: empty tensor");
    if (!input || !code || !codes || !nestedAbsmax) return setError("ls_cuda_quantize_blockwise8: null pointer");
    const int64_t blocks = (n + 255) / 256;
    const int64_t grid = (blocks + kWarpsPerCta - 1) / kWarpsPerCta;
    quantizeBlockwise8Kernel<<<unsigned(grid), 32 * kWarpsPerCta, 0, static_cast<cudaStream_t>(stream)>>>(
        input, offset, n, blocks, code, codes, nestedAbsmax);
    return launchResult("ls_cuda_quantize_blockwise8");
}
