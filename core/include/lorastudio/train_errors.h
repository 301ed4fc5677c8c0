// What kind of failure a run ended with, for front ends that offer a fix (the GUI's "Fit to GPU memory").
#pragma once

#include <string>

#include "lorastudio/train.h"

namespace ls {

// Every out-of-GPU-memory failure's message starts with this (train/run_memory.cpp writes them).
inline constexpr char kOutOfMemoryPrefix[] = "CUDA out of memory";

inline bool isOutOfMemoryFailure(const TrainResult& result) {
    return result.state == RunState::Failed && result.message.rfind(kOutOfMemoryPrefix, 0) == 0;
}

}  // namespace ls
