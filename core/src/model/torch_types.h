// Conversions between LoRA Studio's plain enums and torch's dtypes and devices.
#pragma once

#include <torch/torch.h>

#include "lorastudio/dtype.h"
#include "lorastudio/model.h"

namespace ls::model {

torch::Dtype toTorchDtype(ComputeType type);
torch::Device toTorchDevice(Device device);
// The torch dtype of a stored floating-point tensor; std::nullopt for integer and bool storage.
std::optional<torch::Dtype> floatStorageDtype(DType type);

}  // namespace ls::model
