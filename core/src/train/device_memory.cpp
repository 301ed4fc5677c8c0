#include "train/device_memory.h"

#if defined(LS_TORCH_CUDA)
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <cuda_runtime_api.h>
#endif

namespace ls::train {

DeviceMemory deviceMemory(const torch::Device& device) {
    DeviceMemory m;
#if defined(LS_TORCH_CUDA)
    if (device.is_cuda()) {
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index() < 0 ? 0 : device.index());
        m.allocated = stats.allocated_bytes[0].current;  // index 0: StatType::AGGREGATE
        m.reserved = stats.reserved_bytes[0].current;
        m.peak = stats.allocated_bytes[0].peak;
    }
#endif
    return m;
}

void resetPeakMemory(const torch::Device& device) {
#if defined(LS_TORCH_CUDA)
    if (device.is_cuda()) c10::cuda::CUDACachingAllocator::resetPeakStats(device.index() < 0 ? 0 : device.index());
#endif
}

std::pair<int64_t, int64_t> deviceFreeTotal(const torch::Device& device) {
#if defined(LS_TORCH_CUDA)
    if (device.is_cuda()) {
        size_t freeBytes = 0, totalBytes = 0;
        if (cudaMemGetInfo(&freeBytes, &totalBytes) == cudaSuccess)
            return {static_cast<int64_t>(freeBytes), static_cast<int64_t>(totalBytes)};
    }
#endif
    return {0, 0};
}

void synchronize(const torch::Device& device) {
#if defined(LS_TORCH_CUDA)
    if (device.is_cuda()) c10::cuda::device_synchronize();
#endif
}

}  // namespace ls::train
