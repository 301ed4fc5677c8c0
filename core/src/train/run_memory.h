// The memory estimate beside the measured peak: RUN/memory.json is written once the first steps are
// done (the peak includes a full forward, backward and optimizer step by then), so a user sees how
// the prediction held up. Also the message for a CUDA out-of-memory failure.
#pragma once

#include <filesystem>

#include "lorastudio/memory_estimate.h"
#include "lorastudio/train.h"

namespace ls::train {

class RunMemoryRecord {
public:
    RunMemoryRecord(const std::filesystem::path& runDir, const Model& model, const TrainConfig& config);
    // Called after each step; writes RUN/memory.json after step kRecordAfterStep (CUDA runs only).
    void observe(int64_t step, int64_t measuredPeak);

    static constexpr int64_t kRecordAfterStep = 3;

private:
    std::filesystem::path m_runDir;
    MemoryBreakdown m_estimate;
    bool m_valid = false;
    bool m_written = false;
};

// The one-line error for a run that ran out of GPU memory: the estimate, then what ls::fitToMemory would turn
// on to fit kGpuBudgetShare of `gpuBytes` (the GPU's memory; 0 when unknown), or that nothing would, or (when the
// estimate thinks the run fits already) every option the run does not use yet.
std::string outOfMemoryMessage(const std::filesystem::path& runDir, const TrainConfig& config, int64_t gpuBytes);

}  // namespace ls::train
