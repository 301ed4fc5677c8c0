// CPU 4-bit quantization, the same arithmetic as bitsandbytes' kQuantizeBlockwise on sm_90.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>

#include "lorastudio/error.h"
#include "lorastudio/quant.h"
#include "quant/blockwise8.h"
#include "quant/code_ops.h"
#include "quant/element_reader.h"
#include "quant/float_bits.h"
#include "quant/rcp_approx.h"

namespace ls::quant {
namespace {

bool validBlocksize(int b) {
    for (int ok : {32, 64, 128, 256, 512, 1024, 2048, 4096})
        if (b == ok) return true;
    return false;
}

}  // namespace

Quantized4bit quantize4bit(const void* data, DType dtype, const std::vector<int64_t>& shape,
                           const QuantizeOptions& options, const std::string& what) {
    detail::ElementReader read(data, dtype, what);
    LS_CHECK(validBlocksize(options.blocksize),
             what + ": blocksize " + std::to_string(options.blocksize) + " is not one of 32, 64, ..., 4096");
    Quantized4bit result;
    QuantState& st = result.state;
    st.type = options.type;
    st.blocksize = options.blocksize;
    st.dtype = dtype;
    st.shape = shape;
    st.code = codeBook(options.type);
    for (int64_t d : shape) LS_CHECK(d >= 0, what + ": negative dimension in shape");
    const int64_t n = st.numel();
    LS_CHECK(n > 0, what + ": cannot quantize an empty tensor");
    LS_CHECK(n == 0 || data != nullptr, what + ": no data");
    read.requireFinite(n, what);

    const int64_t bs = options.blocksize;
    const int64_t blocks = st.blocks();
    std::vector<float> absmax(static_cast<std::size_t>(blocks));
    result.packed.assign(st.packedBytes(), 0);
    std::vector<float> vals(static_cast<std::size_t>(bs) + 1);
    const bool nf4 = options.type == QuantType::NF4;
    for (int64_t b = 0; b < blocks; ++b) {
        const int64_t begin = b * bs;
        const int64_t valid = std::min(bs, n - begin);
        float amax = -FLT_MAX;
        for (int64_t j = 0; j < valid; ++j) {
            vals[std::size_t(j)] = detail::flushSubnormal(read(begin + j));  // ftz, as the kernel
            amax = std::fmax(amax, std::fabs(vals[std::size_t(j)]));
        }
        vals[std::size_t(valid)] = 0.0f;               // zero fill pairs the last odd element
        if (valid < bs) amax = std::fmax(amax, 0.0f);  // the fill takes part in the max
        absmax[std::size_t(b)] = amax;
        const float inv = detail::rcpApprox(amax);  // rcp.approx.ftz, as --use_fast_math makes 1.0f/absmax
        for (int64_t j = 0; j < valid; j += 2) {
            const float x0 = detail::flushSubnormal(vals[std::size_t(j)] * inv);
            const float x1 = detail::flushSubnormal(vals[std::size_t(j + 1)] * inv);
            const std::uint8_t q0 = nf4 ? detail::nf4Index(x0) : detail::fp4Index(x0);
            const std::uint8_t q1 = nf4 ? detail::nf4Index(x1) : detail::fp4Index(x1);
            result.packed[std::size_t((begin + j) / 2)] = std::uint8_t(q0 << 4 | q1);
        }
    }

    if (!options.doubleQuant) {
        st.absmax = std::move(absmax);
        return result;
    }
    st.doubleQuant = true;
    st.nestedBlocksize = detail::kNestedBlocksize;
    const auto& map = dynamicMap8();
    st.nestedCode.assign(map.begin(), map.end());
    st.nestedOffset = options.nestedOffset ? *options.nestedOffset : detail::meanLikeTorch(absmax.data(), blocks);
    detail::quantizeBlockwise8(absmax.data(), blocks, st.nestedOffset, st.nestedCode.data(), st.absmaxCodes,
                               st.nestedAbsmax);
    return result;
}

}  // namespace ls::quant
