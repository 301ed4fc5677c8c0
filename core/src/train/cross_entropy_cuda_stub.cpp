// The C interface of train/cross_entropy_cuda.h when LoRA Studio is built without CUDA kernels.
#ifndef LS_HAVE_CUDA_KERNELS

#include "train/cross_entropy_cuda.h"

extern "C" const char* ls_cuda_cross_entropy_rows(void*, const int64_t*, int, int64_t, int64_t, float, float*, void*) {
    return "LoRA Studio was built without CUDA kernels (no CUDA compiler found)";
}

#endif
