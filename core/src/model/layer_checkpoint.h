// Gradient checkpointing for one decoder layer. LibTorch's C++ API has no checkpoint helper, so this
// is the reentrant scheme: forward runs the layer with grad off and keeps only its input; backward
// runs it again with grad on and back-propagates through that fresh graph (the layer's trainable
// weights, e.g. LoRA A and B, receive their gradients there), returning the gradient of the input.
#pragma once

#include <torch/torch.h>

#include <functional>

namespace ls::model {

using LayerFn = std::function<torch::Tensor(const torch::Tensor&)>;

// `fn` must be deterministic given the random state; with preserveRng the CPU (and CUDA) generator
// state is restored for the recompute so dropout draws the same mask.
torch::Tensor checkpointLayer(LayerFn fn, const torch::Tensor& input, bool preserveRng);

}  // namespace ls::model
