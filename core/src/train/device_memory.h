// Memory figures: on CUDA the caching allocator's; on the CPU the process's resident memory (allocated)
// and its peak since the process started (reserved 0).
#pragma once

#include <torch/torch.h>

#include <algorithm>
#include <cstdint>

namespace ls::train {

struct DeviceMemory {
    int64_t allocated = 0, reserved = 0, peak = 0;  // bytes; peak (of allocated) since the last reset
    int64_t reservedPeak = 0;                         // peak of reserved since the last reset (0 on the CPU)
    // What a run really holds at its peak. A CUDA graph's replays allocate nothing (their memory is the
    // graph's pool, reserved), so with graphs the allocated peak alone would understate it.
    int64_t footprint(bool cudaGraphs) const { return cudaGraphs ? std::max(peak, reservedPeak) : peak; }
};

DeviceMemory deviceMemory(const torch::Device& device);
void resetPeakMemory(const torch::Device& device);
// Free and total bytes of the device (cudaMemGetInfo); {0, 0} on the CPU.
std::pair<int64_t, int64_t> deviceFreeTotal(const torch::Device& device);
// Waits for queued GPU work (for timing); nothing on the CPU.
void synchronize(const torch::Device& device);

}  // namespace ls::train
