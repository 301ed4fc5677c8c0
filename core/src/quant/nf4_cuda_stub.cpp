// The C interface of nf4_cuda.h when LoRA Studio is built without CUDA kernels: every call reports that.
#ifndef LS_HAVE_CUDA_KERNELS

#include "quant/nf4_cuda.h"

namespace {
const char* kNoKernels = "LoRA Studio was built without CUDA kernels (no CUDA compiler found)";
}

extern "C" {

const char* ls_cuda_device_count(int* count) {
    if (count) *count = 0;
    return kNoKernels;
}
const char* ls_cuda_device_name(char*, size_t) { return kNoKernels; }
const char* ls_cuda_malloc(void** ptr, size_t) {
    if (ptr) *ptr = nullptr;
    return kNoKernels;
}
const char* ls_cuda_free(void*) { return kNoKernels; }
const char* ls_cuda_memcpy_h2d(void*, const void*, size_t) { return kNoKernels; }
const char* ls_cuda_memcpy_d2h(void*, const void*, size_t) { return kNoKernels; }
const char* ls_cuda_synchronize(void) { return kNoKernels; }
const char* ls_cuda_quantize4bit(const void*, int, int64_t, int, int, float*, uint8_t*, void*) { return kNoKernels; }
const char* ls_cuda_quantize_blockwise8(const float*, const float*, int64_t, const float*, uint8_t*, float*, void*) {
    return kNoKernels;
}
const char* ls_cuda_dequantize_blockwise8(const uint8_t*, const float*, const float*, float, int64_t, float*, void*) {
    return kNoKernels;
}
const char* ls_cuda_dequantize4bit(const uint8_t*, const float*, int64_t, int, int, int, void*, void*) {
    return kNoKernels;
}
const char* ls_cuda_dequantize4bit_dq(const uint8_t*, const uint8_t*, const float*, const float*, float, int64_t, int,
                                      int, int, void*, void*) {
    return kNoKernels;
}

}  // extern "C"

#endif  // LS_HAVE_CUDA_KERNELS
