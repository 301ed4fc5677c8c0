#include "quant/quant_torch.h"

#include <c10/core/DeviceGuard.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>

#include <cstring>

#if defined(LS_TORCH_CUDA)
#include <c10/cuda/CUDAGraphsC10Utils.h>
#include <c10/cuda/CUDAStream.h>
#endif

#include "lorastudio/error.h"
#include "quant/nf4_cuda.h"

namespace ls::quant {
namespace {

DType toDType(torch::ScalarType t, const std::string& what) {
    switch (t) {
    case torch::kFloat: return DType::F32;
    case torch::kBFloat16: return DType::BF16;
    case torch::kHalf: return DType::F16;
    default: fail(what + ": 4-bit quantization needs float32, bfloat16 or float16, not " + c10::toString(t));
    }
}

torch::ScalarType toScalar(DType t) {
    switch (t) {
    case DType::F32: return torch::kFloat;
    case DType::BF16: return torch::kBFloat16;
    case DType::F16: return torch::kHalf;
    default: fail(std::string("quant state: unsupported dtype ") + dtypeName(t));
    }
}


void cudaCheck(const char* err, const std::string& what) {
    if (err) fail(what + ": " + err);
}

torch::Tensor fromVector(const void* data, std::size_t bytes, std::vector<int64_t> shape, torch::ScalarType t) {
    torch::Tensor out = torch::empty(shape, torch::TensorOptions().dtype(t));
    if (bytes) std::memcpy(out.data_ptr(), data, bytes);
    return out;
}

template <typename T>
std::vector<T> toVector(const torch::Tensor& t) {
    torch::Tensor c = t.to(torch::kCPU).contiguous();
    std::vector<T> v(std::size_t(c.numel()));
    if (!v.empty()) std::memcpy(v.data(), c.data_ptr(), v.size() * sizeof(T));
    return v;
}

}  // namespace

void* cudaKernelStream(const torch::Device& device, const std::string& what) {
#if defined(LS_TORCH_CUDA)
    // A CUDA LibTorch names its streams: launch on the current one (a CUDA graph's capture stream too).
    return c10::cuda::getCurrentCUDAStream(device.index()).stream();
#else
    // Without LibTorch's CUDA headers only the default stream (id 0, the legacy NULL stream) can be named;
    // a non-default current stream is refused rather than raced.
    const c10::Stream s = c10::impl::getDeviceGuardImpl(c10::DeviceType::CUDA)->getStream(device);
    LS_CHECK(s.id() == 0, what + ": LoRA Studio's CUDA kernels run only on torch's default CUDA stream for now");
    return nullptr;
#endif
}

bool cudaStreamCapturing() {
#if defined(LS_TORCH_CUDA)
    return c10::cuda::currentStreamCaptureStatusMayInitCtx() != c10::cuda::CaptureStatus::None;
#else
    return false;
#endif
}

int cudaElemType(torch::ScalarType t) {
    return t == torch::kFloat ? LS_ELEM_F32 : t == torch::kBFloat16 ? LS_ELEM_BF16 : LS_ELEM_F16;
}

bool cudaKernelsAvailable() {
    int count = 0;
    return ls_cuda_device_count(&count) == nullptr && count > 0;
}

QuantizedTensor quantize4bit(const torch::Tensor& weight, const QuantizeOptions& options, const std::string& what) {
    const DType dtype = toDType(weight.scalar_type(), what);
    if (!weight.is_cuda()) {
        torch::Tensor w = weight.contiguous();
        return fromQuantized4bit(quantize4bit(w.data_ptr(), dtype, w.sizes().vec(), options, what), torch::kCPU);
    }
    LS_CHECK(weight.numel() > 0, what + ": cannot quantize an empty tensor");
    LS_CHECK(torch::isfinite(weight).all().item<bool>(), what + ": NaN or Inf in the weight; 4-bit quantization needs finite weights");
    const c10::DeviceGuard guard(weight.device());
    void* stream = cudaKernelStream(weight.device(), what);
    torch::Tensor w = weight.contiguous();
    const int64_t n = w.numel();
    const int64_t blocks = (n + options.blocksize - 1) / options.blocksize;
    const auto u8 = torch::TensorOptions().dtype(torch::kUInt8).device(w.device());
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat).device(w.device());

    QuantizedTensor q;
    q.type = options.type;
    q.blocksize = options.blocksize;
    q.dtype = w.scalar_type();
    q.shape = w.sizes().vec();
    q.packed = torch::empty({(n + 1) / 2, 1}, u8);
    torch::Tensor absmax = torch::empty({blocks}, f32);
    const auto& book = codeBook(options.type);
    q.code = fromVector(book.data(), 64, {16}, torch::kFloat).to(w.device());
    cudaCheck(ls_cuda_quantize4bit(w.data_ptr(), cudaElemType(q.dtype), n, options.blocksize,
                                   options.type == QuantType::NF4 ? LS_QUANT_NF4 : LS_QUANT_FP4,
                                   absmax.data_ptr<float>(), q.packed.data_ptr<std::uint8_t>(), stream),
              what);
    if (!options.doubleQuant) {
        q.absmax = absmax;
        return q;
    }
    q.doubleQuant = true;
    // bitsandbytes: offset = absmax.mean() on the device (torch's reduction order), then 8-bit blocks of 256.
    torch::Tensor offset = options.nestedOffset ? torch::full({}, *options.nestedOffset, f32) : absmax.mean();
    const auto& map = dynamicMap8();
    q.nestedCode = fromVector(map.data(), 1024, {256}, torch::kFloat).to(w.device());
    q.absmax = torch::empty({blocks}, u8);
    q.nestedAbsmax = torch::empty({(blocks + 255) / 256}, f32);
    cudaCheck(ls_cuda_quantize_blockwise8(absmax.data_ptr<float>(), offset.data_ptr<float>(), blocks,
                                          q.nestedCode.data_ptr<float>(), q.absmax.data_ptr<std::uint8_t>(),
                                          q.nestedAbsmax.data_ptr<float>(), stream),
              what);
    q.nestedOffset = offset.item<float>();
    return q;
}

