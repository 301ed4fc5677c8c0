// The decoder against transformers 5.17 (eager attention, fp32) on the fixture models (Llama 3, Llama 2 with
// tied embeddings, sharded Mistral, Qwen2, Qwen3, and Mistral with a sliding window shorter than the prompt):
// logits of a right- and a left-padded row, and greedy generation with the KV cache.
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>

#include "check.h"
#include "lorastudio/error.h"
#include "lorastudio/model.h"
#include "model_reference.h"

namespace {

// fp32 on the CPU against fp32 transformers: only summation order differs.
constexpr double kFp32LogitTolerance = 1e-4;

std::filesystem::path modelDir(const std::string& name) { return ls::test::fixtures() / "models" / name; }

void checkLogits(const std::string& name) {
    auto ref = ls::test::loadModelReference(modelDir(name));
    auto model = ls::Model::load(modelDir(name));
    auto diff = ls::test::compareLogits(ref, model->logits(ref.batch));
    std::cout << "  " << name << ": max |logit diff| " << diff.maxAbsDiff << " (max |logit| " << diff.maxAbsLogit
              << ")\n";
    CHECK(diff.finite);
    CHECK(diff.maxAbsDiff <= kFp32LogitTolerance);
}

void checkGreedy(const std::string& name) {
    auto ref = ls::test::loadModelReference(modelDir(name));
    auto model = ls::Model::load(modelDir(name));
    ls::GenerateOptions options;
    options.maxNewTokens = ref.greedyNewTokens;
    CHECK(model->generate(ref.greedyPrompt, options) == ref.greedyOutput);
}

// A scratch copy of fixture `name`'s weights under its config.json changed by `edit`; removed by the destructor.
// Plain POSIX calls for the scratch folder: the pip LibTorch 2.x on the GPU machine exports a
// std::filesystem::remove_all of its own that crashes when called from here.
struct EditedFixture {
    std::string dir;
    EditedFixture(const std::string& name, const std::function<void(nlohmann::json&)>& edit) {
        char tmpl[] = "/tmp/ls_model_edit_XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        dir = tmpl;
        std::ifstream src(modelDir(name) / "model.safetensors", std::ios::binary);
        std::ofstream(dir + "/model.safetensors", std::ios::binary) << src.rdbuf();
        std::ifstream in(modelDir(name) / "config.json");
        auto config = nlohmann::json::parse(in);
        edit(config);
        std::ofstream(dir + "/config.json") << config.dump();
    }
    ~EditedFixture() {
        std::remove((dir + "/model.safetensors").c_str());
        std::remove((dir + "/config.json").c_str());
        ::rmdir(dir.c_str());
    }
};

}  // namespace

TEST_CASE("llama3 logits match transformers") { checkLogits("llama3"); }
TEST_CASE("llama2-tied logits match transformers") { checkLogits("llama2-tied"); }
TEST_CASE("mistral (sharded) logits match transformers") { checkLogits("mistral"); }
TEST_CASE("qwen2 logits match transformers") { checkLogits("qwen2"); }
TEST_CASE("qwen3 (q/k norms, head_dim 32) logits match transformers") { checkLogits("qwen3"); }
TEST_CASE("mistral with a 5-token sliding window: logits match transformers") { checkLogits("mistral-sliding"); }

TEST_CASE("llama3 greedy generation matches transformers") { checkGreedy("llama3"); }
TEST_CASE("llama2-tied greedy generation matches transformers") { checkGreedy("llama2-tied"); }
TEST_CASE("mistral greedy generation matches transformers") { checkGreedy("mistral"); }
TEST_CASE("qwen2 greedy generation matches transformers") { checkGreedy("qwen2"); }
TEST_CASE("qwen3 greedy generation matches transformers") { checkGreedy("qwen3"); }
TEST_CASE("mistral with a sliding window: greedy generation past the window matches transformers") {
    checkGreedy("mistral-sliding");
}

TEST_CASE("default positions equal the reference's cumsum positions") {
    // The reference positions are cumsum(mask) - 1 clamped at 0, which is also TokenBatch's default.
    auto ref = ls::test::loadModelReference(modelDir("llama3"));
    auto model = ls::Model::load(modelDir("llama3"));
    ls::TokenBatch batch = ref.batch;
    batch.positions.clear();
    CHECK(ls::test::compareLogits(ref, model->logits(batch)).maxAbsDiff <= kFp32LogitTolerance);
}

