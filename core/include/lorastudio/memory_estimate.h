// How much device memory training an adapter needs, estimated from config.json alone (no weights are
// loaded): frozen base, adapter, gradients, AdamW states, activations, the loss and a workspace margin.
// The formula follows what the engine stores; each term and its constants are documented in
// core/src/memory_estimate.cpp so they can be calibrated against measured peaks. Torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lorastudio/lora.h"
#include "lorastudio/model.h"
#include "lorastudio/model_config.h"
#include "lorastudio/train.h"

namespace ls {

struct MemoryEstimateOptions {
    int64_t batch = 1;                      // sequences per micro-batch, >= 1
    int64_t seqLen = 1024;                  // tokens per sequence, >= 1 (every sequence padded/packed to it)
    bool gradCheckpointing = false;         // recompute each decoder layer in backward instead of keeping it
    ComputeType dtype = ComputeType::BF16;  // compute dtype of the frozen base and of the activations
    // Optimizer states in CUDA managed memory that may move to the host under pressure. They are still
    // counted in optimizerStates (the pages stay on the device while there is room); note that the
    // caching allocator's peak, which the engine reports, does not see them.
    bool pagedOptimizer = false;
    // The embedding table stays in host memory (set it to embeddingsStayOnHost(config, device), as the
    // engine loads it): then it is counted in hostWeights, not frozenWeights. Ignored for tied embeddings.
    bool embeddingsOnHost = false;
    // Activation offload (TrainConfig::offloadActivations, CUDA, no checkpointing): SwiGLU's gate and up
    // of all but the last offloadKeptLayers() layers are counted in hostActivations, not activations.
    bool offloadActivations = false;
    // Weight streaming (LoadOptions::streamedLayers; CUDA, dense weights only): this many layers' projection
    // weights are counted in hostWeights, and weightStreamSlots() of them in frozenWeights (the GPU slots).
    int64_t streamedLayers = 0;
};

// The options a training run of `config` on `model` is estimated with, as the engine will place things:
// micro-batch, checkpointing, the compute dtype (bf16 on CUDA, else fp32, unless set), paged optimizer, the
// embedding table (embeddingsStayOnHost), activation offload and weight streaming (CUDA only).
MemoryEstimateOptions estimateOptionsFor(const TrainConfig& config, const ModelConfig& model);

// Bytes per term; total() is their sum. The three counts at the end are not bytes and not in total().
struct MemoryBreakdown {
    int64_t frozenWeights = 0;    // the base model as stored on the device (bf16/fp32, or NF4 for QLoRA)
    int64_t adapterWeights = 0;   // LoRA A and B, float32
    int64_t gradients = 0;        // float32 gradients of the trainable adapter weights
    int64_t optimizerStates = 0;  // AdamW exp_avg and exp_avg_sq, float32
    int64_t activations = 0;      // what autograd keeps between forward and backward, per micro-batch
    int64_t logits = 0;           // the loss: one chunk of float32 logits and the gradient of the hidden state
    int64_t workspace = 0;        // dequantized QLoRA weights, cuBLAS/allocator overhead, fragmentation
    int64_t hostWeights = 0;      // frozen weights kept in host memory (embedding table, streamed layers); not in total()
    int64_t hostActivations = 0;  // activations offloaded to page-locked host memory; not in total()

    int64_t adaptedModules = 0;   // linear modules that carry an adapter
    int64_t adapterParams = 0;    // elements of A and B over all adapted modules
    int64_t trainableParams = 0;  // adapterParams, or only B's elements for LoRA-FA

    int64_t total() const;
};

// Every linear of the decoder described by `config`, in model order (layer 0 q,k,v,o,gate,up,down, ...,
// lm_head), named as transformers names them. With `quantized`, decoder-layer linears are "Linear4bit";
// lm_head is always "Linear".
std::vector<LinearModuleInfo> linearModulesFromConfig(const ModelConfig& config, bool quantized);

// Throws ls::Error for batch/seqLen < 1, invalid LoRA options, or a target selection that matches nothing
// (the same message selectLoraTargets gives for a loaded model).
MemoryBreakdown estimateTrainingMemory(const ModelConfig& config, const LoraOptions& lora,
                                       const MemoryEstimateOptions& options);

// {"frozen_weights": .., "adapter_weights": .., "gradients": .., "optimizer_states": .., "activations": ..,
//  "logits": .., "workspace": .., "host_weights": .., "host_activations": .., "total": ..}, all in bytes, one
// line; total is device memory and leaves the host terms out.
std::string memoryBreakdownToJson(const MemoryBreakdown& breakdown);

}  // namespace ls