torch::Tensor dequantize4bit(const QuantizedTensor& q) {
    if (!q.packed.is_cuda()) {
        const Quantized4bit host = toQuantized4bit(q);
        torch::Tensor out = torch::empty(q.shape, torch::TensorOptions().dtype(q.dtype));
        dequantize4bit(host.packed.data(), host.packed.size(), host.state, out.data_ptr());
        return out;
    }
    const c10::DeviceGuard guard(q.packed.device());
    void* stream = cudaKernelStream(q.packed.device(), "dequantize4bit");
    int64_t n = 1;
    for (int64_t d : q.shape) n *= d;
    LS_CHECK(q.packed.numel() == (n + 1) / 2 && q.packed.scalar_type() == torch::kUInt8 && q.packed.is_contiguous(),
             "dequantize4bit: packed weight does not match the shape");
    torch::Tensor out = torch::empty(q.shape, torch::TensorOptions().dtype(q.dtype).device(q.packed.device()));
    const int qt = q.type == QuantType::NF4 ? LS_QUANT_NF4 : LS_QUANT_FP4;
    if (q.doubleQuant) {
        cudaCheck(ls_cuda_dequantize4bit_dq(q.packed.data_ptr<std::uint8_t>(), q.absmax.data_ptr<std::uint8_t>(),
                                            q.nestedAbsmax.data_ptr<float>(), q.nestedCode.data_ptr<float>(),
                                            q.nestedOffset, n, q.blocksize, qt, cudaElemType(q.dtype), out.data_ptr(),
                                            stream),
                  "dequantize4bit");
    } else {
        cudaCheck(ls_cuda_dequantize4bit(q.packed.data_ptr<std::uint8_t>(), q.absmax.data_ptr<float>(), n,
                                         q.blocksize, qt, cudaElemType(q.dtype), out.data_ptr(), stream),
                  "dequantize4bit");
    }
    return out;
}

QuantState toQuantState(const QuantizedTensor& q) {
    QuantState st;
    st.type = q.type;
    st.blocksize = q.blocksize;
    st.dtype = toDType(q.dtype, "quant state");
    st.shape = q.shape;
    const auto code = toVector<float>(q.code);
    LS_CHECK(code.size() == 16, "quant state: quant_map must have 16 values");
    std::memcpy(st.code.data(), code.data(), 64);
    st.doubleQuant = q.doubleQuant;
    if (q.doubleQuant) {
        st.absmaxCodes = toVector<std::uint8_t>(q.absmax);
        st.nestedAbsmax = toVector<float>(q.nestedAbsmax);
        st.nestedCode = toVector<float>(q.nestedCode);
        st.nestedOffset = q.nestedOffset;
    } else {
        st.absmax = toVector<float>(q.absmax);
    }
    return st;
}

Quantized4bit toQuantized4bit(const QuantizedTensor& q) {
    Quantized4bit out;
    out.packed = toVector<std::uint8_t>(q.packed);
    out.state = toQuantState(q);
    return out;
}

QuantizedTensor fromQuantized4bit(const Quantized4bit& q, const torch::Device& device) {
    const QuantState& st = q.state;
    QuantizedTensor t;
    t.type = st.type;
    t.blocksize = st.blocksize;
    t.dtype = toScalar(st.dtype);
    t.shape = st.shape;
    t.doubleQuant = st.doubleQuant;
    t.nestedOffset = st.nestedOffset;
    t.packed = fromVector(q.packed.data(), q.packed.size(), {int64_t(q.packed.size()), 1}, torch::kUInt8).to(device);
    t.code = fromVector(st.code.data(), 64, {16}, torch::kFloat).to(device);
    if (st.doubleQuant) {
        t.absmax = fromVector(st.absmaxCodes.data(), st.absmaxCodes.size(), {int64_t(st.absmaxCodes.size())},
                              torch::kUInt8).to(device);
        t.nestedAbsmax = fromVector(st.nestedAbsmax.data(), 4 * st.nestedAbsmax.size(),
                                    {int64_t(st.nestedAbsmax.size())}, torch::kFloat).to(device);
        t.nestedCode = fromVector(st.nestedCode.data(), 4 * st.nestedCode.size(), {int64_t(st.nestedCode.size())},
                                  torch::kFloat).to(device);
    } else {
        t.absmax = fromVector(st.absmax.data(), 4 * st.absmax.size(), {int64_t(st.absmax.size())}, torch::kFloat)
                       .to(device);
    }
    return t;
}

}  // namespace ls::quant