TEST_CASE("cached generation equals recomputing the whole sequence") {
    for (const char* name : {"qwen2", "mistral-sliding"}) {  // the second's window (5) is shorter than 4 + 6
        auto model = ls::Model::load(modelDir(name));
        std::vector<int64_t> prompt = {5, 17, 300, 42};
        ls::GenerateOptions options;
        options.maxNewTokens = 6;
        auto cached = model->generate(prompt, options);
        std::vector<int64_t> seq = prompt;
        for (std::size_t i = 0; i < cached.size(); ++i) {
            auto logits = model->logits(ls::TokenBatch{{seq}, {}, {}});
            const int64_t vocab = logits.shape[2];
            auto last = logits.values.begin() + static_cast<std::ptrdiff_t>((seq.size() - 1) * vocab);
            seq.push_back(std::max_element(last, last + vocab) - last);
        }
        CHECK(std::vector<int64_t>(seq.begin() + static_cast<std::ptrdiff_t>(prompt.size()), seq.end()) == cached);
    }
}

TEST_CASE("stop ids, the onToken callback and seeded sampling") {
    auto model = ls::Model::load(modelDir("llama3"));
    auto ref = ls::test::loadModelReference(modelDir("llama3"));
    ls::GenerateOptions options;
    options.maxNewTokens = ref.greedyNewTokens;
    options.stopIds = {ref.greedyOutput[2]};
    CHECK(model->generate(ref.greedyPrompt, options).size() == 3);

    options.stopIds.clear();
    int seen = 0;
    options.onToken = [&seen](int64_t) { return ++seen < 4; };
    CHECK(model->generate(ref.greedyPrompt, options).size() == 4);

    ls::GenerateOptions sample;
    sample.maxNewTokens = 10;
    sample.greedy = false;
    sample.temperature = 0.8f;
    sample.topP = 0.9f;
    sample.seed = 1234;
    auto a = model->generate(ref.greedyPrompt, sample);
    auto b = model->generate(ref.greedyPrompt, sample);
    CHECK(a == b);
    CHECK(a.size() == 10);
    sample.topP = 1e-6f;  // only the most likely token survives: sampling becomes greedy
    std::vector<int64_t> greedyTen(ref.greedyOutput.begin(), ref.greedyOutput.begin() + 10);
    CHECK(model->generate(ref.greedyPrompt, sample) == greedyTen);
}

TEST_CASE("bad input is refused with a clear message") {
    auto model = ls::Model::load(modelDir("llama2-tied"));
    const int64_t vocab = model->config().vocabSize;
    CHECK_THROWS_WITH(model->logits(ls::TokenBatch{{{1, vocab}}, {}, {}}), "outside the vocabulary");
    CHECK_THROWS_WITH(model->logits(ls::TokenBatch{{{1, -3}}, {}, {}}), "outside the vocabulary");
    CHECK_THROWS_WITH(model->logits(ls::TokenBatch{{{1, 2}, {3}}, {}, {}}), "row 1");
    CHECK_THROWS_WITH(model->generate({1, vocab + 5}, ls::GenerateOptions{}), "outside the vocabulary");
    CHECK_THROWS_WITH(ls::parseDevice("tpu"), "tpu");
    CHECK_THROWS_WITH(ls::parseComputeType("fp8"), "fp8");
    CHECK(ls::parseComputeType("bf16") == ls::ComputeType::BF16);
    CHECK(ls::parseDevice("cuda") == ls::Device::CUDA);
}

TEST_CASE("a folder with a wrong tensor shape names the tensor and both shapes") {
    // llama2-tied's weights under a config with a larger intermediate size: the mlp tensors no longer fit.
    const EditedFixture wider("llama2-tied", [](nlohmann::json& c) { c["intermediate_size"] = 200; });
    CHECK_THROWS_WITH(ls::Model::load(wider.dir),
                      "tensor model.layers.0.mlp.gate_proj.weight has shape [176, 64], expected [200, 64]");
}

TEST_CASE("the sliding window matters: without it the sliding fixture's logits leave the reference") {
    // The same weights under a config without sliding_window: every query sees every earlier key, and the
    // logits past the window must move well beyond the tolerance (else the fixture would not test the window).
    const EditedFixture unwindowed("mistral-sliding", [](nlohmann::json& c) { c.erase("sliding_window"); });
    auto ref = ls::test::loadModelReference(modelDir("mistral-sliding"));
    const auto diff = ls::test::compareLogits(ref, ls::Model::load(unwindowed.dir)->logits(ref.batch));
    std::cout << "  without the window: max |logit diff| " << diff.maxAbsDiff << "\n";
    CHECK(diff.maxAbsDiff > 100 * kFp32LogitTolerance);
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
