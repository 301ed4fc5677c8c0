// NF4 double-quant dequantization of a 4096 x 14336 weight to bf16 on CUDA (a Llama-3-8B MLP projection).
// Prints one JSON line: {"bytes_read", "bytes_written", "seconds" (per call), "effective_TBps"}.
// Target: >= 2.5 TB/s on an H100. Exit code 77 (skipped) without a GPU.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include "lorastudio/quant.h"
#include "quant/nf4_cuda.h"

namespace {

constexpr int64_t kRows = 4096;
constexpr int64_t kCols = 14336;
constexpr int kBlocksize = 64;
constexpr int kWarmup = 20;
constexpr int kIters = 200;

bool ok(const char* err, const char* what) {
    if (err) std::fprintf(stderr, "bench_nf4_dequant: %s: %s\n", what, err);
    return err == nullptr;
}

}  // namespace

int main() {
    int count = 0;
    if (ls_cuda_device_count(&count) || count == 0) {
        std::printf("{\"skipped\": \"no CUDA device\"}\n");
        return 77;
    }
    const int64_t n = kRows * kCols;
    const int64_t blocks = n / kBlocksize;
    const int64_t nested = (blocks + 255) / 256;
    std::mt19937 rng(1);
    std::vector<std::uint8_t> packed(static_cast<std::size_t>(n / 2)), codes(static_cast<std::size_t>(blocks));
    for (auto& b : packed) b = std::uint8_t(rng());
    for (auto& b : codes) b = std::uint8_t(128 + rng() % 100);
    std::vector<float> nestedAbsmax(static_cast<std::size_t>(nested), 0.01f);
    const float offset = 0.02f;

    void *dPacked = nullptr, *dCodes = nullptr, *dNested = nullptr, *dMap = nullptr, *dOut = nullptr;
    if (!ok(ls_cuda_malloc(&dPacked, packed.size()), "malloc") || !ok(ls_cuda_malloc(&dCodes, codes.size()), "malloc") ||
        !ok(ls_cuda_malloc(&dNested, nestedAbsmax.size() * 4), "malloc") || !ok(ls_cuda_malloc(&dMap, 1024), "malloc") ||
        !ok(ls_cuda_malloc(&dOut, std::size_t(n) * 2), "malloc"))
        return 1;
    if (!ok(ls_cuda_memcpy_h2d(dPacked, packed.data(), packed.size()), "upload") ||
        !ok(ls_cuda_memcpy_h2d(dCodes, codes.data(), codes.size()), "upload") ||
        !ok(ls_cuda_memcpy_h2d(dNested, nestedAbsmax.data(), nestedAbsmax.size() * 4), "upload") ||
        !ok(ls_cuda_memcpy_h2d(dMap, ls::quant::dynamicMap8().data(), 1024), "upload"))
        return 1;
    auto call = [&] {
        return ls_cuda_dequantize4bit_dq(static_cast<const std::uint8_t*>(dPacked),
                                         static_cast<const std::uint8_t*>(dCodes), static_cast<const float*>(dNested),
                                         static_cast<const float*>(dMap), offset, n, kBlocksize, LS_QUANT_NF4,
                                         LS_ELEM_BF16, dOut, nullptr);
    };
    for (int i = 0; i < kWarmup; ++i)
        if (!ok(call(), "dequantize")) return 1;
    if (!ok(ls_cuda_synchronize(), "synchronize")) return 1;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kIters; ++i)
        if (!ok(call(), "dequantize")) return 1;
    if (!ok(ls_cuda_synchronize(), "synchronize")) return 1;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / kIters;
    const double bytesRead = double(packed.size() + codes.size() + nestedAbsmax.size() * 4);
    const double bytesWritten = double(n) * 2;
    std::printf("{\"bytes_read\": %.0f, \"bytes_written\": %.0f, \"seconds\": %.9f, \"effective_TBps\": %.4f}\n",
                bytesRead, bytesWritten, seconds, (bytesRead + bytesWritten) / seconds / 1e12);
    ls_cuda_free(dPacked);
    ls_cuda_free(dCodes);
    ls_cuda_free(dNested);
    ls_cuda_free(dMap);
    ls_cuda_free(dOut);
    return 0;
}
