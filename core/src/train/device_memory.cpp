#include "train/device_memory.h"

#if defined(LS_TORCH_CUDA)
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <cuda_runtime_api.h>
#endif

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace ls::train {

namespace {

// The process's resident memory now and at its peak (CPU runs), from /proc and getrusage.
DeviceMemory processMemory() {
    DeviceMemory m;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
        long size = 0, resident = 0;
        if (std::fscanf(f, "%ld %ld", &size, &resident) == 2) m.allocated = int64_t(resident) * sysconf(_SC_PAGE_SIZE);
        std::fclose(f);
    }
    struct rusage usage {};
    if (getrusage(RUSAGE_SELF, &usage) == 0) m.peak = int64_t(usage.ru_maxrss) * 1024;  // ru_maxrss is in KiB
    // The kernel updates the high-water mark lazily, so it can trail the current figure.
    m.peak = std::max(m.peak, m.allocated);
    return m;
}

}  // namespace

DeviceMemory deviceMemory(const torch::Device& device) {
    if (!device.is_cuda()) return processMemory();
    DeviceMemory m;
#if defined(LS_TORCH_CUDA)
    if (device.is_cuda()) {
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index() < 0 ? 0 : device.index());
        m.allocated = stats.allocated_bytes[0].current;  // index 0: StatType::AGGREGATE
        m.reserved = stats.reserved_bytes[0].current;
        m.peak = stats.allocated_bytes[0].peak;
        m.reservedPeak = stats.reserved_bytes[0].peak;
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
