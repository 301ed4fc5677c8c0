// CPU 4-bit dequantization, the same arithmetic as bitsandbytes' kDequantizeBlockwise: the kernel's own code
// tables (not quant_map: FP4 index 8 gives -0.0), one float32 product, then round-to-nearest-even to the dtype.
#include <string>

#include "lorastudio/error.h"
#include "lorastudio/quant.h"
#include "quant/code_ops.h"
#include "quant/float_bits.h"

namespace ls::quant {
namespace {

template <typename Store>
void dequantizeInto(const std::uint8_t* packed, const QuantState& st, const std::vector<float>& absmax,
                    Store store) {
    const int64_t n = st.numel();
    const bool nf4 = st.type == QuantType::NF4;
    for (int64_t i = 0; i < n; ++i) {
        const std::uint8_t byte = packed[i / 2];
        const unsigned idx = (i & 1) ? (byte & 0x0fu) : (byte >> 4);
        const float code = nf4 ? detail::nf4Value(idx) : detail::fp4Value(idx);
        store(i, detail::flushSubnormal(code * absmax[std::size_t(i / st.blocksize)]));  // ftz, as the kernel
    }
}

void checkInputs(std::size_t packedBytes, const QuantState& st) {
    LS_CHECK(st.blocksize > 0, "quant state: blocksize must be positive");
    LS_CHECK(packedBytes == st.packedBytes(), "quant state: packed weight has " + std::to_string(packedBytes) +
                                                  " bytes, expected " + std::to_string(st.packedBytes()));
}

}  // namespace

void dequantize4bit(const std::uint8_t* packed, std::size_t packedBytes, const QuantState& st, void* out) {
    checkInputs(packedBytes, st);
    const std::vector<float> absmax = blockAbsmax(st);
    switch (st.dtype) {
    case DType::F32: {
        float* o = static_cast<float*>(out);
        dequantizeInto(packed, st, absmax, [o](int64_t i, float v) { o[i] = v; });
        break;
    }
    case DType::BF16: {
        std::uint16_t* o = static_cast<std::uint16_t*>(out);
        dequantizeInto(packed, st, absmax, [o](int64_t i, float v) { o[i] = detail::floatToBf16(v); });
        break;
    }
    case DType::F16: {
        std::uint16_t* o = static_cast<std::uint16_t*>(out);
        dequantizeInto(packed, st, absmax, [o](int64_t i, float v) { o[i] = detail::floatToF16(v); });
        break;
    }
    default: fail(std::string("quant state: cannot dequantize to ") + dtypeName(st.dtype));
    }
}

std::vector<float> dequantize4bitToFloat(const std::uint8_t* packed, std::size_t packedBytes,
                                         const QuantState& st) {
    checkInputs(packedBytes, st);
    std::vector<float> out(static_cast<std::size_t>(st.numel()));
    if (st.dtype == DType::F32) {
        dequantize4bit(packed, packedBytes, st, out.data());
        return out;
    }
    std::vector<std::uint16_t> bits(out.size());
    dequantize4bit(packed, packedBytes, st, bits.data());
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = st.dtype == DType::BF16 ? detail::bf16ToFloat(bits[i]) : detail::f16ToFloat(bits[i]);
    return out;
}

}  // namespace ls::quant
