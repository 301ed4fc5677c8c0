#include "quant/blockwise8.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "quant/code_ops.h"
#include "quant/float_bits.h"
#include "quant/rcp_approx.h"

namespace ls::quant::detail {

void quantizeBlockwise8(const float* values, int64_t n, float offset, const float* code,
                        std::vector<std::uint8_t>& codes, std::vector<float>& nestedAbsmax) {
    const int64_t blocks = (n + kNestedBlocksize - 1) / kNestedBlocksize;
    codes.assign(std::size_t(n), 0);
    nestedAbsmax.assign(std::size_t(blocks), 0.0f);
    std::vector<float> shifted(kNestedBlocksize);
    for (int64_t b = 0; b < blocks; ++b) {
        const int64_t begin = b * kNestedBlocksize;
        const int64_t count = std::min<int64_t>(kNestedBlocksize, n - begin);
        float amax = -FLT_MAX;
        for (int64_t j = 0; j < count; ++j) {
            shifted[std::size_t(j)] = flushSubnormal(values[begin + j] - offset);
            amax = std::fmax(amax, std::fabs(shifted[std::size_t(j)]));
        }
        if (count < kNestedBlocksize) amax = std::fmax(amax, 0.0f);  // the kernel's zero fill
        nestedAbsmax[std::size_t(b)] = amax;
        const float inv = rcpApprox(amax);
        for (int64_t j = 0; j < count; ++j)
            codes[std::size_t(begin + j)] = quantize8Index(code, flushSubnormal(shifted[std::size_t(j)] * inv));
    }
}

std::vector<float> dequantizeBlockwise8(const std::uint8_t* codes, int64_t n, const float* nestedAbsmax,
                                        float offset, const float* code) {
    std::vector<float> out(static_cast<std::size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        volatile float scaled = flushSubnormal(code[codes[i]] * nestedAbsmax[i / kNestedBlocksize]);  // no FMA
        out[std::size_t(i)] = flushSubnormal(scaled + offset);
    }
    return out;
}

float meanLikeTorch(const float* values, int64_t n) {
    if (n <= 0) return NAN;
    // Neumaier-compensated double sum: the exact sum to far below float32 resolution.
    double sum = 0.0, comp = 0.0;
    for (int64_t i = 0; i < n; ++i) {
        double v = values[i];
        double t = sum + v;
        comp += std::fabs(sum) >= std::fabs(v) ? (sum - t) + v : (v - t) + sum;
        sum = t;
    }
    const float total = float(sum + comp);
    const float factor = 1.0f / float(n);
    return total * factor;
}

}  // namespace ls::quant::detail
