// The training engine on the CPU fixture model: schedules, config JSON, the chunked loss, gradient
// checkpointing, loss falling for LoRA / LoRA-FA / QLoRA, LoRA-FA's frozen A, bit-exact resume,
// pause / cancel from another thread, NaN handling, checksummed checkpoints, eval.
#include <stdlib.h>
#include <torch/torch.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "lora/lora_impl.h"
#include "lorastudio/error.h"
#include "lorastudio/memory_fit.h"
#include "lorastudio/safetensors.h"
#include "lorastudio/train.h"
#include "lorastudio/train_errors.h"
#include "model/layer_checkpoint.h"
#include "model/model_impl.h"
#include "train/batches.h"
#include "train/lm_loss.h"
#include "train/run_memory.h"
#include "train/test_hooks.h"
// clang-format off
#include "check.h"  // last: glog (via torch) defines CHECK
// clang-format on

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// Chunked loss and its hand-written gradient vs autograd through full logits, fp32 on the CPU.
constexpr double kLossTolerance = 1e-5;
// Checkpointed layers recompute the same fp32 operations: gradients agree to rounding.
constexpr double kCheckpointTolerance = 1e-6;

fs::path scratchDir() {
    char tmpl[] = "/tmp/ls_test_train_XXXXXX";
    const char* made = mkdtemp(tmpl);
    if (!made) throw ls::test::Failure{"mkdtemp failed"};
    return made;
}

std::string modelDir() { return (ls::test::fixtures() / "models" / "llama3").string(); }

// An alpaca file in which every answer has one fixed form, so an adapter can learn it quickly.
fs::path writeDataset(const fs::path& dir, int rows) {
    const fs::path file = dir / "train.jsonl";
    std::ofstream out(file);
    const char* words[] = {"red", "blue", "green", "cat", "dog", "sun", "moon", "tree"};
    for (int i = 0; i < rows; ++i) {
        json row = {{"instruction", std::string("Name thing ") + std::to_string(i)},
                    {"output", std::string("ANSWER: ") + words[i % 8] + "."}};
        out << row.dump() << "\n";
    }
    return file;
}

ls::TrainConfig baseConfig(const fs::path& data, ls::LoraMethod method) {
    ls::TrainConfig c;
    c.modelDir = modelDir();
    c.dataFile = data.string();
    c.lora.method = method;
    c.lora.r = 4;
    c.lora.alpha = 8;
    c.lora.targetModules = {"all-linear"};
    c.data.seqLen = 48;
    c.steps = 12;
    c.batchSize = 4;
    c.lr = 1e-2;
    c.schedule = ls::LrSchedule::Constant;
    c.seed = 7;
    return c;
}

ls::TrainResult runToEnd(const ls::TrainConfig& c, const fs::path& runDir) {
    auto s = ls::TrainingSession::create(c, runDir);
    auto r = s->run();
    if (r.state != ls::RunState::Finished) std::cout << "  run ended: " << r.message << "\n";
    return r;
}

double meanLoss(const std::vector<ls::StepMetrics>& m, std::size_t from, std::size_t to) {
    double s = 0;
    for (std::size_t i = from; i < to; ++i) s += m[i].loss;
    return s / static_cast<double>(to - from);
}

// An all-linear rank-4 adapter attached to `model` for training, with B drawn (seeded) so that A's gradient
// is not zero.
std::unique_ptr<ls::LoraAdapter> trainingAdapter(ls::Model& model, double dropout = 0.0) {
    ls::LoraOptions o;
    o.targetModules = {"all-linear"};
    o.r = 4;
    o.dropout = dropout;
    auto adapter = ls::LoraAdapter::create(model, o);
    {
        torch::NoGradGuard g;
        torch::manual_seed(5);
        for (auto& m : adapter->impl().state->modules) m.b.normal_(0, 0.05);
    }
    adapter->attach(model);
    adapter->setTraining(true);
    return adapter;
}

// The loss of one forward pass and every trainable adapter gradient, flattened into one tensor. backward(),
// as the trainer does (reentrant checkpointing cannot serve autograd::grad).
std::pair<double, torch::Tensor> lossAndAdapterGrads(ls::Model& model, const ls::LoraAdapter& adapter,
                                                     const torch::Tensor& ids, const torch::Tensor& labels,
                                                     const torch::Tensor& mask = {}) {
    auto& decoder = model.impl().decoder;
    auto params = adapter.impl().trainableParameters();
    for (auto& p : params) p.mutable_grad() = torch::Tensor();
    auto loss = ls::train::causalLmLoss(decoder.forward(ids, mask, {}), decoder.weights().lmHead.weight, labels);
    loss.backward();
    std::vector<torch::Tensor> flat;
    for (auto& p : params) flat.push_back(p.grad().flatten().clone());
    return {loss.item<double>(), torch::cat(flat)};
}

