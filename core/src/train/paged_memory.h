// The paged optimizer's memory: CUDA managed (unified) memory, which the driver may move to the host
// when the GPU runs short, as bitsandbytes' paged optimizers do. A request larger than the device's
// free memory is refused, so paging never starts from an oversubscribed card.
#pragma once

#include <torch/torch.h>

namespace ls::train {

// A zero-filled float32 tensor shaped like `like`, in managed memory on like's CUDA device.
// Throws ls::Error when managed memory is unavailable or not enough device memory is free.
torch::Tensor pagedZeros(const torch::Tensor& like);

}  // namespace ls::train
