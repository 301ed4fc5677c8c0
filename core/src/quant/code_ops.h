// The per-value decisions of bitsandbytes' kernels, shared verbatim by the CPU path (.cpp) and the CUDA
// kernels (.cu) so both give the same bits. No torch, no CUDA headers. Constants are hex float literals of
// the float32 values bitsandbytes' decimal literals become (shared/spec/nf4-bitsandbytes.md a.1-a.4, c.3).
#pragma once

#include <cstdint>

#if defined(__CUDACC__)
#define LS_HD __host__ __device__ __forceinline__
#else
#define LS_HD inline
#endif

namespace ls::quant::detail {

// NF4 index of x = v * (1/absmax): the number of thresholds t_i with x > t_i (strict; NaN gives 0).
// The thresholds are nvcc's roundings of bitsandbytes' decimal literals (t_0, t_8, t_12, t_14 differ from the
// round-to-nearest-even midpoints).
LS_HD std::uint8_t nf4Index(float x) {
    int q = (x > -0x1.b239b2p-1f) + (x > -0x1.38a4ep-1f) + (x > -0x1.d709p-2f) + (x > -0x1.5bd4ecp-2f) +
            (x > -0x1.e079d8p-3f) + (x > -0x1.1a7178p-3f) + (x > -0x1.74f0e2p-5f) + (x > 0x1.45f5fep-5f) +
            (x > 0x1.ec90c6p-4f) + (x > 0x1.a0cfcp-3f) + (x > 0x1.2b05a8p-2f) + (x > 0x1.8ea7f2p-2f) +
            (x > 0x1.00da06p-1f) + (x > 0x1.491b5ep-1f) + (x > 0x1.b913b2p-1f);
    return std::uint8_t(q);
}

// FP4 index (dQuantizeFP4): sign bit 8 when x < 0 (so -0 and NaN get 0), then the magnitude rank among the
// literal thresholds (strict >), mapped to the 3-bit pattern 000 001 110 111 100 101 010 011.
LS_HD std::uint8_t fp4Index(float x) {
    int sign = x < 0.0f ? 8 : 0;
    float a = x < 0.0f ? -x : x;
    int rank = (a > 0x1.555572p-9f) + (a > 0x1.6p-4f) + (a > 0x1.aaaaaap-3f) + (a > 0x1.2aaaaap-2f) +
               (a > 0x1.aaaaacp-2f) + (a > 0x1.2aaaap-1f) + (a > 0x1.aaaaaap-1f);
    // rank -> bits: 0->000 1->001 2->110 3->111 4->100 5->101 6->010 7->011, packed 3 bits per rank.
    constexpr std::uint32_t kRankBits = 0u | (1u << 3) | (6u << 6) | (7u << 9) | (4u << 12) | (5u << 15) |
                                        (2u << 18) | (3u << 21);
    return std::uint8_t(sign | ((kRankBits >> (3 * rank)) & 7u));
}

// Dequantized code value for NF4 (plain table) and FP4 (magnitude times -1 for the sign bit, so index 8 is -0).
LS_HD float nf4Value(unsigned idx) {
    switch (idx & 15u) {
    case 0: return -0x1p+0f;
    case 1: return -0x1.647362p-1f;
    case 2: return -0x1.0cd66p-1f;
    case 3: return -0x1.94654p-2f;
    case 4: return -0x1.23449ap-2f;
    case 5: return -0x1.7a6a7ep-3f;
    case 6: return -0x1.74f0e2p-4f;
    case 7: return 0.0f;
    case 8: return 0x1.45f5fep-4f;
    case 9: return 0x1.4995c6p-3f;
    case 10: return 0x1.f809bap-3f;
    case 11: return 0x1.5a0674p-2f;
    case 12: return 0x1.c3497p-2f;
    case 13: return 0x1.200f56p-1f;
    case 14: return 0x1.722766p-1f;
    default: return 0x1p+0f;
    }
}

LS_HD float fp4Magnitude(unsigned idx) {
    switch (idx & 7u) {
    case 0: return 0.0f;
    case 1: return 0x1.555556p-8f;  // 1/192
    case 2: return 0x1.555556p-1f;  // 2/3
    case 3: return 0x1p+0f;
    case 4: return 0x1.555556p-2f;  // 1/3
    case 5: return 0x1p-1f;
    case 6: return 0x1.555556p-3f;  // 1/6
    default: return 0x1p-2f;
    }
}

LS_HD float fp4Value(unsigned idx) { return (idx & 8u) ? -fp4Magnitude(idx) : fp4Magnitude(idx); }

// 8-bit index on a sorted 256-entry code (dQuantize<0> in bitsandbytes): binary search over the odd
// indices, then nearest value with ties to the even pivot. NaN gives 0.
LS_HD std::uint8_t quantize8Index(const float* code, float x) {
    int pivot = 127;
    int upperPivot = 255;
    int lowerPivot = 0;
    float lower = -1.0f;
    float upper = 1.0f;
    float val = code[pivot];
    for (int i = 64; i > 0; i >>= 1) {
        if (x > val) {
            lowerPivot = pivot;
            lower = val;
            pivot += i;
        } else {
            upperPivot = pivot;
            upper = val;
            pivot -= i;
        }
        val = code[pivot];
    }
    if (upperPivot == 255) upper = code[upperPivot];
    if (lowerPivot == 0) lower = code[lowerPivot];
    if (x > val) {
        float midpoint = (upper + val) * 0.5f;
        return std::uint8_t(x > midpoint ? upperPivot : pivot);
    }
    float midpoint = (lower + val) * 0.5f;
    return std::uint8_t(x < midpoint ? lowerPivot : pivot);
}

}  // namespace ls::quant::detail
