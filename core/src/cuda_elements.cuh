// Element conversions shared by the CUDA kernels: float32 arithmetic on float / bfloat16 / half storage.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>

namespace ls::cuda {

__device__ __forceinline__ float toFloat(float v) { return v; }
__device__ __forceinline__ float toFloat(__nv_bfloat16 v) { return __bfloat162float(v); }
__device__ __forceinline__ float toFloat(__half v) { return __half2float(v); }

// Round to nearest even, as torch's casts.
template <typename T>
__device__ __forceinline__ T fromFloat(float v);
template <>
__device__ __forceinline__ float fromFloat<float>(float v) {
    return v;
}
template <>
__device__ __forceinline__ __nv_bfloat16 fromFloat<__nv_bfloat16>(float v) {
    return __float2bfloat16(v);
}
template <>
__device__ __forceinline__ __half fromFloat<__half>(float v) {
    return __float2half(v);
}

// The value a T tensor would hold.
template <typename T>
__device__ __forceinline__ float roundTo(float v) {
    return toFloat(fromFloat<T>(v));
}

}  // namespace ls::cuda
