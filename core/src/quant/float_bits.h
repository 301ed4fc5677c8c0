// Exact widening of bf16 / fp16 bits to float32 and round-to-nearest-even narrowing (as CUDA's
// __float2bfloat16_rn / __float2half_rn and torch's .to() do). Host only.
#pragma once

#include <cstdint>
#include <cstring>

namespace ls::quant::detail {

inline std::uint32_t floatBits(float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}

inline float bitsFloat(std::uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

// What the GPU's flush-to-zero mode (--use_fast_math) does to float32 subnormals: a signed zero.
inline float flushSubnormal(float f) {
    std::uint32_t u = floatBits(f);
    return (u & 0x7f800000u) == 0 ? bitsFloat(u & 0x80000000u) : f;
}

inline float bf16ToFloat(std::uint16_t h) { return bitsFloat(std::uint32_t(h) << 16); }

inline std::uint16_t floatToBf16(float f) {
    std::uint32_t u = floatBits(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return std::uint16_t((u >> 16) | 0x40u);  // quiet NaN
    u += 0x7fffu + ((u >> 16) & 1u);
    return std::uint16_t(u >> 16);
}

inline float f16ToFloat(std::uint16_t h) {
    std::uint32_t sign = std::uint32_t(h & 0x8000u) << 16;
    std::uint32_t exp = (h >> 10) & 0x1fu;
    std::uint32_t mant = h & 0x3ffu;
    if (exp == 0x1f) return bitsFloat(sign | 0x7f800000u | (mant << 13));
    if (exp == 0) {
        if (mant == 0) return bitsFloat(sign);
        // Subnormal: mant * 2^-24, exact in float32.
        float v = float(mant) * 0x1p-24f;
        return sign ? -v : v;
    }
    return bitsFloat(sign | ((exp + 112u) << 23) | (mant << 13));
}

inline std::uint16_t floatToF16(float f) {
    std::uint32_t u = floatBits(f);
    std::uint16_t sign = std::uint16_t((u >> 16) & 0x8000u);
    std::uint32_t absu = u & 0x7fffffffu;
    if (absu > 0x7f800000u) return std::uint16_t(sign | 0x7e00u);  // NaN
    if (absu >= 0x477ff000u) return std::uint16_t(sign | 0x7c00u);  // rounds to >= 65520: inf
    if (absu < 0x38800000u) {
        // Result is subnormal (or zero) in fp16: round |f| * 2^24 to an integer, ties to even.
        if (absu < 0x33000000u) return sign;  // below 2^-25: rounds to zero (2^-25 itself ties to 0)
        std::uint32_t exp = absu >> 23;
        std::uint32_t mant = (absu & 0x7fffffu) | 0x800000u;
        std::uint32_t shift = 126u - exp;  // value = mant * 2^(exp-150); want mant * 2^(exp-150+24)
        std::uint32_t q = mant >> shift;
        std::uint32_t rem = mant & ((1u << shift) - 1u);
        std::uint32_t half = 1u << (shift - 1u);
        if (rem > half || (rem == half && (q & 1u))) ++q;
        return std::uint16_t(sign | q);
    }
    // Normal: rebias exponent and round the 13 dropped mantissa bits to nearest even.
    std::uint32_t v = absu - 0x38000000u;  // exponent 127 -> 15 bias
    v += 0xfffu + ((v >> 13) & 1u);
    return std::uint16_t(sign | (v >> 13));
}

}  // namespace ls::quant::detail
