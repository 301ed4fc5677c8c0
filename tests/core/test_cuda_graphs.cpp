// Training steps replayed from CUDA graphs (train/graphed_step.h) against the same steps run eagerly:
// losses, gradient norms and the trained adapter, for fixed and alternating batch shapes, gradient
// accumulation, padding masks, 4-bit bases, and a non-finite step that must change nothing. Every case
// reports itself skipped without a CUDA device or without CUDA graphs in the build.
#include <cmath>
#include <iostream>

#include "adapter_diff.h"
#include "lora/lora_impl.h"
#include "lorastudio/lora.h"
#include "lorastudio/model.h"
#include "model/model_impl.h"
#include "train/trainer.h"
#include "train_run.h"
// clang-format off
#include "check.h"  // last: glog (via torch) defines CHECK
// clang-format on

namespace {

// fp32 on the GPU. The graphed loss sums every position (ignored ones add 0) where the eager loss sums
// the selected ones, and torch's fused AdamW rounds its update differently from the multi-tensor
// one: per step a few ulp, over 8 steps of lr 1e-2 well under 1e-4 relative.
constexpr double kLossTolerance = 1e-4;
constexpr double kWeightTolerance = 1e-4;

std::filesystem::path modelDir(const std::string& name) { return ls::test::fixtures() / "models" / name; }

void requireGraphs() {
    if (!ls::cudaAvailable()) LS_SKIP("no CUDA device");
    std::string why;
    ls::TrainConfig c;
    c.device = ls::Device::CUDA;
    if (!ls::train::GraphedStep::available(c, torch::Device(torch::kCUDA), false, &why)) LS_SKIP(why);
}

ls::test::TrainRun makeRun(const std::string& model, ls::LoraMethod method, bool graphs, int gradAccum) {
    ls::LoadOptions load{ls::Device::CUDA, ls::ComputeType::F32};
    ls::TrainConfig c;
    c.device = ls::Device::CUDA;
    c.lora.method = method;
    c.gradAccum = gradAccum;
    c.cudaGraphs = graphs;
    c.maxGradNorm = 1.0;
    c.weightDecay = 0.01;
    return ls::test::startTrainRun(ls::Model::load(modelDir(model), load), c);
}

// Batch `index` of shape [2, seq]: random ids, the first 3 labels of row 0 ignored, and with `padded`
// row 1 shorter (mask 0 and ignored labels at its end).
ls::train::MicroBatch batchFor(int64_t vocab, int64_t seq, int index, bool padded) {
    torch::manual_seed(100 + index);
    ls::train::MicroBatch b;
    const auto dev = torch::TensorOptions().dtype(torch::kInt64).device(torch::kCUDA);
    b.ids = torch::randint(0, vocab, {2, seq}, dev);
    b.labels = b.ids.clone();
    b.labels.index_put_({0, torch::indexing::Slice(0, 3)}, -100);
    if (padded) {
        b.mask = torch::ones({2, seq}, dev);
        b.mask.index_put_({1, torch::indexing::Slice(seq - 5, seq)}, 0);
        b.labels.index_put_({1, torch::indexing::Slice(seq - 5, seq)}, -100);
    }
    b.tokens = 2 * seq;
    return b;
}

// Trains an eager and a graphed run on the same batches (shape `seqs[step % size]`) and compares.
void compare(const std::string& model, ls::LoraMethod method, int gradAccum, std::vector<int64_t> seqs, bool padded,
             int steps = 8) {
    requireGraphs();
    auto eager = makeRun(model, method, false, gradAccum);
    auto graphed = makeRun(model, method, true, gradAccum);
    CHECK(!eager.trainer->cudaGraphs());
    CHECK(graphed.trainer->cudaGraphs());
    const int64_t vocab = eager.model->config().vocabSize;
    double worstLoss = 0;
    for (int s = 0; s < steps; ++s) {
        const int64_t seq = seqs[static_cast<std::size_t>(s) % seqs.size()];
        auto next = [&](int micro) { return batchFor(vocab, seq, s * gradAccum + micro, padded); };
        const auto e = eager.trainer->step(next, 1e-2, 0), g = graphed.trainer->step(next, 1e-2, 0);
        CHECK(e.completed && g.completed && e.finite && g.finite);
        CHECK_EQ(e.tokens, g.tokens);
        worstLoss = std::max(worstLoss, std::abs(e.loss - g.loss) / std::abs(e.loss));
        CHECK(std::abs(e.gradNorm - g.gradNorm) <= kLossTolerance * std::max(1.0, e.gradNorm));
    }
    const double weights = ls::test::maxAdapterDiff(*graphed.adapter, *eager.adapter);
    std::cout << "  " << model << " " << ls::loraMethodName(method) << ", accum " << gradAccum << ", " << seqs.size()
              << " shape(s)" << (padded ? ", padded" : "") << ": worst loss diff " << worstLoss << ", adapter diff "
              << weights << ", graphs " << graphed.trainer->cudaGraphsCaptured() << "\n";
    CHECK(worstLoss <= kLossTolerance);
    CHECK(weights <= kWeightTolerance);
    CHECK(graphed.trainer->cudaGraphs());  // no capture fell back to eager
    CHECK_EQ(graphed.trainer->cudaGraphsCaptured(), static_cast<int>(seqs.size()) + 1);
    CHECK_EQ(graphed.trainer->optimizer().stepCount(), eager.trainer->optimizer().stepCount());
}

}  // namespace

