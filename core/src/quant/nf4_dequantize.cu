// Dequantization kernels. The 4-bit kernel is bandwidth-bound: each CTA first decodes the absmax of the
// quantization blocks in its tile once into shared memory (also the double-quant absmax), then every thread
// turns 8 units of packed codes into 16-byte vector stores; the 16-entry code table sits in shared memory
// (16 distinct banks, so lookups never conflict).
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include "quant/code_ops.h"
#include "quant/cuda_util.cuh"
#include "quant/nf4_cuda.h"

namespace ls::quant::cuda {
namespace {

constexpr int kThreads = 256;
constexpr int kItems = 8;  // units per thread

template <typename T>
struct OutTraits;
template <>
struct OutTraits<float> {
    static constexpr int kElemsPerUnit = 4;  // 2 packed bytes -> 4 floats = 16 bytes
    using Packed = std::uint16_t;
    __device__ static float convert(float v) { return v; }
};
template <>
struct OutTraits<__nv_bfloat16> {
    static constexpr int kElemsPerUnit = 8;  // 4 packed bytes -> 8 bf16 = 16 bytes
    using Packed = std::uint32_t;
    __device__ static __nv_bfloat16 convert(float v) { return __float2bfloat16_rn(v); }
    __device__ static std::uint32_t pair(float a, float b) {
        __nv_bfloat162 h = __floats2bfloat162_rn(a, b);
        return *reinterpret_cast<std::uint32_t*>(&h);
    }
};
template <>
struct OutTraits<__half> {
    static constexpr int kElemsPerUnit = 8;
    using Packed = std::uint32_t;
    __device__ static __half convert(float v) { return __float2half_rn(v); }
    __device__ static std::uint32_t pair(float a, float b) {
        __half2 h = __floats2half2_rn(a, b);
        return *reinterpret_cast<std::uint32_t*>(&h);
    }
};

struct AbsmaxSource {
    const float* absmax;             // plain float32 absmax, or NULL under double quant
    const std::uint8_t* codes;       // double quant: 8-bit absmax codes
    const float* nestedAbsmax;
    const float* nestedCode;
    float offset;
};

__device__ __forceinline__ float decodeAbsmax(const AbsmaxSource& src, int64_t b) {
    if (src.absmax) return __ldg(src.absmax + b);
    // The 8-bit kernel's product, then torch's `+= offset`: two roundings, never fused.
    const float scaled = __fmul_rn(__ldg(src.nestedCode + __ldg(src.codes + b)), __ldg(src.nestedAbsmax + (b >> 8)));
    return __fadd_rn(scaled, src.offset);
}

// Vec: 16-byte aligned output and unit-aligned packed input; otherwise every element goes the scalar way.
template <typename T, bool Vec>
__global__ void __launch_bounds__(kThreads) dequantize4bitKernel(const std::uint8_t* __restrict__ packed,
                                                                 AbsmaxSource src, int64_t n, int blockShift,
                                                                 bool nf4, T* __restrict__ out) {
    using Tr = OutTraits<T>;
    constexpr int kEpu = Tr::kElemsPerUnit;
    constexpr int64_t kTile = int64_t(kThreads) * kItems * kEpu;
    constexpr int kMaxBlocksPerTile = int(kTile / 32);
    __shared__ float lut[16];
    __shared__ float smemAbsmax[kMaxBlocksPerTile];

    const int64_t tileStart = int64_t(blockIdx.x) * kTile;
    if (threadIdx.x < 16)
        lut[threadIdx.x] = nf4 ? ls::quant::detail::nf4Value(threadIdx.x) : ls::quant::detail::fp4Value(threadIdx.x);
    const int64_t firstBlock = tileStart >> blockShift;
    const int64_t lastBlock = (min(tileStart + kTile, n) - 1) >> blockShift;
    for (int64_t b = firstBlock + threadIdx.x; b <= lastBlock; b += kThreads)
        smemAbsmax[b - firstBlock] = decodeAbsmax(src, b);
    __syncthreads();

    typename Tr::Packed words[kItems];
    const int64_t unitBase = tileStart / kEpu;
    if (Vec) {
        const auto* in = reinterpret_cast<const typename Tr::Packed*>(packed);
#pragma unroll
        for (int k = 0; k < kItems; ++k) {
            const int64_t unit = unitBase + k * kThreads + threadIdx.x;
            words[k] = (unit + 1) * kEpu <= n ? __ldg(in + unit) : 0;
        }
    }
#pragma unroll
    for (int k = 0; k < kItems; ++k) {
        const int64_t unit = unitBase + k * kThreads + threadIdx.x;
        const int64_t e0 = unit * kEpu;
        if (e0 >= n) break;
        const float am = smemAbsmax[(e0 >> blockShift) - firstBlock];
        if (Vec && e0 + kEpu <= n) {
            float v[kEpu];
#pragma unroll
            for (int b = 0; b < kEpu / 2; ++b) {
                const unsigned byte = (unsigned(words[k]) >> (8 * b)) & 0xffu;
                v[2 * b] = __fmul_rn(lut[byte >> 4], am);
                v[2 * b + 1] = __fmul_rn(lut[byte & 15u], am);
            }
            if constexpr (kEpu == 4) {
                reinterpret_cast<float4*>(out)[unit] = make_float4(v[0], v[1], v[2], v[3]);
            } else {
                uint4 s;
                s.x = Tr::pair(v[0], v[1]);
                s.y = Tr::pair(v[2], v[3]);
                s.z = Tr::pair(v[4], v[5]);
                s.w = Tr::pair(v[6], v[7]);
                reinterpret_cast<uint4*>(out)[unit] = s;
            }
        } else {
            const int64_t end = min(e0 + kEpu, n);
            for (int64_t i = e0; i < end; ++i) {
                const unsigned byte = packed[i >> 1];
                const unsigned idx = (i & 1) ? (byte & 15u) : (byte >> 4);
                out[i] = Tr::convert(__fmul_rn(lut[idx], am));
            }
        }
    }
}

__global__ void dequantizeBlockwise8Kernel(const std::uint8_t* __restrict__ codes, AbsmaxSource src, int64_t n,
                                           float* __restrict__ out) {
    const int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n) out[i] = decodeAbsmax(src, i);
}

template <typename T>
const char* launchDequantize(const std::uint8_t* packed, const AbsmaxSource& src, int64_t n, int blocksize,
                             bool nf4, void* out, cudaStream_t stream) {
    using Tr = OutTraits<T>;
    constexpr int64_t kTile = int64_t(kThreads) * kItems * Tr::kElemsPerUnit;
    const int64_t grid = (n + kTile - 1) / kTile;
    if (grid > 0x7fffffff) return setError("ls_cuda_dequantize4bit: tensor too large");
    const int shift = log2i(blocksize);
    const bool vec = reinterpret_cast<std::uintptr_t>(out) % 16 == 0 &&
                     reinterpret_cast<std::uintptr_t>(packed) % sizeof(typename Tr::Packed) == 0;
    T* o = static_cast<T*>(out);
    if (vec)
        dequantize4bitKernel<T, true><<<unsigned(grid), kThreads, 0, stream>>>(packed, src, n, shift, nf4, o);
    else
        dequantize4bitKernel<T, false><<<unsigned(grid), kThreads, 0, stream>>>(packed, src, n, shift, nf4, o);
    return launchResult("ls_cuda_dequantize4bit");
}

const char* dequantize(const std::uint8_t* packed, const AbsmaxSource& src, int64_t n, int blocksize, int quantType,
                       int outType, void* out, void* stream) {
    if (n <= 0) return setError("ls_cuda_dequantize4bit: empty tensor");
    if (!isPow2Blocksize(blocksize)) return setError("ls_cuda_dequantize4bit: blocksize must be 32, 64, ..., 4096");
    if (!packed || !out) return setError("ls_cuda_dequantize4bit: null pointer");
    const bool nf4 = quantType == LS_QUANT_NF4;
    if (!nf4 && quantType != LS_QUANT_FP4) return setError("ls_cuda_dequantize4bit: unknown quant type");
    cudaStream_t s = static_cast<cudaStream_t>(stream);
    switch (outType) {
    case LS_ELEM_F32: return launchDequantize<float>(packed, src, n, blocksize, nf4, out, s);
    case LS_ELEM_BF16: return launchDequantize<__nv_bfloat16>(packed, src, n, blocksize, nf4, out, s);
    case LS_ELEM_F16: return launchDequantize<__half>(packed, src, n, blocksize, nf4, out, s);
    default: return setError("ls_cuda_dequantize4bit: unknown output type");
    }
}

}  // namespace
}  // namespace ls::quant::cuda

