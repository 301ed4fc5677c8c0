// Shared helpers of the quantization kernels: error strings for the C interface and exact float primitives.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

namespace ls::quant::cuda {

// The returned pointer stays valid until the next error on this thread.
inline const char* setError(const std::string& message) {
    static thread_local std::string last;
    last = message;
    return last.c_str();
}

inline const char* cudaFailure(const char* what, cudaError_t err) {
    return setError(std::string(what) + ": " + cudaGetErrorString(err));
}

// After a launch: NULL, or the launch error.
inline const char* launchResult(const char* what) {
    cudaError_t err = cudaGetLastError();
    return err == cudaSuccess ? nullptr : cudaFailure(what, err);
}

// rcp.approx.ftz.f32, the instruction bitsandbytes' `1.0f / absmax` becomes under --use_fast_math.
__device__ __forceinline__ float rcpApprox(float x) {
    float r;
    asm("rcp.approx.ftz.f32 %0, %1;" : "=f"(r) : "f"(x));
    return r;
}

__device__ __forceinline__ float warpMax(float v) {
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, off));
    return v;
}

inline bool isPow2Blocksize(int b) { return b >= 32 && b <= 4096 && (b & (b - 1)) == 0; }

inline int log2i(int b) {
    int s = 0;
    while ((1 << s) < b) ++s;
    return s;
}

}  // namespace ls::quant::cuda
