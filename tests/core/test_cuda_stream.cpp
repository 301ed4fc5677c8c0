// Weight streaming (model/weight_stream.h) against the same model with every weight on the GPU: streamed
// layers' weights are the same bytes, so a forward pass gives the same logits and the same first loss bit for
// bit; training then matches within the run-to-run noise of a GPU (attention's backward adds in a varying
// order), eager, replayed from CUDA graphs, with checkpointing, and with an evaluation between two replays
// (which leaves other weights in the slots unless the stream puts the first ones back).
// Every case reports itself skipped without a CUDA device or without streaming in the build.
#include <cmath>
#include <iostream>

#include "adapter_diff.h"
#include "lora/lora_impl.h"
#include "lorastudio/lora.h"
#include "lorastudio/model.h"
#include "model/model_impl.h"
#include "model/weight_stream.h"
#include "train/trainer.h"
#include "train_run.h"
// clang-format off
#include "check.h"  // last: glog (via torch) defines CHECK
// clang-format on

namespace {

// fp32 on the GPU: run-to-run noise of the same training stays far below these.
constexpr double kStepTolerance = 1e-5;    // relative, loss and gradient norm per step
constexpr double kWeightTolerance = 1e-4;  // relative to the largest weight of each tensor, after the steps

void requireStreaming() {
    if (!ls::cudaAvailable()) LS_SKIP("no CUDA device");
    std::string why;
    if (!ls::model::WeightStream::available(&why)) LS_SKIP(why);
}

std::filesystem::path fixture(const std::string& name) { return ls::test::fixtures() / "models" / name; }

// How a run streams: through LoadOptions (every layer, the default slots), or by hand with `slots`.
struct Streaming {
    int64_t layers = 0;  // 0: nothing streams
    int slots = 0;       // 0: LoadOptions::streamedLayers; else a WeightStream made here with this many slots
};

std::unique_ptr<ls::Model> loadModel(const std::string& name, ls::ComputeType dtype, Streaming s, bool nf4 = false) {
    ls::LoadOptions load{ls::Device::CUDA, dtype};
    load.quantizeNf4 = nf4;
    if (s.slots == 0) load.streamedLayers = s.layers;
    auto model = ls::Model::load(fixture(name), load);
    if (s.slots > 0) {
        auto& layers = model->impl().decoder.weights().layers;
        const auto streamed = ls::model::streamedLayerIndices(static_cast<int64_t>(layers.size()), s.layers);
        for (int64_t i : streamed) {
            auto& l = layers[static_cast<std::size_t>(i)];
            for (auto* p : l.projections()) p->weight = p->weight.cpu();
        }
        std::string why;
        auto stream = ls::model::WeightStream::create(layers, streamed, torch::Device(torch::kCUDA), s.slots, &why);
        if (!stream) std::cout << "  stream: " << why << "\n";
        REQUIRE(stream != nullptr);
        model->impl().decoder.setWeightStream(std::move(stream));
    }
    return model;
}

ls::test::TrainRun makeRun(const std::string& name, ls::LoraMethod method, bool graphs, bool checkpointing,
                           Streaming s) {
    ls::TrainConfig c;
    c.device = ls::Device::CUDA;
    c.lora.method = method;
    c.cudaGraphs = graphs;
    c.gradCheckpointing = checkpointing;
    return ls::test::startTrainRun(loadModel(name, ls::ComputeType::F32, s), c);
}

ls::train::MicroBatch batchFor(int64_t vocab, int index) {
    torch::manual_seed(100 + index);
    ls::train::MicroBatch b;
    b.ids = torch::randint(0, vocab, {2, 24}, torch::TensorOptions().dtype(torch::kInt64).device(torch::kCUDA));
    b.labels = b.ids;
    b.tokens = b.targetTokens = 2 * 24;
    return b;
}

double relDiff(double a, double b) { return std::abs(a - b) / std::max(1e-12, std::abs(b)); }

struct Case {
    std::string model = "mistral";  // 3 layers: with 2 slots the third layer shares the first one's slot
    ls::LoraMethod method = ls::LoraMethod::Lora;
    bool graphs = true;
    bool checkpointing = false;
    bool evaluateBetween = false;  // an evaluation pass after step 2 (between graph replays)
    Streaming streaming{3, 0};
};

void compare(const Case& k) {
    requireStreaming();
    auto plain = makeRun(k.model, k.method, k.graphs, k.checkpointing, {});
    auto streamed = makeRun(k.model, k.method, k.graphs, k.checkpointing, k.streaming);
    const auto* stream = streamed.model->impl().decoder.weightStream();
    REQUIRE(stream != nullptr);
    CHECK_EQ(static_cast<int64_t>(stream->streamedLayers().size()), k.streaming.layers);
    const int64_t vocab = plain.model->config().vocabSize;
    std::vector<ls::train::MicroBatch> evalBatches{batchFor(vocab, 50)};
    for (int s = 0; s < 5; ++s) {
        auto next = [&](int) { return batchFor(vocab, s); };
        const auto p = plain.trainer->step(next, 1e-2, 0), o = streamed.trainer->step(next, 1e-2, 0);
        CHECK(p.completed && o.completed && p.finite && o.finite);
        if (s == 0) CHECK_EQ(p.loss, o.loss);  // the same weights, the same forward pass
        CHECK(relDiff(o.loss, p.loss) <= kStepTolerance);
        CHECK(relDiff(o.gradNorm, p.gradNorm) <= kStepTolerance);
        if (k.evaluateBetween && s == 2) {
            const double pe = plain.trainer->evalLoss(evalBatches), oe = streamed.trainer->evalLoss(evalBatches);
            CHECK(relDiff(oe, pe) <= kStepTolerance);
        }
    }
    const double weights = ls::test::maxAdapterDiff(*streamed.adapter, *plain.adapter);
    std::cout << "  " << k.model << " " << ls::loraMethodName(k.method) << (k.graphs ? ", graphed" : ", eager")
              << (k.checkpointing ? ", checkpointing" : "") << (k.evaluateBetween ? ", evaluation between" : "") << ": "
              << k.streaming.layers << " layers in " << stream->slots() << " slots, " << stream->pinnedBytes()
              << " bytes page-locked, adapter diff " << weights << "\n";
    CHECK(weights <= kWeightTolerance);
    if (k.graphs) {
        CHECK(streamed.trainer->cudaGraphs());  // the copies did not make a capture fall back
        CHECK_EQ(streamed.trainer->cudaGraphsCaptured(), plain.trainer->cudaGraphsCaptured());
    }
}

}  // namespace