using namespace ls::quant::cuda;

extern "C" const char* ls_cuda_dequantize4bit(const uint8_t* packed, const float* absmax, int64_t n, int blocksize,
                                              int quantType, int outType, void* out, void* stream) {
    if (!absmax) return setError("ls_cuda_dequantize4bit: null absmax");
    return dequantize(packed, AbsmaxSource{absmax, nullptr, nullptr, nullptr, 0.0f}, n, blocksize, quantType, outType,
                      out, stream);
}

extern "C" const char* ls_cuda_dequantize4bit_dq(const uint8_t* packed, const uint8_t* absmaxCodes,
                                                 const float* nestedAbsmax, const float* nestedCode, float offset,
                                                 int64_t n, int blocksize, int quantType, int outType, void* out,
                                                 void* stream) {
    if (!absmaxCodes || !nestedAbsmax || !nestedCode) return setError("ls_cuda_dequantize4bit_dq: null pointer");
    return dequantize(packed, AbsmaxSource{nullptr, absmaxCodes, nestedAbsmax, nestedCode, offset}, n, blocksize,
                      quantType, outType, out, stream);
}

extern "C" const char* ls_cuda_dequantize_blockwise8(const uint8_t* codes, const float* nestedAbsmax,
                                                     const float* code, float offset, int64_t n, float* out,
                                                     void* stream) {
    if (n <= 0) return setError("ls_cuda_dequantize_blockwise8: empty tensor");
    if (!codes || !nestedAbsmax || !code || !out) return setError("ls_cuda_dequantize_blockwise8: null pointer");
    const int64_t grid = (n + 255) / 256;
    dequantizeBlockwise8Kernel<<<unsigned(grid), 256, 0, static_cast<cudaStream_t>(stream)>>>(
        codes, AbsmaxSource{nullptr, codes, nestedAbsmax, code, offset}, n, out);
    return launchResult("ls_cuda_dequantize_blockwise8");
}
