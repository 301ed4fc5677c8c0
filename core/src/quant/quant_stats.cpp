// Inspection statistics of a 4-bit quantization: where the block-normalised weights fall, how the 16 codes
// are used, how absmax is distributed, and how far dequant(quant(W)) is from W.
#include <algorithm>
#include <cmath>

#include "lorastudio/error.h"
#include "lorastudio/quant.h"
#include "quant/element_reader.h"

namespace ls::quant {
namespace {

std::size_t binOf(double v, double lo, double hi, std::size_t bins) {
    if (!(hi > lo)) return 0;
    double t = (v - lo) / (hi - lo) * double(bins);
    if (t < 0) t = 0;
    std::size_t b = std::size_t(t);
    return std::min(b, bins - 1);
}

}  // namespace

QuantStats inspectQuantization(const void* data, DType dtype, const Quantized4bit& q, const QuantStatsOptions& opt) {
    const QuantState& st = q.state;
    detail::ElementReader read(data, dtype, "weight");
    LS_CHECK(opt.histogramBins > 0 && opt.absmaxBins > 0, "statistics: bin counts must be positive");
    QuantStats s;
    const int64_t n = st.numel();
    s.numel = n;
    s.storedBytes = storedBytes(st);
    s.bitsPerParameter = bitsPerParameter(st);
    const std::vector<float> absmax = blockAbsmax(st);
    const std::vector<float> deq = dequantize4bitToFloat(q.packed.data(), q.packed.size(), st);

    // Normalised weights use each block's exact float32 absmax (what the codes were chosen against; under
    // double quant the stored absmax is only an 8-bit approximation of it).
    std::vector<float> exactAbsmax(absmax.size(), 0.0f);
    for (int64_t i = 0; i < n; ++i) {
        float& a = exactAbsmax[std::size_t(i / st.blocksize)];
        a = std::max(a, std::fabs(read(i)));
    }
    s.normHistogram.assign(std::size_t(opt.histogramBins), 0);
    double diff2 = 0, w2 = 0, q2 = 0, wq = 0;
    for (int64_t i = 0; i < n; ++i) {
        const double w = read(i);
        const double a = exactAbsmax[std::size_t(i / st.blocksize)];
        const double x = a > 0 ? w / a : 0.0;
        s.normHistogram[binOf(x, s.normLow, s.normHigh, s.normHistogram.size())]++;
        const std::uint8_t byte = q.packed[std::size_t(i / 2)];
        s.codeCounts[(i & 1) ? (byte & 0x0fu) : (byte >> 4)]++;
        const double d = deq[std::size_t(i)];
        diff2 += (w - d) * (w - d);
        w2 += w * w;
        q2 += d * d;
        wq += w * d;
        s.maxAbsError = std::max(s.maxAbsError, std::fabs(w - d));
    }
    s.relFrobeniusError = w2 > 0 ? std::sqrt(diff2 / w2) : (diff2 > 0 ? INFINITY : 0.0);
    s.cosineSimilarity = (w2 > 0 && q2 > 0) ? wq / std::sqrt(w2 * q2) : (w2 == 0 && q2 == 0 ? 1.0 : 0.0);
    for (std::uint64_t c : s.codeCounts) {
        if (c == 0) continue;
        const double p = double(c) / double(n);
        s.codeEntropyBits -= p * std::log2(p);
    }

    // absmax distribution (the stored, decoded values) and outlier blocks.
    std::vector<float> sorted = absmax;
    std::sort(sorted.begin(), sorted.end());
    s.absmaxMin = sorted.front();
    s.absmaxMax = sorted.back();
    double sum = 0;
    for (float a : sorted) sum += a;
    s.absmaxMean = float(sum / double(sorted.size()));
    s.absmaxMedian = sorted[sorted.size() / 2];
    s.absmaxP99 = sorted[std::min(sorted.size() - 1, std::size_t(double(sorted.size()) * 0.99))];
    s.absmaxHistogram.assign(std::size_t(opt.absmaxBins), 0);
    for (float a : absmax) s.absmaxHistogram[binOf(a, s.absmaxMin, s.absmaxMax, s.absmaxHistogram.size())]++;
    const double threshold = opt.outlierFactor * double(s.absmaxMedian);
    for (std::size_t b = 0; b < absmax.size(); ++b) {
        if (double(absmax[b]) > threshold) {
            ++s.outlierCount;
            s.outliers.push_back({int64_t(b), absmax[b]});
        }
    }
    std::sort(s.outliers.begin(), s.outliers.end(),
              [](const OutlierBlock& a, const OutlierBlock& b) { return a.absmax > b.absmax; });
    if (int64_t(s.outliers.size()) > opt.maxOutliers) s.outliers.resize(std::size_t(std::max(0, opt.maxOutliers)));
    return s;
}

}  // namespace ls::quant
