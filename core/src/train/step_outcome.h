// What one optimizer step reports (train/trainer.h, train/graphed_step.h).
#pragma once

#include <cstdint>

namespace ls::train {

struct StepOutcome {
    bool completed = false;  // false: cancelled between micro-batches (no update was applied)
    double loss = 0;         // mean over the micro-batches (a host sync, once per step)
    double gradNorm = 0;     // before clipping
    int64_t tokens = 0;      // non-padding tokens of the step
    bool finite = true;      // loss and gradient norm finite; when false no update was applied
};

}  // namespace ls::train