std::string fileBytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A's of an adapter folder, by tensor name.
std::map<std::string, std::vector<float>> tensorsOf(const fs::path& file, const std::string& suffix) {
    auto st = ls::SafetensorsFile::open(file);
    std::map<std::string, std::vector<float>> out;
    for (const auto& t : st->tensors()) {
        if (t.name.size() < suffix.size() || t.name.compare(t.name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        const float* f = reinterpret_cast<const float*>(t.data);
        out[t.name].assign(f, f + t.numel());
    }
    return out;
}

std::string errorText(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("schedules: warmup from 0, linear to 0, cosine through half at the middle") {
    using ls::LrSchedule;
    CHECK_NEAR(ls::learningRateAt(LrSchedule::Constant, 1.0, 0, 4, 20), 0.0, 1e-12);
    CHECK_NEAR(ls::learningRateAt(LrSchedule::Constant, 1.0, 2, 4, 20), 0.5, 1e-12);
    CHECK_NEAR(ls::learningRateAt(LrSchedule::Constant, 1.0, 10, 4, 20), 1.0, 1e-12);
    CHECK_NEAR(ls::learningRateAt(LrSchedule::Linear, 1.0, 4, 4, 20), 1.0, 1e-12);
    CHECK_NEAR(ls::learningRateAt(LrSchedule::Linear, 1.0, 12, 4, 20), 0.5, 1e-12);
    CHECK_NEAR(ls::learningRateAt(LrSchedule::Linear, 1.0, 20, 4, 20), 0.0, 1e-12);
    CHECK_NEAR(ls::learningRateAt(LrSchedule::Cosine, 2.0, 12, 4, 20), 1.0, 1e-12);
    CHECK_NEAR(ls::learningRateAt(LrSchedule::Cosine, 2.0, 20, 4, 20), 0.0, 1e-12);
    CHECK_THROWS_WITH(ls::parseLrSchedule("step"), "unknown learning-rate schedule 'step'");
}

TEST_CASE("config: JSON round trip, unknown keys and wrong types name the file") {
    ls::TrainConfig c = baseConfig("/data/x.jsonl", ls::LoraMethod::LoraFa);
    c.gradAccum = 3;
    c.warmupSteps = 5;
    c.dtype = ls::ComputeType::BF16;
    c.snapshotModules = {"model.layers.0.self_attn.q_proj"};
    c.offloadActivations = true;
    c.device = ls::Device::CUDA;
    c.streamedLayers = 6;
    const std::string text = ls::trainConfigToJson(c);
    const ls::TrainConfig back = ls::trainConfigFromJson(text, "run.json");
    CHECK_EQ(ls::trainConfigToJson(back), text);
    CHECK(back.offloadActivations);
    CHECK_EQ(back.streamedLayers, 6);
    CHECK(back.lora.method == ls::LoraMethod::LoraFa);
    CHECK(back.dtype && *back.dtype == ls::ComputeType::BF16);

    json j = json::parse(text);
    j["bacth_size"] = 4;
    CHECK_THROWS_WITH(ls::trainConfigFromJson(j.dump(), "run.json"), "run.json: unknown field 'bacth_size'");
    j = json::parse(text);
    j["data_options"]["seq_len"] = "long";
    CHECK_THROWS_WITH(ls::trainConfigFromJson(j.dump(), "run.json"), "run.json: field 'data_options.seq_len' must be");
    j = json::parse(text);
    j["batch_size"] = 0;
    CHECK_THROWS_WITH(ls::trainConfigFromJson(j.dump(), "run.json"), "run.json: batch_size must be between");
    CHECK_THROWS_WITH(ls::trainConfigFromJson("{oops", "run.json"), "run.json: not valid JSON");
    // Streaming needs CUDA and a dense base.
    j = json::parse(text);
    j["device"] = "cpu";
    CHECK_THROWS_WITH(ls::trainConfigFromJson(j.dump(), "run.json"), "run.json: streamed_layers needs device cuda");
    j = json::parse(text);
    j["lora"]["method"] = "qlora";
    CHECK_THROWS_WITH(ls::trainConfigFromJson(j.dump(), "run.json"),
                      "run.json: streamed_layers needs dense base weights");
    j = json::parse(text);
    j["streamed_layers"] = -1;
    CHECK_THROWS_WITH(ls::trainConfigFromJson(j.dump(), "run.json"), "run.json: streamed_layers must be >= 0");
}

TEST_CASE("out of memory: the hints name only what the run does not do yet; offload counts on CUDA only") {
    ls::TrainConfig c = baseConfig("/data/x.jsonl", ls::LoraMethod::Lora);
    std::string m = ls::train::outOfMemoryMessage("run", c, 0);
    CHECK(m.find("CUDA out of memory (estimated need ") == 0);
    CHECK(m.find("turn on gradient checkpointing, offload activations to host memory, stream layers' weights from "
                 "host memory, use QLoRA, or lower") != std::string::npos);
    c.offloadActivations = true;
    c.streamedLayers = 4;
    m = ls::train::outOfMemoryMessage("run", c, 0);
    CHECK(m.find("offload activations") == std::string::npos);
    CHECK(m.find("stream layers") == std::string::npos);
    c.streamedLayers = 0;
    CHECK(m.find("turn on gradient checkpointing") != std::string::npos);
    c.gradCheckpointing = true;
    c.lora.method = ls::LoraMethod::QLora;
    CHECK(ls::train::outOfMemoryMessage("run", c, 0).find("): or lower the batch size or sequence length") !=
          std::string::npos);
    // The estimate behind the message moves offloaded activations to host memory on CUDA only.
    c.gradCheckpointing = false;
    c.device = ls::Device::CUDA;
    const ls::ModelConfig model = ls::loadModelConfig(fs::path(c.modelDir) / "config.json");
    CHECK(ls::estimateOptionsFor(c, model).offloadActivations);
    c.device = ls::Device::CPU;
    CHECK(!ls::estimateOptionsFor(c, model).offloadActivations);
    // Streamed layers likewise, and never for QLoRA.
    c.lora.method = ls::LoraMethod::LoraFa;
    c.streamedLayers = 2;
    CHECK_EQ(ls::estimateOptionsFor(c, model).streamedLayers, 0);
    c.device = ls::Device::CUDA;
    CHECK_EQ(ls::estimateOptionsFor(c, model).streamedLayers, 2);
    c.lora.method = ls::LoraMethod::QLora;
    CHECK_EQ(ls::estimateOptionsFor(c, model).streamedLayers, 0);
}

TEST_CASE("out of memory on a GPU of known size: the hint is what fitToMemory picks, or that nothing fits") {
    ls::TrainConfig c = baseConfig("/data/x.jsonl", ls::LoraMethod::Lora);
    c.device = ls::Device::CUDA;
    c.batchSize = 16;
    c.data.seqLen = 1024;
    const ls::ModelConfig model = ls::loadModelConfig(fs::path(c.modelDir) / "config.json");
    const auto estimate = [&](const ls::TrainConfig& run) {
        return ls::estimateTrainingMemory(model, run.lora, ls::estimateOptionsFor(run, model)).total();
    };
    ls::TrainConfig checkpointed = c;
    checkpointed.gradCheckpointing = true;
    // A GPU whose budget (kGpuBudgetShare of it) holds the checkpointed run but not the plain one.
    const auto gpuFor = [](int64_t budget) { return static_cast<int64_t>(double(budget) / ls::kGpuBudgetShare) + 1; };
    const int64_t gpu = gpuFor(estimate(checkpointed));
    REQUIRE(estimate(c) > static_cast<int64_t>(ls::kGpuBudgetShare * double(gpu)));
    const auto fit = ls::fitToMemory(c, model, static_cast<int64_t>(ls::kGpuBudgetShare * double(gpu)));
    REQUIRE(fit.has_value());
    REQUIRE(!fit->change.empty());
    std::string m = ls::train::outOfMemoryMessage("run", c, gpu);
    CHECK(m.find("CUDA out of memory (estimated need ") == 0);
    CHECK(m.find("): turn on " + fit->change + " (estimate ") != std::string::npos);
    CHECK(m.find("fits this GPU; --fit gpu or Fit to GPU memory does it), or lower the batch size") !=
          std::string::npos);
    CHECK(m.find('\n') == std::string::npos);
    ls::TrainResult failed;
    failed.state = ls::RunState::Failed;
    failed.message = m;
    CHECK(ls::outOfMemoryFailureHasFit(failed));  // the GUI offers "Fit to GPU memory" for this one
    // A GPU too small for any option: says so and names QLoRA (not for a QLoRA run).
    m = ls::train::outOfMemoryMessage("run", c, 1 << 20);
    failed.message = m;
    CHECK(ls::isOutOfMemoryFailure(failed));
    CHECK(!ls::outOfMemoryFailureHasFit(failed));
    CHECK(m.find("): no memory option fits this GPU's 0.00 GiB: use QLoRA, or lower the batch size") !=
          std::string::npos);
    c.lora.method = ls::LoraMethod::QLora;
    CHECK(ls::train::outOfMemoryMessage("run", c, 1 << 20).find("GiB: lower the batch size") != std::string::npos);
    // A GPU the estimate thinks is big enough: the run does not fit for reasons the estimate misses, so every
    // option it does not use yet is named.
    c.lora.method = ls::LoraMethod::Lora;
    m = ls::train::outOfMemoryMessage("run", c, gpuFor(estimate(c)) * 2);
    CHECK(m.find("): turn on gradient checkpointing, offload activations") != std::string::npos);
}

TEST_CASE("streamed layers: on the CPU the model loads whole and says why; more layers than it has is an error") {
    const fs::path dir = ls::test::fixtures() / "models" / "llama3";
    ls::LoadOptions load;
    load.streamedLayers = 2;
    auto model = ls::Model::load(dir, load);
    CHECK_EQ(model->streamedLayers(), 0);
    CHECK_EQ(model->streamedWeightBytes(), 0);
    CHECK_EQ(model->weightStreamProblem(), "only a CUDA device streams weights");
    ls::LoadOptions plain;
    ls::TokenBatch batch;
    batch.ids = {{1, 2, 3, 4}};
    CHECK(model->logits(batch).values == ls::Model::load(dir, plain)->logits(batch).values);
    load.streamedLayers = 3;  // the fixture has 2
    CHECK_THROWS_WITH(ls::Model::load(dir, load), "cannot stream 3 layers: the model has 2");
}

TEST_CASE("chunked loss: value and hidden-state gradient equal cross entropy over full logits") {
    torch::manual_seed(3);
    auto hidden = torch::randn({2, 9, 16}, torch::dtype(torch::kFloat32).requires_grad(true));
    auto weight = torch::randn({50, 16});
    auto labels = torch::randint(0, 50, {2, 9}, torch::kInt64);
    labels.index_put_({0, torch::indexing::Slice(0, 4)}, ls::kIgnoreLabel);
    auto ref = ls::train::causalLmLossFromLogits(torch::matmul(hidden, weight.t()), labels);
    auto refGrad = torch::autograd::grad({ref}, {hidden})[0];
    auto ours = ls::train::causalLmLoss(hidden, weight, labels, /*chunkTokens=*/3);
    auto ourGrad = torch::autograd::grad({ours}, {hidden})[0];
    CHECK_NEAR(ours.item<double>(), ref.item<double>(), kLossTolerance);
    CHECK((ourGrad - refGrad).abs().max().item<double>() <= kLossTolerance);
    // The all-rows form (CUDA graphs: no selection, no host sync) counts the same targets.
    auto allRows = ls::train::causalLmLossAllRows(hidden, weight, labels, /*chunkTokens=*/4);
    auto allRowsGrad = torch::autograd::grad({allRows}, {hidden})[0];
    CHECK_NEAR(allRows.item<double>(), ref.item<double>(), kLossTolerance);
    CHECK((allRowsGrad - refGrad).abs().max().item<double>() <= kLossTolerance);
    // No counted target at all: 0, like the selecting form.
    auto none = torch::full({2, 9}, ls::kIgnoreLabel, torch::kInt64);
    CHECK_EQ(ls::train::causalLmLossAllRows(hidden, weight, none).item<double>(), 0.0);
}

TEST_CASE("gradient checkpointing: the same loss and adapter gradients as without") {
    auto model = ls::Model::load(modelDir());
    auto adapter = trainingAdapter(*model, 0.2);  // the recompute must draw the same dropout mask
    auto& decoder = model->impl().decoder;
    auto ids = torch::randint(0, 700, {2, 10}, torch::kInt64);
    auto gradsWith = [&](bool ckpt) {
        decoder.setGradientCheckpointing(ckpt, true);
        torch::manual_seed(11);
        return lossAndAdapterGrads(*model, *adapter, ids, ids);
    };
    auto [lossPlain, gradPlain] = gradsWith(false);
    auto [lossCkpt, gradCkpt] = gradsWith(true);
    CHECK_NEAR(lossCkpt, lossPlain, kCheckpointTolerance);
    const double diff = (gradCkpt - gradPlain).abs().max().item<double>();
    std::cout << "  checkpointed vs plain: max |grad diff| " << diff << "\n";
    CHECK(diff <= kCheckpointTolerance);
    CHECK(gradPlain.abs().max().item<double>() > 0.0);
    decoder.setGradientCheckpointing(false);
}

TEST_CASE("training: loss falls for LoRA, LoRA-FA and QLoRA; metrics.jsonl has every step") {
    const fs::path dir = scratchDir();
    const fs::path data = writeDataset(dir, 16);
    for (auto method : {ls::LoraMethod::Lora, ls::LoraMethod::LoraFa, ls::LoraMethod::QLora}) {
        const fs::path run = dir / ls::loraMethodName(method);
        auto r = runToEnd(baseConfig(data, method), run);
        CHECK(r.state == ls::RunState::Finished);
        CHECK_EQ(r.steps, int64_t(12));
        auto m = ls::readMetrics(run / "metrics.jsonl");
        CHECK_EQ(m.size(), std::size_t(12));
        for (std::size_t i = 0; i < m.size(); ++i) CHECK_EQ(m[i].step, static_cast<int64_t>(i + 1));
        const double first = meanLoss(m, 0, 3), last = meanLoss(m, 9, 12);
        std::cout << "  " << ls::loraMethodName(method) << ": loss " << first << " -> " << last << "\n";
        CHECK(last < 0.8 * first);
        CHECK(fs::is_regular_file(run / "adapter" / "adapter_model.safetensors"));
        CHECK(fs::is_regular_file(run / "config.json"));
        CHECK_EQ(ls::listCheckpoints(run).size(), std::size_t(1));
        CHECK(m.back().tokensPerS > 0);
        // On the CPU the memory figures are the process's resident memory and its peak.
        CHECK(m.back().memAllocated > 0);
        CHECK(m.back().memPeak >= m.back().memAllocated);
    }
    ls::test::removeTree(dir);
}

TEST_CASE("training: loss falls on Qwen3 (q/k norms) and on a sliding window shorter than the sequence") {
    const fs::path dir = scratchDir();
    const fs::path data = writeDataset(dir, 16);
    for (const char* model : {"qwen3", "mistral-sliding"}) {
        for (auto method : {ls::LoraMethod::Lora, ls::LoraMethod::QLora}) {
            const fs::path run = dir / (std::string(model) + "-" + ls::loraMethodName(method));
            auto c = baseConfig(data, method);
            c.modelDir = (ls::test::fixtures() / "models" / model).string();
            auto r = runToEnd(c, run);
            CHECK(r.state == ls::RunState::Finished);
            auto m = ls::readMetrics(run / "metrics.jsonl");
            REQUIRE(m.size() == std::size_t(12));
            const double first = meanLoss(m, 0, 3), last = meanLoss(m, 9, 12);
            std::cout << "  " << model << " " << ls::loraMethodName(method) << ": loss " << first << " -> " << last
                      << "\n";
            CHECK(last < 0.8 * first);
        }
    }
    ls::test::removeTree(dir);
}

TEST_CASE("gradient checkpointing on Qwen3 with a sliding window: the same adapter gradients as without") {
    // Qwen3's q/k norms and a sliding-window mask inside the recomputed layers: the fixture's weights under
    // its config with a 3-token window in layer 1, shorter than the 10-token rows.
    const fs::path dir = scratchDir();
    const fs::path qwen3 = ls::test::fixtures() / "models" / "qwen3";
    fs::copy_file(qwen3 / "model.safetensors", dir / "model.safetensors");
    json config = json::parse(fileBytes(qwen3 / "config.json"));
    config["use_sliding_window"] = true;
    config["sliding_window"] = 3;
    config["layer_types"] = {"full_attention", "sliding_attention"};
    std::ofstream(dir / "config.json") << config.dump();
    auto model = ls::Model::load(dir.string());
    auto& decoder = model->impl().decoder;
    REQUIRE(decoder.config().slidingLayers == (std::vector<bool>{false, true}));
    auto adapter = trainingAdapter(*model);
    auto ids = torch::randint(0, 640, {2, 10}, torch::kInt64);
    auto gradsWith = [&](bool ckpt) {
        decoder.setGradientCheckpointing(ckpt);
        return lossAndAdapterGrads(*model, *adapter, ids, ids).second;
    };
    const auto plain = gradsWith(false), ckpt = gradsWith(true);
    CHECK((ckpt - plain).abs().max().item<double>() <= kCheckpointTolerance);
    CHECK(plain.abs().max().item<double>() > 0.0);
    decoder.setGradientCheckpointing(false);
    // The window is in force: the fixture as it is (no window) gives other gradients.
    adapter->detach(*model);
    auto unwindowed = ls::Model::load(qwen3.string());
    adapter->attach(*unwindowed);
    const auto full = lossAndAdapterGrads(*unwindowed, *adapter, ids, ids).second;
    CHECK((full - plain).abs().max().item<double>() > 100 * kCheckpointTolerance);
    ls::test::removeTree(dir);
}

TEST_CASE("right-padded batches need no attention mask: the same loss and adapter gradients as with one") {
    // collate leaves the mask out (attention then stays on the flash kernel on CUDA); causal attention keeps
    // every real token from seeing the padding after it. Rows of 10, 6 and 3 tokens; a sliding window (the
    // fixture's 5) must not change that either.
    for (const char* name : {"llama3", "mistral-sliding"}) {
        auto model = ls::Model::load((ls::test::fixtures() / "models" / name).string());
        auto adapter = trainingAdapter(*model);
        std::vector<ls::Example> rows(3);
        for (std::size_t r = 0; r < rows.size(); ++r)
            for (int c = 0; c < (r == 0 ? 10 : r == 1 ? 6 : 3); ++c) {
                rows[r].inputIds.push_back(3 + 17 * static_cast<int>(r) + 5 * c);
                rows[r].labels.push_back(rows[r].inputIds.back());
            }
        const auto batch = ls::train::collate({&rows[0], &rows[1], &rows[2]}, 0, torch::kCPU);
        REQUIRE(!batch.mask.defined());
        const torch::Tensor mask = (batch.labels != ls::kIgnoreLabel).to(torch::kInt64);
        const auto [lossWithout, gradWithout] = lossAndAdapterGrads(*model, *adapter, batch.ids, batch.labels);
        const auto [lossWith, gradWith] = lossAndAdapterGrads(*model, *adapter, batch.ids, batch.labels, mask);
        const double diff = (gradWithout - gradWith).abs().max().item<double>();
        std::cout << "  " << name << ": loss " << lossWithout << " vs " << lossWith << ", max |grad diff| " << diff
                  << "\n";
        CHECK_NEAR(lossWithout, lossWith, 1e-6);
        CHECK(diff <= 1e-6);
        CHECK(gradWith.abs().max().item<double>() > 0.0);
    }
}

TEST_CASE("snapshots: chosen weights, every module's update norm, and QLoRA's quantization error beside it") {
    const fs::path dir = scratchDir();
    const fs::path data = writeDataset(dir, 8);
    for (auto method : {ls::LoraMethod::Lora, ls::LoraMethod::QLora}) {
        auto c = baseConfig(data, method);
        c.steps = 4;
        c.snapshotEvery = 2;
        c.snapshotModules = {"model.layers.1.mlp.down_proj"};
        std::vector<ls::WeightSnapshot> snaps;
        ls::TrainCallbacks cb;
        cb.onSnapshot = [&](const ls::WeightSnapshot& s) { snaps.push_back(s); };
        auto r = ls::TrainingSession::create(c, dir / ls::loraMethodName(method))->run(cb);
        CHECK(r.state == ls::RunState::Finished);
        REQUIRE(snaps.size() == 2u);
        CHECK_EQ(snaps[1].step, int64_t(4));
        REQUIRE(snaps[1].tensors.size() == 2u);
        CHECK_EQ(snaps[1].tensors[0].module, std::string("model.layers.1.mlp.down_proj"));
        CHECK_EQ(snaps[1].tensors[0].tensor, std::string("lora_A"));
        CHECK(snaps[1].tensors[0].shape == std::vector<int64_t>({4, 160}));
        CHECK_EQ(snaps[1].tensors[1].values.size(), std::size_t(64 * 4));
        CHECK_EQ(snaps[1].updateNorms.size(), std::size_t(14));
        for (const auto& n : snaps[1].updateNorms) {
            CHECK(n.norm > 0.0);
            if (method == ls::LoraMethod::QLora)
                CHECK(n.quantErrorNorm > 0.0);
            else
                CHECK_EQ(n.quantErrorNorm, -1.0);
        }
    }
    ls::test::removeTree(dir);
}

TEST_CASE("LoRA-FA: A is bit-identical to its initialisation after training, B moved") {
    const fs::path dir = scratchDir();
    const auto c = baseConfig(writeDataset(dir, 16), ls::LoraMethod::LoraFa);
    CHECK(runToEnd(c, dir / "run").state == ls::RunState::Finished);
    auto model = ls::Model::load(modelDir());
    auto fresh = ls::LoraAdapter::create(*model, c.lora);
    fresh->savePeft(dir / "init", "x");
    const auto trainedA = tensorsOf(dir / "run/adapter/adapter_model.safetensors", "lora_A.weight");
    const auto initA = tensorsOf(dir / "init/adapter_model.safetensors", "lora_A.weight");
    CHECK_EQ(trainedA.size(), std::size_t(14));  // 2 layers x 7 linears
    CHECK(trainedA == initA);
    const auto trainedB = tensorsOf(dir / "run/adapter/adapter_model.safetensors", "lora_B.weight");
    const auto initB = tensorsOf(dir / "init/adapter_model.safetensors", "lora_B.weight");
    CHECK(trainedB != initB);
    ls::test::removeTree(dir);
}

TEST_CASE("resume: 6 steps straight equal 3 steps, cancel, resume, 3 more, bit for bit") {
    const fs::path dir = scratchDir();
    auto c = baseConfig(writeDataset(dir, 10), ls::LoraMethod::Lora);
    c.steps = 6;
    c.gradAccum = 2;
    c.batchSize = 3;
    c.lora.dropout = 0.1;  // random state must continue too
    c.gradCheckpointing = true;
    c.schedule = ls::LrSchedule::Cosine;
    c.warmupSteps = 2;
    CHECK(runToEnd(c, dir / "straight").state == ls::RunState::Finished);

    auto first = ls::TrainingSession::create(c, dir / "split");
    ls::TrainCallbacks cb;
    cb.onMetrics = [&](const ls::StepMetrics& m) {
        if (m.step == 3) first->cancel();
    };
    auto r1 = first->run(cb);
    CHECK(r1.state == ls::RunState::Cancelled);
    CHECK_EQ(r1.steps, int64_t(3));
    CHECK(fs::is_regular_file(r1.adapterDir / "adapter_model.safetensors"));
    CHECK_EQ(r1.lastCheckpoint.filename().string(), std::string("step-000003"));

    // A kill -9 during the next append can leave half a line (no newline) at the end of metrics.jsonl.
    {
        std::ofstream torn(dir / "split/metrics.jsonl", std::ios::app | std::ios::binary);
        torn << R"({"step":4,"total_steps":6,"epoch":0.5,"loss":2.)";
    }
    auto second = ls::TrainingSession::resume(r1.lastCheckpoint);
    auto r2 = second->run();
    CHECK(r2.state == ls::RunState::Finished);
    CHECK_EQ(r2.steps, int64_t(6));

    CHECK(fileBytes(dir / "straight/adapter/adapter_model.safetensors") ==
          fileBytes(dir / "split/adapter/adapter_model.safetensors"));
    auto a = ls::readMetrics(dir / "straight/metrics.jsonl");
    auto b = ls::readMetrics(dir / "split/metrics.jsonl");
    CHECK_EQ(a.size(), std::size_t(6));
    CHECK_EQ(b.size(), std::size_t(6));
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        CHECK_EQ(b[i].step, a[i].step);
        CHECK(b[i].loss == a[i].loss);  // exact
        CHECK(b[i].gradNorm == a[i].gradNorm);
    }
    ls::test::removeTree(dir);
}

TEST_CASE("metrics.jsonl: a torn last line is left out; a broken line anywhere else names its line") {
    const fs::path dir = scratchDir();
    ls::StepMetrics m;
    m.totalSteps = 3;
    std::string text;
    for (int64_t step = 1; step <= 2; ++step) {
        m.step = step;
        text += ls::stepMetricsToJson(m) + "\n";
    }
    m.step = 3;
    const std::string third = ls::stepMetricsToJson(m);
    auto write = [&](const std::string& content) {
        std::ofstream(dir / "metrics.jsonl", std::ios::binary) << content;
        return dir / "metrics.jsonl";
    };
    CHECK_EQ(ls::readMetrics(write(text + third.substr(0, 40))).size(), std::size_t(2));
    CHECK_EQ(ls::readMetrics(write(text + third)).size(), std::size_t(3));  // complete, newline or not
    // The same half line with its newline was written whole: that is a damaged file, not a crash.
    CHECK_THROWS_WITH(ls::readMetrics(write(text + third.substr(0, 40) + "\n")), "line 3: not a JSON object");
    CHECK_THROWS_WITH(ls::readMetrics(write("{oops\n" + text)), "line 1: not a JSON object");
    ls::test::removeTree(dir);
}

TEST_CASE("pause and resume from another thread; cancel keeps an adapter and a checkpoint") {
    const fs::path dir = scratchDir();
    auto c = baseConfig(writeDataset(dir, 8), ls::LoraMethod::Lora);
    c.steps = 1000;
    auto session = ls::TrainingSession::create(c, dir / "run");
    std::atomic<int64_t> lastStep{0};
    std::vector<ls::RunState> states;
    std::mutex statesMutex;
    ls::TrainCallbacks cb;
    cb.onMetrics = [&](const ls::StepMetrics& m) { lastStep = m.step; };
    cb.onState = [&](ls::RunState s) {
        std::lock_guard<std::mutex> lock(statesMutex);
        states.push_back(s);
    };
    ls::TrainResult result;
    std::thread worker([&] { result = session->run(cb); });
    while (lastStep < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    session->pause();
    for (int i = 0; i < 400 && session->state() != ls::RunState::Paused; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(session->state() == ls::RunState::Paused);
    const int64_t pausedAt = lastStep;
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    CHECK_EQ(lastStep.load(), pausedAt);  // no steps while paused
    session->resume();
    while (lastStep < pausedAt + 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    session->cancel();
    worker.join();
    CHECK(result.state == ls::RunState::Cancelled);
    CHECK(result.steps >= pausedAt + 2 && result.steps < 1000);
    CHECK(fs::is_regular_file(dir / "run/adapter/adapter_model.safetensors"));
    CHECK_EQ(ls::listCheckpoints(dir / "run").size(), std::size_t(1));
    CHECK_EQ(ls::readMetrics(dir / "run/metrics.jsonl").size(), static_cast<std::size_t>(result.steps));
    std::lock_guard<std::mutex> lock(statesMutex);
    CHECK(std::find(states.begin(), states.end(), ls::RunState::Paused) != states.end());
    CHECK(states.back() == ls::RunState::Cancelled);
    ls::test::removeTree(dir);
}

TEST_CASE("NaN: a poisoned weight stops the run with a message and keeps the last good checkpoint") {
    const fs::path dir = scratchDir();
    auto c = baseConfig(writeDataset(dir, 8), ls::LoraMethod::Lora);
    c.steps = 10;
    c.checkpointEvery = 1;
    c.keepCheckpoints = 0;
    auto session = ls::TrainingSession::create(c, dir / "run");
    ls::train::setAfterStepHookForTesting(*session, [](int64_t step, ls::LoraAdapter& adapter) {
        if (step != 3) return;
        torch::NoGradGuard g;
        adapter.impl().state->modules[0].b.fill_(std::numeric_limits<float>::quiet_NaN());
    });
    auto r = session->run();
    CHECK(r.state == ls::RunState::Failed);
    CHECK(r.message.find("NaN at step 4") != std::string::npos);
    CHECK(r.message.find("step-000003") != std::string::npos);
    CHECK_EQ(r.steps, int64_t(3));
    CHECK_EQ(r.lastCheckpoint.filename().string(), std::string("step-000003"));
    // The checkpoint is intact and finite; the poisoned weights were not written as the adapter.
    auto resumed = ls::TrainingSession::resume(r.lastCheckpoint);
    const auto b = tensorsOf(r.lastCheckpoint / "adapter_model.safetensors", "lora_B.weight");
    for (const auto& [name, v] : b)
        for (float x : v) CHECK(std::isfinite(x));
    CHECK(!fs::exists(dir / "run/adapter/adapter_model.safetensors") ||
          fileBytes(dir / "run/adapter/adapter_model.safetensors").find("nan") == std::string::npos);
    ls::test::removeTree(dir);
}

TEST_CASE("checkpoints: a flipped byte is caught by the checksum; a run folder is never overwritten") {
    const fs::path dir = scratchDir();
    auto c = baseConfig(writeDataset(dir, 8), ls::LoraMethod::Lora);
    c.steps = 2;
    CHECK(runToEnd(c, dir / "run").state == ls::RunState::Finished);
    const fs::path ckpt = ls::listCheckpoints(dir / "run").back();
    for (const char* f : {"adapter_model.safetensors", "optimizer.safetensors", "trainer_state.json"})
        CHECK(fs::is_regular_file(ckpt / f));
    CHECK(errorText([&] { ls::TrainingSession::create(c, dir / "run"); }).find("already holds a run") !=
          std::string::npos);
    {
        std::fstream f(ckpt / "optimizer.safetensors", std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(-3, std::ios::end);
        f.put('\x7f');
    }
    CHECK_THROWS_WITH(ls::TrainingSession::resume(ckpt), "optimizer.safetensors: checksum mismatch");
    CHECK_THROWS_WITH(ls::TrainingSession::resume(dir / "nowhere"), "is not a checkpoint folder");
    ls::test::removeTree(dir);
}

TEST_CASE("eval: the trained adapter lowers loss and perplexity on its data") {
    const fs::path dir = scratchDir();
    const fs::path data = writeDataset(dir, 16);
    auto c = baseConfig(data, ls::LoraMethod::Lora);
    auto r = runToEnd(c, dir / "run");
    CHECK(r.state == ls::RunState::Finished);
    const auto base = ls::evaluateModel(c.modelDir, "", data.string(), c.data, ls::Device::CPU);
    const auto tuned = ls::evaluateModel(c.modelDir, r.adapterDir.string(), data.string(), c.data, ls::Device::CPU);
    std::cout << "  eval loss base " << base.loss << " -> adapted " << tuned.loss << "\n";
    CHECK(tuned.loss < base.loss);
    CHECK_NEAR(tuned.perplexity, std::exp(tuned.loss), 1e-9 * tuned.perplexity);
    CHECK_EQ(tuned.sequences, int64_t(16));
    CHECK_THROWS_WITH(ls::evaluateModel(c.modelDir, "", (dir / "none.jsonl").string(), c.data, ls::Device::CPU),
                      "none.jsonl");
    ls::test::removeTree(dir);
}

TEST_CASE("errors come back as values: a missing data file fails the run with its name") {
    const fs::path dir = scratchDir();
    auto c = baseConfig(dir / "missing.jsonl", ls::LoraMethod::Lora);
    auto r = ls::TrainingSession::create(c, dir / "run")->run();
    CHECK(r.state == ls::RunState::Failed);
    CHECK(r.message.find("missing.jsonl") != std::string::npos);
    // Nothing was trained there, so the same folder takes the corrected run.
    c.dataFile = writeDataset(dir, 4).string();
    c.steps = 1;
    CHECK(ls::TrainingSession::create(c, dir / "run")->run().state == ls::RunState::Finished);
    ls::TrainConfig bad = c;
    bad.dataFile = writeDataset(dir, 4).string();
    bad.lora.targetModules = {"q_projj"};
    auto r2 = ls::TrainingSession::create(bad, dir / "run2")->run();
    CHECK(r2.state == ls::RunState::Failed);
    std::cout << "  " << r2.message << "\n";
    CHECK(r2.message.find("q_projj") != std::string::npos);
    ls::test::removeTree(dir);
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
