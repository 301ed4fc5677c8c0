// The fused RMSNorm and SwiGLU nodes (model/fused_ops.h) on the CPU against the compositions they replace:
// forward values equal, gradients from the hand-written backward equal autograd's within tolerance. The
// CUDA kernels are checked against the same references in test_cuda_fused_ops.
#include <iostream>

#include "check.h"
#include "fused_reference.h"
#include "lorastudio/model.h"
#include "model/fused_ops.h"
#include "model/host_embedding.h"

namespace {

using ls::test::relDiff;
using ls::test::valueAndGrads;

// float32: the backward is the same algebra in another order, so only summation rounding differs.
constexpr double kFp32GradTolerance = 1e-5;
// bfloat16: autograd rounds every intermediate gradient to 8 bits, the fused backward keeps float32;
// a few roundings of 2^-9 each.
constexpr double kBf16GradTolerance = 2e-2;

void checkRmsNorm(torch::ScalarType dtype, double tolerance) {
    torch::manual_seed(1);
    auto x = (torch::randn({3, 5, 96}) * 3).to(dtype);
    auto w = (torch::rand({96}) + 0.5).to(dtype);
    auto g = torch::randn({3, 5, 96});
    auto fused = valueAndGrads([](auto& in) { return ls::model::fusedRmsNorm(in[0], in[1], 1e-5); }, {x, w}, g);
    auto plain = valueAndGrads([](auto& in) { return ls::test::plainRmsNorm(in[0], in[1], 1e-5); }, {x, w}, g);
    CHECK(torch::equal(fused[0], plain[0]));  // the same ops in the same order on the CPU
    CHECK(relDiff(fused[1], plain[1]) <= tolerance);
    CHECK(relDiff(fused[2], plain[2]) <= tolerance);  // weight gradient (full-parameter training)
}

void checkSwiglu(torch::ScalarType dtype, double tolerance) {
    torch::manual_seed(2);
    auto gate = (torch::randn({4, 7, 160}) * 4).to(dtype);
    auto up = torch::randn({4, 7, 160}).to(dtype);
    auto g = torch::randn({4, 7, 160});
    auto fused = valueAndGrads([](auto& in) { return ls::model::fusedSwiglu(in[0], in[1]); }, {gate, up}, g);
    auto plain = valueAndGrads([](auto& in) { return ls::test::plainSwiglu(in[0], in[1]); }, {gate, up}, g);
    CHECK(torch::equal(fused[0], plain[0]));
    CHECK(relDiff(fused[1], plain[1]) <= tolerance);
    CHECK(relDiff(fused[2], plain[2]) <= tolerance);
}

TEST_CASE("RMSNorm: fused node equals transformers' composition, forward and backward (fp32)") {
    checkRmsNorm(torch::kFloat32, kFp32GradTolerance);
}
TEST_CASE("RMSNorm: fused node equals transformers' composition, forward and backward (bf16)") {
    checkRmsNorm(torch::kBFloat16, kBf16GradTolerance);
}
// Keeping the output and recovering the input in backward (x = out / (w · rstd)): the input gradient
// against the composition, for a frozen weight. bf16: the recovered input carries up to two more roundings.
void checkRmsNormKeepingOutput(torch::ScalarType dtype, double tolerance) {
    torch::manual_seed(4);
    auto x = (torch::randn({3, 5, 96}) * 3).to(dtype);
    const auto w = (torch::rand({96}) + 0.5).to(dtype);
    auto g = torch::randn({3, 5, 96});
    auto fused = valueAndGrads([&](auto& in) { return ls::model::fusedRmsNorm(in[0], w, 1e-5, true); }, {x}, g);
    auto plain = valueAndGrads([&](auto& in) { return ls::test::plainRmsNorm(in[0], w, 1e-5); }, {x}, g);
    std::cout << "  RMSNorm keeping its output: grad x " << relDiff(fused[1], plain[1]) << "\n";
    CHECK(torch::equal(fused[0], plain[0]));
    CHECK(relDiff(fused[1], plain[1]) <= tolerance);
}

TEST_CASE("RMSNorm keeping its output instead of its input: the same input gradient (fp32, bf16)") {
    checkRmsNormKeepingOutput(torch::kFloat32, kFp32GradTolerance);
    checkRmsNormKeepingOutput(torch::kBFloat16, kBf16GradTolerance);
}

TEST_CASE("SwiGLU: fused node equals silu(gate) * up, forward and backward (fp32)") {
    checkSwiglu(torch::kFloat32, kFp32GradTolerance);
}
TEST_CASE("SwiGLU: fused node equals silu(gate) * up, forward and backward (bf16)") {
    checkSwiglu(torch::kBFloat16, kBf16GradTolerance);
}

TEST_CASE("RMSNorm and SwiGLU are one autograd node each when training, none without grad") {
    // One node (instead of the composition's six and two) is what lets each keep only its inputs.
    auto x = torch::randn({8, 64}).requires_grad_(true);
    auto w = torch::ones({64});
    auto y = ls::model::fusedRmsNorm(x, w, 1e-6);
    CHECK(y.grad_fn() != nullptr);
    CHECK(y.grad_fn()->name().find("RmsNorm") != std::string::npos);
    auto gate = torch::randn({8, 64}).requires_grad_(true), up = torch::randn({8, 64}).requires_grad_(true);
    auto s = ls::model::fusedSwiglu(gate, up);
    CHECK(s.grad_fn()->name().find("Swiglu") != std::string::npos);
    // Without grad nothing is recorded at all.
    torch::NoGradGuard off;
    CHECK(ls::model::fusedRmsNorm(x, w, 1e-6).grad_fn() == nullptr);
}

TEST_CASE("a host-memory embedding table needs a GPU: without one it is refused with the reason, unfilled") {
    // Model::load then keeps the table on the device it loads to (test_cuda_model checks the GPU side).
    std::string why;
    bool filled = false;
    auto table = ls::model::HostEmbedding::create(
        16, 8, torch::kBFloat16, torch::kCUDA,
        [&](torch::Tensor& t) {
            t.zero_();
            filled = true;
        },
        &why);
    if (ls::cudaAvailable()) {
        CHECK(table != nullptr);
        CHECK(filled);
    } else {
        CHECK(table == nullptr);
        CHECK(!filled);  // the copy is not paid for when the memory cannot be mapped
        std::cout << "  refused: " << why << "\n";
        CHECK(!why.empty());
    }
}

}  // namespace

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
