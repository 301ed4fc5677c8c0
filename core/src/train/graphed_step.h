// A training step replayed from CUDA graphs. Eager LibTorch spends ~30 µs of CPU per kernel on dispatch
// and autograd bookkeeping, and a LoRA step launches thousands of kernels: on an H100/H200 the GPU then
// waits for the CPU (llama-1b: busy 54 of 84 ms). Here each micro-batch's forward + backward is captured
// once per batch shape and replayed with one launch, and so is the update (clip, AdamW, zeroing).
//
// How it stays correct:
// - the same code runs eager and captured: a shape's first micro-batch runs eager (it warms cuBLAS,
//   cuDNN and the allocator on the graph's stream), its second is captured and replayed;
// - nothing in a step waits for the host: the loss takes every position (causalLmLossAllRows), token ids
//   are checked before they are copied into the graph's input, the learning rate and step count sit in
//   device scalars, and AdamW skips a non-finite step on the device (torch's fused AdamW, found_inf);
// - gradients, loss sum and statistics live outside the graphs' memory pool, so graphs of different
//   shapes can share one pool and replay in any order;
// - a capture that fails (an op that cannot be captured, out of memory) turns graphs off for the run and
//   that micro-batch runs eager: the step is never lost.
// Internal to core. Without a CUDA build of LibTorch ≥ 2.3 available() is false.
#pragma once

#include <torch/torch.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lorastudio/train.h"
#include "train/adamw.h"
#include "train/batches.h"
#include "train/step_outcome.h"

namespace ls::train {

class GraphedStep {
public:
    // Whether steps can be graphed for this build, device and configuration; else `why` says why not.
    static bool available(const TrainConfig& config, const torch::Device& device, bool headAdapted, std::string* why);

    // loss(batch): the differentiable mean loss of one micro-batch, free of host synchronisation.
    using LossFn = std::function<torch::Tensor(const MicroBatch&)>;
    // afterBackward, when set, runs after each micro-batch's backward, inside its graph.
    GraphedStep(const TrainConfig& config, std::vector<torch::Tensor> params, AdamW& optimizer, LossFn loss,
                int64_t vocab, std::function<void()> afterBackward = {});
    ~GraphedStep();

    // As Trainer::step.
    StepOutcome step(const std::function<MicroBatch(int)>& next, double lr, const std::atomic<bool>* cancel);

    // Graphs captured so far (micro-batch shapes + the update); 0 while warming up or after a fallback.
    int graphsCaptured() const;
    // Empty while graphs are on; the reason once a failed capture turned them off.
    const std::string& fallbackReason() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace ls::train
