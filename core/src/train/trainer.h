// One optimizer step of adapter training over micro-batches: forward, chunked loss, backward, global
// gradient norm and clipping, AdamW. Shared by TrainingSession (data from a file) and the benchmarks
// (random tokens). Internal to core.
#pragma once

#include <torch/torch.h>

#include <atomic>
#include <functional>

#include "lorastudio/train.h"
#include "model/activation_offload.h"
#include "train/adamw.h"
#include "train/batches.h"
#include "train/graphed_step.h"
#include "train/step_outcome.h"

namespace ls::train {

class Trainer {
public:
    // The adapter must already be attached to the model. Gradient checkpointing is set on the decoder, and
    // activation offload (with `offload`'s settings) when the config asks for it.
    Trainer(Model& model, LoraAdapter& adapter, const TrainConfig& config, const model::OffloadOptions& offload = {});

    // Runs config.gradAccum micro-batches (from `next`, called with 0..gradAccum-1) and, when all is
    // finite, applies AdamW at learning rate `lr`. `cancel`, when set between micro-batches, abandons
    // the step. `seedBase` seeds the random state per micro-batch (dropout) for reproducible runs.
    StepOutcome step(const std::function<MicroBatch(int)>& next, double lr, uint64_t seedBase,
                     const std::atomic<bool>* cancel = nullptr);

    // Loss of one micro-batch (differentiable when grad mode is on).
    torch::Tensor loss(const MicroBatch& batch) const;
    // Mean loss over batches, weighted by their target tokens, without gradients.
    double evalLoss(const std::vector<MicroBatch>& batches) const;

    ~Trainer();

    AdamW& optimizer() { return m_optimizer; }
    // Whether activations go to host memory (TrainConfig::offloadActivations); else `offloadOffReason` says
    // why not (empty when it was not asked for).
    bool offloadingActivations() const { return m_offload != nullptr; }
    const std::string& offloadOffReason() const { return m_offloadOff; }
    // Bytes sent to host memory by the last forward pass, and page-locked host memory held for them.
    int64_t offloadedBytes() const { return m_offload ? m_offload->offloadedBytes() : 0; }
    int64_t offloadPinnedBytes() const { return m_offload ? m_offload->pinnedBytes() : 0; }
    // Whether steps replay from CUDA graphs (train/graphed_step.h); else `graphsOffReason` says why not.
    bool cudaGraphs() const { return m_graphed && m_graphed->fallbackReason().empty(); }
    int cudaGraphsCaptured() const { return m_graphed ? m_graphed->graphsCaptured() : 0; }
    std::string graphsOffReason() const { return m_graphed ? m_graphed->fallbackReason() : m_graphsOff; }
    const std::vector<torch::Tensor>& parameters() const { return m_params; }
    torch::Device device() const;

private:
    Model& m_model;
    LoraAdapter& m_adapter;
    TrainConfig m_config;
    std::vector<torch::Tensor> m_params;
    AdamW m_optimizer;
    bool m_headAdapted = false;
    // Declared before the graphs: their copies name its host buffers, so it goes after them.
    std::shared_ptr<model::ActivationOffload> m_offload;
    std::string m_offloadOff;
    std::unique_ptr<GraphedStep> m_graphed;
    std::string m_graphsOff;
};

// Optimizer state in CUDA managed memory (train/paged_memory.h), or ordinary zeros elsewhere.
std::function<torch::Tensor(const torch::Tensor&)> optimizerStateAllocator(const TrainConfig& config);

}  // namespace ls::train
