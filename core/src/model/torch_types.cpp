#include "model/torch_types.h"

#include "model/cuda_allocator.h"

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
    if (device != Device::CUDA) return torch::Device(torch::kCPU);
    configureCudaAllocator();  // every CUDA path of the engine starts here, before its first allocation
    return torch::Device(torch::kCUDA, 0);
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
