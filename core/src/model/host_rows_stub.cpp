// The C interface of model/host_rows_cuda.h when LoRA Studio is built without CUDA kernels: every call says so.
#ifndef LS_HAVE_CUDA_KERNELS

#include "model/host_rows_cuda.h"

namespace {
const char* kNoKernels = "LoRA Studio was built without CUDA kernels (no CUDA compiler found)";
}

extern "C" {

const char* ls_cuda_host_register(void*, size_t, void** devicePtr) {
    if (devicePtr) *devicePtr = nullptr;
    return kNoKernels;
}
const char* ls_cuda_host_unregister(void*) { return kNoKernels; }
const char* ls_cuda_gather_rows(const void*, int64_t, int64_t, const int64_t*, int64_t, void*, void*) {
    return kNoKernels;
}

}  // extern "C"

#endif
