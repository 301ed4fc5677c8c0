// Making a run fit its GPU: the memory options of a TrainConfig changed as little as speed allows so that
// its estimate (memory_estimate.h) stays within a budget. Torch-free.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "lorastudio/memory_estimate.h"
#include "lorastudio/train.h"

namespace ls {

// The share of a GPU's memory a fitted run may plan for: the rest is left to the CUDA context, the
// allocator's fragmentation and whatever else uses the card (the Method page calls a bar above it "tight").
constexpr double kGpuBudgetShare = 0.85;

struct MemoryFit {
    TrainConfig config;        // the run with the options that fit
    MemoryBreakdown estimate;  // its estimate, at most the budget
    std::string change;        // what was turned on, e.g. "activation offload and 6 streamed layers"; empty: nothing
};

// On CUDA, tries in order of their cost in speed (measured on an H100, README → Performance) until the
// estimate is at most `budget` bytes: the run as it is; activation offload (about 1.5% slower); offload
// with 3 up to a quarter of the layers' weights streamed (the two share PCIe: llama-8b with 7 layers was
// 32% slower); gradient checkpointing (about a third more compute, 50% slower there); checkpointing with 3 up
// to all layers streamed. What the run already has turned on stays on; streaming is for LoRA and LoRA-FA
// only. nullopt when nothing fits (or on the CPU, which has none of these options): then only a smaller
// batch, shorter sequences or QLoRA help.
std::optional<MemoryFit> fitToMemory(const TrainConfig& config, const ModelConfig& model, int64_t budget);

}  // namespace ls
