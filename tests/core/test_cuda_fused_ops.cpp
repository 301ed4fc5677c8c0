// The fused RMSNorm and SwiGLU CUDA kernels against the torch compositions they replace (run on the same
// GPU): forward within a rounding of the element type, gradients within the tolerances below. Skipped
// without a CUDA device or without the kernels.
#include <iostream>

#include "check.h"
#include "fused_reference.h"
#include "lorastudio/model.h"
#include "model/fused_ops.h"
#include "model/host_embedding.h"
#include "model/rope.h"
#include "train/lm_loss.h"

namespace {

using ls::test::relDiff;
using ls::test::valueAndGrads;

// Forward: fast-math rsqrt/exp may move a value across a rounding boundary: one bf16 ulp (2^-8 relative
// to the largest value) or a float32 ulp-scale difference.
constexpr double kBf16ForwardTolerance = 1.0 / 128;
constexpr double kFp32ForwardTolerance = 1e-5;
// Backward: float32 throughout in the kernel, bf16 roundings in autograd's chain.
constexpr double kBf16GradTolerance = 2e-2;
constexpr double kFp32GradTolerance = 1e-4;

void requireKernels() {
    if (!ls::cudaAvailable()) LS_SKIP("no CUDA device");
    if (!ls::model::fusedKernelsServe(torch::zeros({1}, torch::device(torch::kCUDA))))
        LS_SKIP("built without CUDA kernels");
}

void checkRmsNorm(torch::ScalarType dtype, double fwdTol, double gradTol) {
    requireKernels();
    torch::manual_seed(3);
    const auto dev = torch::device(torch::kCUDA);
    for (int64_t cols : {32, 64, 128, 2048, 4096, 5000}) {  // 32, 128: Qwen3's per-head q/k norms
        auto x = (torch::randn({37, cols}, dev) * 2).to(dtype);
        auto w = (torch::rand({cols}, dev) + 0.5).to(dtype);
        auto g = torch::randn({37, cols}, dev);
        auto fused = valueAndGrads([&](auto& in) { return ls::model::fusedRmsNorm(in[0], w, 1e-5); }, {x}, g);
        auto plain = valueAndGrads([&](auto& in) { return ls::test::plainRmsNorm(in[0], w, 1e-5); }, {x}, g);
        // Keeping the output: the kernel recovers the input as out / (w · rstd) itself.
        auto fromOutput =
            valueAndGrads([&](auto& in) { return ls::model::fusedRmsNorm(in[0], w, 1e-5, true); }, {x}, g);
        std::cout << "  rmsnorm cols " << cols << ": forward " << relDiff(fused[0], plain[0]) << ", grad "
                  << relDiff(fused[1], plain[1]) << ", grad keeping the output " << relDiff(fromOutput[1], plain[1])
                  << "\n";
        CHECK(relDiff(fused[0], plain[0]) <= fwdTol);
        CHECK(relDiff(fused[1], plain[1]) <= gradTol);
        CHECK(torch::equal(fromOutput[0], fused[0]));
        CHECK(relDiff(fromOutput[1], plain[1]) <= gradTol);
    }
}

// shape: 3 x 1000 x 333 elements divide into 16-byte packs (the kernels' wide path); 3 x 7 x 333 do not
// (one element per thread).
void checkSwiglu(torch::ScalarType dtype, double fwdTol, double gradTol, std::vector<int64_t> shape) {
    requireKernels();
    torch::manual_seed(4);
    const auto dev = torch::device(torch::kCUDA);
    auto gate = (torch::randn(shape, dev) * 4).to(dtype);
    auto up = torch::randn(shape, dev).to(dtype);
    auto g = torch::randn(shape, dev);
    auto fused = valueAndGrads([](auto& in) { return ls::model::fusedSwiglu(in[0], in[1]); }, {gate, up}, g);
    auto plain = valueAndGrads([](auto& in) { return ls::test::plainSwiglu(in[0], in[1]); }, {gate, up}, g);
    std::cout << "  swiglu: forward " << relDiff(fused[0], plain[0]) << ", grads " << relDiff(fused[1], plain[1]) << " "
              << relDiff(fused[2], plain[2]) << "\n";
    CHECK(relDiff(fused[0], plain[0]) <= fwdTol);
    CHECK(relDiff(fused[1], plain[1]) <= gradTol);
    CHECK(relDiff(fused[2], plain[2]) <= gradTol);
    // The backward kernel's recomputed product equals the forward kernel's value, bit for bit.
    torch::Tensor product;
    auto grads = ls::model::swigluGrads(g.to(dtype), gate, up, &product);
    CHECK(torch::equal(product, ls::model::swigluValues(gate, up)));
    CHECK(relDiff(grads.first, plain[1]) <= gradTol);
}

TEST_CASE("CUDA RMSNorm kernels match the composition (bf16)") {
    checkRmsNorm(torch::kBFloat16, kBf16ForwardTolerance, kBf16GradTolerance);
}
TEST_CASE("CUDA RMSNorm kernels match the composition (fp32)") {
    checkRmsNorm(torch::kFloat32, kFp32ForwardTolerance, kFp32GradTolerance);
}
TEST_CASE("CUDA SwiGLU kernels match silu(gate) * up (bf16)") {
    checkSwiglu(torch::kBFloat16, kBf16ForwardTolerance, kBf16GradTolerance, {3, 1000, 333});
    checkSwiglu(torch::kBFloat16, kBf16ForwardTolerance, kBf16GradTolerance, {3, 7, 333});
}
TEST_CASE("CUDA SwiGLU kernels match silu(gate) * up (fp32)") {
    checkSwiglu(torch::kFloat32, kFp32ForwardTolerance, kFp32GradTolerance, {3, 1000, 333});
    checkSwiglu(torch::kFloat32, kFp32ForwardTolerance, kFp32GradTolerance, {3, 7, 333});
}

TEST_CASE("CUDA RoPE kernels match applyRotary, forward bit for bit, backward within tolerance (bf16)") {
    requireKernels();
    torch::manual_seed(5);
    const auto dev = torch::device(torch::kCUDA);
    // d = 64: 16-byte packs of pairs (the wide path); d = 12: six pairs a head, one per thread.
    for (const int64_t d : {64, 12}) {
        const int64_t b = 2, t = 33, heads = 4;
        auto x = torch::randn({b, t, heads, d}, dev).to(torch::kBFloat16);
        auto angles = torch::rand({b, 1, t, d}, dev) * 6.28;
        auto cos = angles.cos().to(torch::kBFloat16), sin = angles.sin().to(torch::kBFloat16);
        auto g = torch::randn({b, heads, t, d}, dev);
        auto fused = valueAndGrads([&](auto& in) { return ls::model::fusedRotary(in[0], cos, sin); }, {x}, g);
        auto plain = valueAndGrads(
            [&](auto& in) {
                return ls::model::applyRotary(in[0].transpose(1, 2), ls::model::RotaryTables{cos, sin});
            },
            {x}, g);
        CHECK(fused[0].sizes() == plain[0].sizes());
        CHECK(torch::equal(fused[0], plain[0]));  // the same three roundings
        std::cout << "  rotary (head dim " << d << ") grad " << relDiff(fused[1], plain[1]) << "\n";
        CHECK(relDiff(fused[1], plain[1]) <= kBf16GradTolerance);
    }
}

void checkCrossEntropy(torch::ScalarType dtype, double lossTol, double gradTol) {
    requireKernels();
    torch::manual_seed(6);
    const auto dev = torch::device(torch::kCUDA);
    const int64_t b = 3, t = 70, h = 64, vocab = 5003;
    auto hidden = (torch::randn({b, t, h}, dev)).to(dtype);
    auto head = (torch::randn({vocab, h}, dev) * 0.3).to(dtype);
    auto labels = torch::randint(0, vocab, {b, t}, torch::dtype(torch::kInt64).device(torch::kCUDA));
    labels.index_put_({0, torch::indexing::Slice(0, 10)}, -100);  // ignored positions
    auto g = torch::ones({}, dev);
    // Chunks of 37 tokens: several kernel launches and a ragged last chunk.
    auto fused = valueAndGrads([&](auto& in) { return ls::train::causalLmLoss(in[0], head, labels, 37); }, {hidden}, g);
    auto plain = valueAndGrads(
        [&](auto& in) { return ls::train::causalLmLossFromLogits(torch::matmul(in[0], head.t()), labels); }, {hidden},
        g);
    const double lossDiff = std::abs(fused[0].item<double>() - plain[0].item<double>());
    std::cout << "  cross entropy: loss " << fused[0].item<double>() << " vs " << plain[0].item<double>() << ", grad "
              << relDiff(fused[1], plain[1]) << "\n";
    CHECK(lossDiff <= lossTol);
    CHECK(relDiff(fused[1], plain[1]) <= gradTol);
    // Every row through the kernel, ignored labels included (they must add 0 and a zero gradient row).
    auto allRows =
        valueAndGrads([&](auto& in) { return ls::train::causalLmLossAllRows(in[0], head, labels, 37); }, {hidden}, g);
    std::cout << "  all rows: loss " << allRows[0].item<double>() << ", grad " << relDiff(allRows[1], plain[1]) << "\n";
    CHECK(std::abs(allRows[0].item<double>() - plain[0].item<double>()) <= lossTol);
    CHECK(relDiff(allRows[1], plain[1]) <= gradTol);
}

// The loss is a mean over ~200 tokens of float32 log-sum-exps of the same logits: only __expf/__logf
// differ (a few ulp). Gradients: the softmax rounded to the element type once in both paths.
TEST_CASE("CUDA cross-entropy kernel matches full-logit cross entropy (fp32)") {
    checkCrossEntropy(torch::kFloat32, 1e-4, 1e-4);
}
TEST_CASE("CUDA cross-entropy kernel matches full-logit cross entropy (bf16)") {
    checkCrossEntropy(torch::kBFloat16, 1e-3, 2e-2);
}

}  // namespace

