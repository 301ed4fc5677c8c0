// CUDA managed memory for the paged optimizer (see managed_memory_cuda.h).
#include <cuda_runtime.h>

#include "train/managed_memory_cuda.h"

extern "C" {

const char* ls_cuda_mem_info(int device, size_t* freeBytes, size_t* totalBytes) {
    int previous = 0;
    cudaGetDevice(&previous);
    cudaError_t e = cudaSetDevice(device);
    if (e == cudaSuccess) e = cudaMemGetInfo(freeBytes, totalBytes);
    cudaSetDevice(previous);
    return e == cudaSuccess ? nullptr : cudaGetErrorString(e);
}

const char* ls_cuda_malloc_managed(void** ptr, size_t bytes, int device) {
    *ptr = nullptr;
    cudaError_t e = cudaMallocManaged(ptr, bytes, cudaMemAttachGlobal);
    if (e != cudaSuccess) return cudaGetErrorString(e);
#if CUDART_VERSION >= 13000
    cudaMemLocation where{};
    where.type = cudaMemLocationTypeDevice;
    where.id = device;
    cudaMemAdvise(*ptr, bytes, cudaMemAdviseSetPreferredLocation, where);
#else
    cudaMemAdvise(*ptr, bytes, cudaMemAdviseSetPreferredLocation, device);
#endif
    e = cudaMemset(*ptr, 0, bytes);
    if (e == cudaSuccess) e = cudaDeviceSynchronize();
    if (e != cudaSuccess) {
        cudaFree(*ptr);
        *ptr = nullptr;
        return cudaGetErrorString(e);
    }
    return nullptr;
}

const char* ls_cuda_free_managed(void* ptr) {
    cudaError_t e = cudaFree(ptr);
    return e == cudaSuccess ? nullptr : cudaGetErrorString(e);
}

}  // extern "C"
