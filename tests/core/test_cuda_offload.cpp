// Activation offload (model/activation_offload.h) against the same training without it: SwiGLU's gate and
// up go to host memory and back unchanged, eager and replayed from CUDA graphs, for LoRA (the fused
// SwiGLU-down node), LoRA-FA (the plain SwiGLU node) and QLoRA. The first forward pass must give the same
// loss bit for bit; after that the two runs may differ only as two runs of the same training do on a GPU
// (attention's backward adds in a varying order), so gradient norms, later losses and the adapter are
// compared with tolerances. The fixtures have 2 layers, so the runs offload every layer (keepLastLayers 0).
// Every case reports itself skipped without a CUDA device or without offload in the build.
#include <cmath>
#include <iostream>

#include "adapter_diff.h"
#include "lora/lora_impl.h"
#include "lorastudio/lora.h"
#include "lorastudio/model.h"
#include "model/activation_offload.h"
#include "model/model_impl.h"
#include "train/trainer.h"
#include "train_run.h"
// clang-format off
#include "check.h"  // last: glog (via torch) defines CHECK
// clang-format on

namespace {

// fp32 on the GPU: run-to-run noise of the same training stays far below these.
constexpr double kStepTolerance = 1e-5;    // relative, loss and gradient norm per step
constexpr double kWeightTolerance = 1e-4;  // relative to the largest weight of each tensor, after 5 steps

void requireOffload() {
    if (!ls::cudaAvailable()) LS_SKIP("no CUDA device");
    std::string why;
    if (!ls::model::ActivationOffload::available(&why)) LS_SKIP(why);
}

struct Run : ls::test::TrainRun {
    std::shared_ptr<ls::model::ActivationOffload> offload;
};

Run makeRun(const std::string& model, ls::LoraMethod method, bool graphs, const ls::model::OffloadOptions* offload) {
    ls::LoadOptions load{ls::Device::CUDA, ls::ComputeType::F32};
    ls::TrainConfig c;
    c.device = ls::Device::CUDA;
    c.lora.method = method;
    c.cudaGraphs = graphs;
    Run r{ls::test::startTrainRun(ls::Model::load(ls::test::fixtures() / "models" / model, load), c), nullptr};
    if (offload) {
        std::string why;
        r.offload = ls::model::ActivationOffload::create(torch::Device(torch::kCUDA), *offload, &why);
        if (!r.offload) std::cout << "  offload: " << why << "\n";
        REQUIRE(r.offload != nullptr);
        r.model->impl().decoder.setActivationOffload(r.offload);
    }
    return r;
}

ls::train::MicroBatch batchFor(int64_t vocab, int64_t seq, int index) {
    torch::manual_seed(100 + index);
    ls::train::MicroBatch b;
    b.ids = torch::randint(0, vocab, {2, seq}, torch::TensorOptions().dtype(torch::kInt64).device(torch::kCUDA));
    b.labels = b.ids;
    b.tokens = b.targetTokens = 2 * seq;
    return b;
}

double relDiff(double a, double b) { return std::abs(a - b) / std::max(1e-12, std::abs(b)); }

void compare(const std::string& model, ls::LoraMethod method, bool graphs, ls::model::OffloadOptions options) {
    requireOffload();
    Run plain = makeRun(model, method, graphs, nullptr), offloaded = makeRun(model, method, graphs, &options);
    const auto& config = plain.model->config();
    const int64_t seq = 24;
    for (int s = 0; s < 5; ++s) {
        auto next = [&](int) { return batchFor(config.vocabSize, seq, s); };
        const auto p = plain.trainer->step(next, 1e-2, 0), o = offloaded.trainer->step(next, 1e-2, 0);
        CHECK(p.completed && o.completed && p.finite && o.finite);
        if (s == 0) CHECK_EQ(p.loss, o.loss);  // the same forward pass: nothing has come back from host memory yet
        CHECK(relDiff(o.loss, p.loss) <= kStepTolerance);
        CHECK(relDiff(o.gradNorm, p.gradNorm) <= kStepTolerance);
    }
    const double weights = ls::test::maxAdapterDiff(*offloaded.adapter, *plain.adapter);
    CHECK(weights <= kWeightTolerance);
    // Gate and up of every layer, fp32: the offload really moved them.
    const int64_t expected = config.numLayers * 2 * (2 * seq) * config.intermediateSize * 4;
    std::cout << "  " << model << " " << ls::loraMethodName(method) << (graphs ? ", graphed" : ", eager") << ", lag "
              << options.releaseLag << ": " << offloaded.offload->offloadedBytes() << " bytes offloaded per step, "
              << offloaded.offload->pinnedBytes() << " pinned, adapter diff " << weights << "\n";
    CHECK_EQ(offloaded.offload->offloadedBytes(), expected);
    CHECK_EQ(offloaded.offload->pinnedBytes(), expected);
    if (graphs) {
        CHECK(offloaded.trainer->cudaGraphs());  // the copies did not make a capture fall back
        CHECK_EQ(offloaded.trainer->cudaGraphsCaptured(), plain.trainer->cudaGraphsCaptured());
    }
}

ls::model::OffloadOptions everyLayer(int lag) {
    ls::model::OffloadOptions o;
    o.keepLastLayers = 0;
    o.releaseLag = lag;
    return o;
}

}  // namespace

TEST_CASE("offload: LoRA trains as without it, eager") {
    compare("llama3", ls::LoraMethod::Lora, false, everyLayer(1));
}

TEST_CASE("offload: LoRA trains as without it, from CUDA graphs") {
    compare("llama3", ls::LoraMethod::Lora, true, everyLayer(1));
}

TEST_CASE("offload: every layer released at once (lag 0) trains as without it") {
    compare("mistral", ls::LoraMethod::Lora, true, everyLayer(0));
}

TEST_CASE("offload: LoRA-FA (plain SwiGLU node), graphed") {
    compare("llama3", ls::LoraMethod::LoraFa, true, everyLayer(1));
}

TEST_CASE("offload: QLoRA on a 4-bit base, graphed") {
    compare("llama3-bnb-nf4", ls::LoraMethod::QLora, true, everyLayer(1));
}

TEST_CASE("offload: a host budget too small for a layer keeps it on the GPU") {
    requireOffload();
    ls::model::OffloadOptions o = everyLayer(1);
    o.hostBudgetBytes = 1;
    Run run = makeRun("llama3", ls::LoraMethod::Lora, false, &o);
    auto next = [&](int) { return batchFor(run.model->config().vocabSize, 24, 0); };
    CHECK(run.trainer->step(next, 1e-2, 0).finite);
    CHECK_EQ(run.offload->offloadedBytes(), 0);
    CHECK_EQ(run.offload->pinnedBytes(), 0);
}

TEST_CASE("offload: TrainConfig turns it on for the trainer, not with checkpointing") {
    requireOffload();
    ls::LoadOptions load{ls::Device::CUDA, ls::ComputeType::F32};
    auto model = ls::Model::load(ls::test::fixtures() / "models" / "llama3", load);
    ls::TrainConfig c;
    c.device = ls::Device::CUDA;
    c.offloadActivations = true;
    auto adapter = ls::LoraAdapter::create(*model, c.lora);
    adapter->attach(*model);
    {
        ls::train::Trainer t(*model, *adapter, c);
        CHECK(t.offloadingActivations());
    }
    c.gradCheckpointing = true;
    ls::train::Trainer t(*model, *adapter, c);
    CHECK(!t.offloadingActivations());
    CHECK(t.offloadOffReason().find("checkpointing") != std::string::npos);
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