TEST_CASE("CUDA graphs: LoRA steps equal eager steps") { compare("llama3", ls::LoraMethod::Lora, 1, {24}, false); }

TEST_CASE("CUDA graphs: LoRA-FA with two micro-batches per step") {
    compare("llama3", ls::LoraMethod::LoraFa, 2, {24}, false);
}

TEST_CASE("CUDA graphs: alternating shapes and padding masks, one graph per shape") {
    compare("qwen2", ls::LoraMethod::Lora, 1, {16, 24}, true);
}

TEST_CASE("CUDA graphs: Qwen3's q/k norms, and a sliding window shorter than the batch with padding") {
    compare("qwen3", ls::LoraMethod::Lora, 1, {24}, false);
    compare("mistral-sliding", ls::LoraMethod::Lora, 1, {24}, true);
}

TEST_CASE("CUDA graphs: QLoRA on a 4-bit base") { compare("llama3-bnb-nf4", ls::LoraMethod::QLora, 1, {24}, false); }

TEST_CASE("CUDA graphs: a non-finite step changes nothing and the next one trains") {
    requireGraphs();
    auto run = makeRun("llama3", ls::LoraMethod::Lora, true, 1);
    const int64_t vocab = run.model->config().vocabSize;
    auto next = [&](int) { return batchFor(vocab, 24, 0, false); };
    for (int s = 0; s < 3; ++s) CHECK(run.trainer->step(next, 1e-2, 0).finite);
    CHECK_EQ(run.trainer->cudaGraphsCaptured(), 2);
    auto& modules = run.adapter->impl().state->modules;
    const torch::Tensor savedB0 = modules[0].b.clone();
    {
        torch::NoGradGuard g;
        modules[0].b.index_put_({0, 0}, std::nan(""));
    }
    const torch::Tensor otherA = modules[1].a.clone(), otherB = modules[1].b.clone();
    const torch::Tensor moment = run.trainer->optimizer().expAvg()[2].clone();
    const auto bad = run.trainer->step(next, 1e-2, 0);
    CHECK(bad.completed);
    CHECK(!bad.finite);
    CHECK(torch::equal(modules[1].a, otherA));
    CHECK(torch::equal(modules[1].b, otherB));
    CHECK(torch::equal(run.trainer->optimizer().expAvg()[2], moment));
    CHECK_EQ(run.trainer->optimizer().stepCount(), 3);
    {
        torch::NoGradGuard g;
        modules[0].b.copy_(savedB0);
    }
    const auto good = run.trainer->step(next, 1e-2, 0);
    CHECK(good.finite);
    CHECK(!torch::equal(modules[1].b, otherB));
    CHECK_EQ(run.trainer->optimizer().stepCount(), 4);
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
