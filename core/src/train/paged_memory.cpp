#include "train/paged_memory.h"

#include <string>

#include "lorastudio/error.h"
#include "train/managed_memory_cuda.h"

#ifndef LS_HAVE_CUDA_KERNELS
extern "C" {
static const char* kNoKernels = "LoRA Studio was built without CUDA kernels (no CUDA compiler found)";
const char* ls_cuda_mem_info(int, size_t*, size_t*) { return kNoKernels; }
const char* ls_cuda_malloc_managed(void** ptr, size_t, int) {
    *ptr = nullptr;
    return kNoKernels;
}
const char* ls_cuda_free_managed(void*) { return kNoKernels; }
}
#endif

namespace ls::train {

torch::Tensor pagedZeros(const torch::Tensor& like) {
    LS_CHECK(like.is_cuda(), "the paged optimizer needs a CUDA device");
    const int device = like.device().index() < 0 ? 0 : like.device().index();
    const size_t bytes = static_cast<size_t>(like.numel()) * sizeof(float);
    size_t freeBytes = 0, totalBytes = 0;
    if (const char* err = ls_cuda_mem_info(device, &freeBytes, &totalBytes))
        fail(std::string("paged optimizer: ") + err);
    // Managed memory may oversubscribe the card; asking for more than is free would start paging at once.
    LS_CHECK(bytes <= freeBytes, "paged optimizer: " + std::to_string(bytes >> 20) + " MiB of state, but only " +
                                     std::to_string(freeBytes >> 20) + " MiB of GPU memory are free");
    void* ptr = nullptr;
    if (const char* err = ls_cuda_malloc_managed(&ptr, bytes, device)) fail(std::string("paged optimizer: ") + err);
    return torch::from_blob(
        ptr, like.sizes(), [](void* p) { ls_cuda_free_managed(p); },
        torch::TensorOptions().dtype(torch::kFloat32).device(like.device()));
}

}  // namespace ls::train
