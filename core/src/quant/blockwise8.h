// bitsandbytes' 8-bit blockwise quantization on the dynamic map, as double quantization uses it for absmax.
#pragma once

#include <cstdint>
#include <vector>

namespace ls::quant::detail {

constexpr int kNestedBlocksize = 256;

// Quantizes float32(values[i] - offset) in blocks of 256 exactly as kQuantizeBlockwise<General8bit> does on
// sm_90: absmax2 = max|v|, x = v * rcp.approx(absmax2), index by dQuantize<0>. Writes n codes and
// ceil(n/256) nested absmax values.
void quantizeBlockwise8(const float* values, int64_t n, float offset, const float* code,
                        std::vector<std::uint8_t>& codes, std::vector<float>& nestedAbsmax);

// absmax_i = float32(float32(code[codes[i]] * nested[i / 256]) + offset).
std::vector<float> dequantizeBlockwise8(const std::uint8_t* codes, int64_t n, const float* nestedAbsmax,
                                        float offset, const float* code);

// The CPU stand-in for torch's CUDA absmax.mean(): the sum rounded once to float32, times float32(1/n).
// torch sums in a tree whose order can move the last bit (spec, uncertainties 1); callers that need
// bitsandbytes' exact bytes pass the CUDA mean instead (QuantizeOptions::nestedOffset).
float meanLikeTorch(const float* values, int64_t n);

}  // namespace ls::quant::detail
