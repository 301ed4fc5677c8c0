// Reads element i of a raw F32 / BF16 / F16 buffer as float32 (exact), for the CPU quantization paths.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include "lorastudio/dtype.h"
#include "lorastudio/error.h"
#include "quant/float_bits.h"

namespace ls::quant::detail {

class ElementReader {
public:
    ElementReader(const void* data, DType dtype, const std::string& what) : m_data(data), m_dtype(dtype) {
        LS_CHECK(dtype == DType::F32 || dtype == DType::BF16 || dtype == DType::F16,
                 what + ": 4-bit quantization needs F32, BF16 or F16 data, not " + dtypeName(dtype));
    }

    float operator()(int64_t i) const {
        switch (m_dtype) {
        case DType::F32: return static_cast<const float*>(m_data)[i];
        case DType::BF16: return bf16ToFloat(static_cast<const std::uint16_t*>(m_data)[i]);
        default: return f16ToFloat(static_cast<const std::uint16_t*>(m_data)[i]);
        }
    }

    // Throws "<what>: element <i> is NaN/Inf; ..." for the first non-finite element.
    void requireFinite(int64_t numel, const std::string& what) const {
        for (int64_t i = 0; i < numel; ++i) {
            float v = (*this)(i);
            if (!std::isfinite(v))
                fail(what + ": element " + std::to_string(i) + " is " + (std::isnan(v) ? "NaN" : "Inf") +
                     "; 4-bit quantization needs finite weights");
        }
    }

private:
    const void* m_data;
    DType m_dtype;
};

}  // namespace ls::quant::detail
