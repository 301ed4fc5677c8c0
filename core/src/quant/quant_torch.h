// Torch-side NF4/FP4: quantizes and dequantizes torch tensors on the CPU (the exact CPU path) or on CUDA (the
// kernels of nf4_cuda.h on the current stream). Internal to core; used by the QLoRA linear layer.
#pragma once

#include <torch/torch.h>

#include "lorastudio/quant.h"

namespace ls::quant {

// A quantized weight as tensors on one device, with bitsandbytes' tensor shapes and dtypes.
struct QuantizedTensor {
    torch::Tensor packed;        // uint8 [(n+1)/2, 1]
    torch::Tensor absmax;        // float32 [nblocks], or uint8 [nblocks] under double quant
    torch::Tensor nestedAbsmax;  // float32 [ceil(nblocks/256)] under double quant
    torch::Tensor nestedCode;    // float32 [256] under double quant
    torch::Tensor code;          // float32 [16] quant_map
    QuantType type = QuantType::NF4;
    int blocksize = 64;
    torch::ScalarType dtype = torch::kBFloat16;  // original weight dtype = dequantized dtype
    std::vector<int64_t> shape;
    bool doubleQuant = false;
    float nestedOffset = 0.0f;
};

// Quantizes a float32/bfloat16/float16 tensor where it lives. On CUDA the double-quant offset is torch's own
// mean() of the CUDA absmax tensor, so the bytes equal bitsandbytes'. Throws ls::Error on NaN/Inf.
// options.nestedOffset, when set, overrides the mean on either device.
QuantizedTensor quantize4bit(const torch::Tensor& weight, const QuantizeOptions& options = {},
                             const std::string& what = "weight");

// Dequantizes to q.dtype with q.shape, on q.packed's device.
torch::Tensor dequantize4bit(const QuantizedTensor& q);

// Conversions to and from the torch-free representation (copies through the CPU).
QuantState toQuantState(const QuantizedTensor& q);
Quantized4bit toQuantized4bit(const QuantizedTensor& q);
QuantizedTensor fromQuantized4bit(const Quantized4bit& q, const torch::Device& device = torch::kCPU);

// Whether the CUDA kernels are built and a CUDA device is visible.
bool cudaKernelsAvailable();

// The cudaStream_t the kernels launch on for `device`: torch's current stream. Built against a LibTorch
// without CUDA headers that must be the default stream (throws ls::Error naming `what` otherwise).
void* cudaKernelStream(const torch::Device& device, const std::string& what);

// Whether the current CUDA stream is capturing a CUDA graph (then nothing may wait for the GPU).
bool cudaStreamCapturing();

// The kernels' element type code (LS_ELEM_F32 / _BF16 / _F16 of nf4_cuda.h) for float, bfloat16 and half.
int cudaElemType(torch::ScalarType t);

}  // namespace ls::quant