TEST_CASE("rows gathered from a host-memory table equal index_select, every row width and word size") {
    requireKernels();
    const auto dev = torch::device(torch::kCUDA);
    // 16-byte words (bf16 × 64, fp32 × 12), 4-byte (bf16 × 6) and single bytes (bf16 × 3, fp16 × 5).
    const std::vector<std::pair<torch::Dtype, int64_t>> shapes = {
        {torch::kBFloat16, 64}, {torch::kFloat32, 12}, {torch::kBFloat16, 6}, {torch::kBFloat16, 3}, {torch::kHalf, 5}};
    for (const auto& [dtype, cols] : shapes) {
        torch::manual_seed(7);
        const auto source = torch::randn({1000, cols}).to(dtype);
        std::string why;
        auto table = ls::model::HostEmbedding::create(
            1000, cols, dtype, torch::kCUDA, [&](torch::Tensor& t) { t.copy_(source); }, &why);
        if (!table) std::cout << "  " << why << "\n";
        REQUIRE(table != nullptr);
        CHECK(table->table().device().is_cpu());
        const auto ids = torch::randint(0, 1000, {3, 517}, dev.dtype(torch::kInt64));
        const auto rows = table->lookup(ids, torch::kCUDA);
        CHECK(rows.sizes() == torch::IntArrayRef({3, 517, cols}));
        CHECK(torch::equal(rows.cpu(), source.index_select(0, ids.cpu().flatten()).view({3, 517, cols})));
        // An id outside the table gives zeros instead of reading past it.
        const auto bad = torch::tensor({int64_t(0), int64_t(1000), int64_t(-1)}).to(torch::kCUDA);
        const auto guarded = table->lookup(bad, torch::kCUDA).cpu();
        CHECK(torch::equal(guarded[0], source[0]));
        CHECK(guarded.slice(0, 1).eq(0).all().item<bool>());
    }
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
