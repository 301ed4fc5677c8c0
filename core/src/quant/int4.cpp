// Plain symmetric int4 with one absmax scale per block, the baseline NF4 is compared against.
#include <algorithm>
#include <cmath>

#include "lorastudio/error.h"
#include "lorastudio/quant.h"

namespace ls::quant {

QuantizedInt4 quantizeInt4(const float* data, int64_t numel, int blocksize) {
    LS_CHECK(blocksize > 0 && blocksize % 2 == 0, "int4: blocksize must be a positive even number");
    LS_CHECK(numel >= 0, "int4: negative size");
    QuantizedInt4 q;
    q.blocksize = blocksize;
    q.numel = numel;
    const int64_t blocks = (numel + blocksize - 1) / blocksize;
    q.scales.assign(std::size_t(blocks), 0.0f);
    q.packed.assign(std::size_t((numel + 1) / 2), 0);
    for (int64_t b = 0; b < blocks; ++b) {
        const int64_t begin = b * blocksize, end = std::min(numel, begin + blocksize);
        float amax = 0.0f;
        for (int64_t i = begin; i < end; ++i) {
            LS_CHECK(std::isfinite(data[i]), "int4: element " + std::to_string(i) + " is not finite");
            amax = std::max(amax, std::fabs(data[i]));
        }
        const float scale = amax / 7.0f;
        q.scales[std::size_t(b)] = scale;
        for (int64_t i = begin; i < end; ++i) {
            const int v = scale > 0.0f ? int(std::lrint(std::clamp(data[i] / scale, -7.0f, 7.0f))) : 0;
            const std::uint8_t nib = std::uint8_t(v & 0x0f);
            q.packed[std::size_t(i / 2)] |= (i & 1) ? nib : std::uint8_t(nib << 4);
        }
    }
    return q;
}

std::vector<float> dequantizeInt4(const QuantizedInt4& q) {
    std::vector<float> out(static_cast<std::size_t>(q.numel));
    for (int64_t i = 0; i < q.numel; ++i) {
        const std::uint8_t byte = q.packed[std::size_t(i / 2)];
        int nib = (i & 1) ? (byte & 0x0f) : (byte >> 4);
        if (nib >= 8) nib -= 16;
        out[std::size_t(i)] = float(nib) * q.scales[std::size_t(i / q.blocksize)];
    }
    return out;
}

}  // namespace ls::quant
