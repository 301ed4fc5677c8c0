// 4-bit NF4 / FP4 blockwise quantization, byte-exact with bitsandbytes' CUDA kernels (the format that
// transformers' load_in_4bit saves), plus plain int4 for comparison and statistics for inspecting a weight.
// Format facts: shared/spec/nf4-bitsandbytes.md. Torch-free; element data are raw bits (bf16/fp16 as uint16_t).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lorastudio/dtype.h"

namespace ls::quant {

enum class QuantType { NF4, FP4 };
const char* quantTypeName(QuantType type);  // "nf4", "fp4" (as bitsandbytes names them)
std::optional<QuantType> parseQuantType(const std::string& name);

// The 16 code values (index -> float32), as bitsandbytes' quant_map stores them (FP4 index 8 is +0.0).
const std::array<float, 16>& codeBook(QuantType type);
// bitsandbytes' signed dynamic 8-bit map (create_dynamic_map, FMA build), the nested map of double quant.
const std::array<float, 256>& dynamicMap8();

// Everything besides the packed codes that dequantization needs (bitsandbytes' QuantState).
struct QuantState {
    QuantType type = QuantType::NF4;
    int blocksize = 64;                 // weights per absmax block: 32, 64, ..., 4096
    DType dtype = DType::BF16;          // dtype of the original weight, and of dequantized output (F32/F16/BF16)
    std::vector<int64_t> shape;         // shape of the original weight, e.g. [out, in]
    std::array<float, 16> code{};       // quant_map
    std::vector<float> absmax;          // [nblocks] float32 scales, without double quant
    bool doubleQuant = false;           // absmax stored as 8-bit codes (compress_statistics)
    std::vector<std::uint8_t> absmaxCodes;  // [nblocks] with double quant
    std::vector<float> nestedAbsmax;    // [ceil(nblocks / 256)] with double quant
    float nestedOffset = 0.0f;          // mean of the float32 absmax, subtracted before 8-bit quantization
    int nestedBlocksize = 256;
    std::vector<float> nestedCode;      // [256] nested_quant_map (dynamic map) with double quant

    int64_t numel() const;
    int64_t blocks() const;             // ceil(numel / blocksize)
    std::size_t packedBytes() const;    // (numel + 1) / 2
};

struct QuantizeOptions {
    QuantType type = QuantType::NF4;  // bnb_4bit_quant_type
    int blocksize = 64;               // bitsandbytes' default
    bool doubleQuant = false;         // bnb_4bit_use_double_quant
    // Double quant only: use this offset instead of the CPU mean of absmax. bitsandbytes uses torch's CUDA
    // mean, whose summation order can change the last bit; pass that value to reproduce its bytes exactly.
    std::optional<float> nestedOffset;
};

struct Quantized4bit {
    std::vector<std::uint8_t> packed;  // (numel + 1) / 2 bytes, element 2k in the high nibble of byte k
    QuantState state;
};

// Quantizes `data` (numel elements of `dtype`: F32 as float, BF16/F16 as uint16_t bits, row-major) on the CPU
// exactly as bitsandbytes' CUDA kernel on sm_90 does. Throws ls::Error on NaN/Inf, an unsupported dtype or
// blocksize. `what` names the tensor in error messages.
Quantized4bit quantize4bit(const void* data, DType dtype, const std::vector<int64_t>& shape,
                           const QuantizeOptions& options = {}, const std::string& what = "weight");

// Per-block float32 absmax, decoding the 8-bit codes under double quant (code8[q] * nested + offset).
std::vector<float> blockAbsmax(const QuantState& state);

// Dequantizes into `out` (numel elements of state.dtype, raw bits) as bitsandbytes' kernel does:
// dtype(float32(code[idx] * absmax)). Throws ls::Error when packedBytes does not match the state.
void dequantize4bit(const std::uint8_t* packed, std::size_t packedBytes, const QuantState& state, void* out);
// The same values widened to float32 (exact for every dtype).
std::vector<float> dequantize4bitToFloat(const std::uint8_t* packed, std::size_t packedBytes,
                                         const QuantState& state);

// Bytes actually stored for the tensor: packed codes + absmax (float32, or uint8 + nested float32 under
// double quant). With `withConstants`, also quant_map (64 B) and the nested map (1024 B).
std::size_t storedBytes(const QuantState& state, bool withConstants = false);
double bitsPerParameter(const QuantState& state, bool withConstants = false);

// ---- Plain symmetric int4 (absmax / 7 per block, values -7..7), only for comparison ----
struct QuantizedInt4 {
    std::vector<std::uint8_t> packed;  // two's-complement nibbles, element 2k in the high nibble
    std::vector<float> scales;         // [nblocks] absmax / 7
    int blocksize = 64;
    int64_t numel = 0;
};
QuantizedInt4 quantizeInt4(const float* data, int64_t numel, int blocksize = 64);
std::vector<float> dequantizeInt4(const QuantizedInt4& q);

// ---- Inspection ----
struct QuantStatsOptions {
    int histogramBins = 200;  // bins of the block-normalised weights w / absmax over [-1, 1]
    int absmaxBins = 64;      // bins of the absmax histogram over [min, max]
    double outlierFactor = 8.0;  // a block is an outlier when its absmax > factor x median absmax
    int maxOutliers = 32;     // outlier blocks listed, largest first
};

struct OutlierBlock {
    int64_t block = 0;
    float absmax = 0.0f;
};

struct QuantStats {
    // Block-normalised weights w / absmax (float32 absmax before double quant), in [-1, 1].
    std::vector<std::uint64_t> normHistogram;
    double normLow = -1.0, normHigh = 1.0;
    // How often each of the 16 codes is used, and the entropy of that distribution (bits, at most 4).
    std::array<std::uint64_t, 16> codeCounts{};
    double codeEntropyBits = 0.0;
    // absmax distribution.
    std::vector<std::uint64_t> absmaxHistogram;
    float absmaxMin = 0, absmaxMax = 0, absmaxMean = 0, absmaxMedian = 0, absmaxP99 = 0;
    std::vector<OutlierBlock> outliers;  // largest first, at most maxOutliers
    int64_t outlierCount = 0;            // all blocks over the threshold
    // Error of dequant(quant(W)) against W (in the weight's dtype, compared in double).
    double relFrobeniusError = 0.0;  // ||W - Q|| / ||W||
    double maxAbsError = 0.0;
    double cosineSimilarity = 0.0;
    // Storage.
    std::size_t storedBytes = 0;  // without constants
    double bitsPerParameter = 0.0;
    int64_t numel = 0;
};

// Statistics of a quantization of `data` (the same weight that was quantized into `q`).
QuantStats inspectQuantization(const void* data, DType dtype, const Quantized4bit& q,
                               const QuantStatsOptions& options = {});

}  // namespace ls::quant
