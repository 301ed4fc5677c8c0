// The decoder on CUDA against the fp32 transformers reference (the CPU path is checked by
// test_model_golden). Every case reports itself skipped when no CUDA device is present.
#include <iostream>

#include "check.h"
#include "lorastudio/model.h"
#include "model_reference.h"

namespace {

// fp32 on the GPU: different kernels and summation order, same precision as the CPU check.
constexpr double kFp32LogitTolerance = 1e-4;
// bf16 keeps 8 significant bits, so each rounding is up to 2^-9 relative; weights, activations and
// every matmul output are rounded through two or three layers. Bounded relative to the largest logit
// of the batch: 5% of max|logit| admits that accumulated rounding yet fails on a wrong mask, RoPE or
// norm, which move logits by a large fraction of their range.
constexpr double kBf16RelativeTolerance = 0.05;
// fp16 keeps 11 significant bits (8x finer than bf16); the same reasoning gives a tighter bound.
constexpr double kFp16RelativeTolerance = 0.01;

std::filesystem::path modelDir(const std::string& name) { return ls::test::fixtures() / "models" / name; }

void requireCuda() {
    if (!ls::cudaAvailable()) LS_SKIP("no CUDA device");
}

void checkLogits(ls::ComputeType dtype) {
    requireCuda();
    for (const auto& name : ls::test::goldenModels()) {
        auto ref = ls::test::loadModelReference(modelDir(name));
        auto model = ls::Model::load(modelDir(name), ls::LoadOptions{ls::Device::CUDA, dtype});
        auto diff = ls::test::compareLogits(ref, model->logits(ref.batch));
        const double tolerance = dtype == ls::ComputeType::F32    ? kFp32LogitTolerance
                                 : dtype == ls::ComputeType::BF16 ? kBf16RelativeTolerance * diff.maxAbsLogit
                                                                  : kFp16RelativeTolerance * diff.maxAbsLogit;
        std::cout << "  " << name << ": max |logit diff| " << diff.maxAbsDiff << " (tolerance " << tolerance
                  << ", max |logit| " << diff.maxAbsLogit << ")\n";
        CHECK(diff.finite);
        CHECK(diff.maxAbsDiff <= tolerance);
    }
}

}  // namespace

TEST_CASE("fp32 logits on CUDA match transformers") { checkLogits(ls::ComputeType::F32); }

TEST_CASE("bf16 logits on CUDA stay near the fp32 reference") { checkLogits(ls::ComputeType::BF16); }

TEST_CASE("fp16 logits on CUDA stay near the fp32 reference") { checkLogits(ls::ComputeType::F16); }

TEST_CASE("an untied embedding table read from host memory gives the same logits, bit for bit") {
    requireCuda();
    for (const auto& name : ls::test::goldenModels()) {
        auto ref = ls::test::loadModelReference(modelDir(name));
        ls::LoadOptions onHost{ls::Device::CUDA, ls::ComputeType::BF16};
        ls::LoadOptions onDevice = onHost;
        onDevice.embeddingsOnHost = false;
        auto hosted = ls::Model::load(modelDir(name), onHost);
        auto resident = ls::Model::load(modelDir(name), onDevice);
        const ls::ModelConfig& c = hosted->config();
        const int64_t table = c.vocabSize * c.hiddenSize * 2;
        std::cout << "  " << name << ": " << hosted->hostEmbeddingBytes() << " bytes in host memory"
                  << (hosted->hostEmbeddingProblem().empty() ? "" : " (" + hosted->hostEmbeddingProblem() + ")")
                  << "\n";
        CHECK_EQ(hosted->hostEmbeddingBytes(), c.tieWordEmbeddings ? 0 : table);
        CHECK(hosted->hostEmbeddingProblem().empty());
        CHECK_EQ(resident->hostEmbeddingBytes(), 0);
        const auto a = hosted->logits(ref.batch), b = resident->logits(ref.batch);
        CHECK(a.shape == b.shape);
        CHECK(a.values == b.values);  // a gather copies rows: nothing to round
    }
}

TEST_CASE("fp32 greedy generation on CUDA matches transformers") {
    requireCuda();
    for (const auto& name : ls::test::goldenModels()) {
        auto ref = ls::test::loadModelReference(modelDir(name));
        auto model = ls::Model::load(modelDir(name), ls::LoadOptions{ls::Device::CUDA, ls::ComputeType::F32});
        ls::GenerateOptions options;
        options.maxNewTokens = ref.greedyNewTokens;
        CHECK(model->generate(ref.greedyPrompt, options) == ref.greedyOutput);
    }
}

TEST_CASE("seeded sampling gives the same ids on CUDA and on the CPU") {
    requireCuda();
    auto ref = ls::test::loadModelReference(modelDir("llama3"));
    auto cpu = ls::Model::load(modelDir("llama3"));
    auto gpu = ls::Model::load(modelDir("llama3"), ls::LoadOptions{ls::Device::CUDA, ls::ComputeType::F32});
    ls::GenerateOptions sample;
    sample.maxNewTokens = 8;
    sample.greedy = false;
    sample.temperature = 0.7f;
    sample.topP = 0.9f;
    sample.seed = 7;
    CHECK(cpu->generate(ref.greedyPrompt, sample) == gpu->generate(ref.greedyPrompt, sample));
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
