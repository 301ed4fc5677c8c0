// Device management behind nf4_cuda.h, so tests and benchmarks need no CUDA headers.
#include <cstring>

#include "quant/cuda_util.cuh"
#include "quant/nf4_cuda.h"

using namespace ls::quant::cuda;

extern "C" const char* ls_cuda_device_count(int* count) {
    int c = 0;
    cudaError_t err = cudaGetDeviceCount(&c);
    if (count) *count = err == cudaSuccess ? c : 0;
    if (err != cudaSuccess) {
        cudaGetLastError();  // clear the sticky-free error so later calls start clean
        return cudaFailure("no CUDA device", err);
    }
    return c > 0 ? nullptr : setError("no CUDA device");
}

extern "C" const char* ls_cuda_device_name(char* buf, size_t size) {
    int dev = 0;
    cudaError_t err = cudaGetDevice(&dev);
    if (err != cudaSuccess) return cudaFailure("cudaGetDevice", err);
    cudaDeviceProp prop;
    err = cudaGetDeviceProperties(&prop, dev);
    if (err != cudaSuccess) return cudaFailure("cudaGetDeviceProperties", err);
    if (buf && size) {
        std::strncpy(buf, prop.name, size - 1);
        buf[size - 1] = '\0';
    }
    return nullptr;
}

extern "C" const char* ls_cuda_malloc(void** ptr, size_t bytes) {
    cudaError_t err = cudaMalloc(ptr, bytes);
    return err == cudaSuccess ? nullptr : cudaFailure("cudaMalloc", err);
}

extern "C" const char* ls_cuda_free(void* ptr) {
    cudaError_t err = cudaFree(ptr);
    return err == cudaSuccess ? nullptr : cudaFailure("cudaFree", err);
}

extern "C" const char* ls_cuda_memcpy_h2d(void* dst, const void* src, size_t bytes) {
    cudaError_t err = cudaMemcpy(dst, src, bytes, cudaMemcpyHostToDevice);
    return err == cudaSuccess ? nullptr : cudaFailure("cudaMemcpy host to device", err);
}

extern "C" const char* ls_cuda_memcpy_d2h(void* dst, const void* src, size_t bytes) {
    cudaError_t err = cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToHost);
    return err == cudaSuccess ? nullptr : cudaFailure("cudaMemcpy device to host", err);
}

extern "C" const char* ls_cuda_synchronize(void) {
    cudaError_t err = cudaDeviceSynchronize();
    return err == cudaSuccess ? nullptr : cudaFailure("cudaDeviceSynchronize", err);
}