TEST_CASE("stream: LoRA trains as with every weight on the GPU, eager") {
    Case k;
    k.graphs = false;
    compare(k);
}

TEST_CASE("stream: LoRA trains as with every weight on the GPU, from CUDA graphs") { compare(Case{}); }

TEST_CASE("stream: with checkpointing the recompute gets its layer's weights back") {
    Case k;
    k.checkpointing = true;
    compare(k);
}

TEST_CASE("stream: LoRA-FA with checkpointing, graphed") {
    Case k;
    k.method = ls::LoraMethod::LoraFa;
    k.checkpointing = true;
    compare(k);
}

TEST_CASE("stream: one slot for two layers, with an evaluation between graph replays") {
    Case k;
    k.model = "llama3";
    k.streaming = {2, 1};
    k.evaluateBetween = true;
    compare(k);
}

TEST_CASE("stream: logits match the unstreamed model's exactly, twice in a row") {
    requireStreaming();
    auto plain = loadModel("mistral", ls::ComputeType::F32, {});
    auto streamed = loadModel("mistral", ls::ComputeType::F32, {3, 0});
    CHECK_EQ(streamed->streamedLayers(), 3);
    CHECK(streamed->streamedWeightBytes() > 0);
    ls::TokenBatch batch;
    batch.ids = {{1, 5, 9, 13, 17, 21}, {2, 4, 6, 8, 10, 12}};
    const auto expected = plain->logits(batch);
    for (int pass = 0; pass < 2; ++pass) {  // the second finds the first layers back in their slots
        const auto got = streamed->logits(batch);
        CHECK(got.shape == expected.shape);
        CHECK(got.values == expected.values);
    }
}

TEST_CASE("stream: QLoRA's NF4 weights do not stream, and the model says why") {
    requireStreaming();
    ls::LoadOptions load{ls::Device::CUDA, ls::ComputeType::BF16};
    load.quantizeNf4 = true;
    load.streamedLayers = 2;
    auto model = ls::Model::load(fixture("llama3"), load);
    CHECK_EQ(model->streamedLayers(), 0);
    CHECK(model->weightStreamProblem().find("NF4") != std::string::npos);
}

TEST_CASE("stream: merging into a streamed model is refused (its slots hold whichever layer ran last)") {
    requireStreaming();
    auto model = loadModel("mistral", ls::ComputeType::F32, {3, 0});
    ls::LoraOptions lora;
    lora.targetModules = {"all-linear"};
    auto adapter = ls::LoraAdapter::create(*model, lora);
    CHECK_THROWS_WITH(ls::mergeLora(*model, *adapter), "merge: the model streams its weights from host memory");
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
