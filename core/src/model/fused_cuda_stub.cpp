// The C interface of model/fused_cuda.h when LoRA Studio is built without CUDA kernels: every call says so.
#ifndef LS_HAVE_CUDA_KERNELS

#include "model/fused_cuda.h"

namespace {
const char* kNoKernels = "LoRA Studio was built without CUDA kernels (no CUDA compiler found)";
}

extern "C" {

const char* ls_cuda_rmsnorm_forward(const void*, const void*, int, int64_t, int64_t, float, void*, float*, void*) {
    return kNoKernels;
}
const char* ls_cuda_rmsnorm_backward(const void*, const void*, const void*, const float*, int, int64_t, int64_t, int,
                                     void*, void*) {
    return kNoKernels;
}
const char* ls_cuda_swiglu_forward(const void*, const void*, int, int64_t, void*, void*) { return kNoKernels; }
const char* ls_cuda_swiglu_backward(const void*, const void*, const void*, int, int64_t, void*, void*, void*, void*) {
    return kNoKernels;
}

const char* ls_cuda_rotary(const void*, const void*, const void*, int, int64_t, int64_t, int64_t, int, void*, void*) {
    return kNoKernels;
}

}  // extern "C"

#endif
