#include "model/torch_types.h"

namespace ls::model {

torch::Dtype toTorchDtype(ComputeType type) {
    switch (type) {
        case ComputeType::F32: return torch::kFloat32;
        case ComputeType::BF16: return torch::kBFloat16;
        case ComputeType::F16: return torch::kFloat16;
    }
    return torch::kFloat32;
}

torch::Device toTorchDevice(Device device) {
    return device == Device::CUDA ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

std::optional<torch::Dtype> floatStorageDtype(DType type) {
    switch (type) {
        case DType::F64: return torch::kFloat64;
        case DType::F32: return torch::kFloat32;
        case DType::F16: return torch::kFloat16;
        case DType::BF16: return torch::kBFloat16;
        default: return std::nullopt;
    }
}

}  // namespace ls::model
