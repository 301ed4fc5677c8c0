// What kind of failure a run ended with, for front ends that offer a fix (the GUI's "Fit to GPU memory").
#pragma once

#include <string>

#include "lorastudio/train.h"

namespace ls {

// Every out-of-GPU-memory failure's message starts with this (train/run_memory.cpp writes them).
inline constexpr char kOutOfMemoryPrefix[] = "CUDA out of memory";

// ... and, when the memory estimate found options that make the run fit this GPU, it names them with this.
inline constexpr char kOutOfMemoryFitMarker[] = ", fits this GPU;";

inline bool isOutOfMemoryFailure(const TrainResult& result) {
    return result.state == RunState::Failed && result.message.rfind(kOutOfMemoryPrefix, 0) == 0;
}

// An out-of-memory failure whose message names options that fit (what "Fit to GPU memory" would turn on).
inline bool outOfMemoryFailureHasFit(const TrainResult& result) {
    return isOutOfMemoryFailure(result) && result.message.find(kOutOfMemoryFitMarker) != std::string::npos;
}

}  // namespace ls
