// LoRA / LoRA-FA / QLoRA adapters on the fixture models: target selection, options JSON, training steps,
// LoRA-FA's frozen A, gradients and saved-activation bytes, PEFT export/import, merging.
#include <c10/core/CPUAllocator.h>
#include <stdlib.h>
#include <torch/torch.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>

#include "lora/adapted_math.h"
#include "lora/lora_impl.h"
#include "lorastudio/error.h"
#include "lorastudio/lora.h"
#include "lorastudio/model.h"
#include "lorastudio/safetensors.h"
#include "model/fused_ops.h"
#include "model/model_impl.h"
#include "model/quantized_linear.h"
// clang-format off
#include "check.h"  // last: glog (via torch) defines CHECK
// clang-format on

namespace {

using json = nlohmann::json;

// fp32 on the CPU: merged W' = W + sBA vs base + adapter differ only in summation order.
constexpr double kMergeLogitTolerance = 1e-4;
// LoRA-FA's hand-written backward vs autograd of the same fp32 expression, relative to max |reference|.
constexpr double kGradTolerance = 1e-5;

std::filesystem::path modelDir(const std::string& name) { return ls::test::fixtures() / "models" / name; }

std::filesystem::path scratchDir() {
    char tmpl[] = "/tmp/ls_test_lora_XXXXXX";
    const char* made = mkdtemp(tmpl);
    if (!made) throw ls::test::Failure{"mkdtemp failed"};
    return made;
}

ls::LoraOptions options(std::vector<std::string> targets) {
    ls::LoraOptions o;
    o.targetModules = std::move(targets);
    return o;
}

std::vector<std::string> select(ls::Model& model, const ls::LoraOptions& o) {
    return ls::selectLoraTargets(ls::linearModules(model), o);
}

std::string errorText(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

void randomizeB(ls::LoraAdapter& adapter, double stddev, uint64_t seed) {
    torch::NoGradGuard noGrad;
    torch::manual_seed(seed);
    for (auto& m : adapter.impl().state->modules) m.b.normal_(0.0, stddev);
}

torch::Tensor tinyBatch(int64_t vocab) {
    torch::manual_seed(1234);
    return torch::randint(0, vocab, {2, 12}, torch::kInt64);
}

// Next-token cross entropy of the decoder (with whatever hook is attached).
torch::Tensor lmLoss(ls::model::LlamaModel& decoder, const torch::Tensor& ids) {
    auto logits = decoder.lmHead(decoder.forward(ids, {}, {}));
    const int64_t vocab = logits.size(-1);
    auto pred = logits.slice(1, 0, ids.size(1) - 1).reshape({-1, vocab});
    auto target = ids.slice(1, 1).reshape({-1});
    return torch::nn::functional::cross_entropy(pred, target);
}

// Runs `steps` AdamW steps on the adapter's trainable parameters; returns {first loss, last loss}.
std::pair<double, double> train(ls::Model& model, ls::LoraAdapter& adapter, int steps) {
    auto& decoder = model.impl().decoder;
    adapter.attach(model);
    adapter.setTraining(true);
    torch::optim::AdamW opt(adapter.impl().trainableParameters(), torch::optim::AdamWOptions(1e-2).weight_decay(0.0));
    const auto ids = tinyBatch(decoder.config().vocabSize);
    double first = 0, last = 0;
    for (int i = 0; i <= steps; ++i) {
        opt.zero_grad();
        auto loss = lmLoss(decoder, ids);
        (i == 0 ? first : last) = loss.item<double>();
        if (i == steps) break;
        loss.backward();
        opt.step();
    }
    adapter.setTraining(false);
    return {first, last};
}

double maxAbsDiff(const ls::Logits& a, const ls::Logits& b) {
    if (a.shape != b.shape) return 1e30;
    double m = 0;
    for (std::size_t i = 0; i < a.values.size(); ++i) m = std::max(m, std::fabs(double(a.values[i]) - b.values[i]));
    return m;
}

const ls::TokenBatch kBatch{{{5, 17, 300, 42, 7, 99}, {1, 2, 3, 4, 5, 6}}, {}, {}};

// Instrumentation: a CPU allocator that counts the bytes currently allocated through it. Both
// allocate() signatures are declared so it overrides on LibTorch 1.x (const) and 2.3+ (non-const).
class CountingAllocator final : public c10::Allocator {
public:
    explicit CountingAllocator(c10::Allocator* base) : m_base(base) {}
    c10::DataPtr allocate(size_t n) const { return make(n); }
    c10::DataPtr allocate(size_t n) { return make(n); }
    void copy_data(void* dest, const void* src, std::size_t count) const { std::memcpy(dest, src, count); }
    int64_t live() const { return m_live.load(); }

private:
    struct Block {
        c10::DataPtr inner;
        int64_t bytes;
        std::atomic<int64_t>* live;
    };
    static void release(void* p) {
        auto* block = static_cast<Block*>(p);
        *block->live -= block->bytes;
        delete block;
    }
    c10::DataPtr make(size_t n) const {
        c10::DataPtr inner = m_base->allocate(n);
        void* data = inner.get();
        const c10::Device device = inner.device();
        m_live += static_cast<int64_t>(n);
        auto* block = new Block{std::move(inner), static_cast<int64_t>(n), &m_live};
        return c10::DataPtr(data, block, &CountingAllocator::release, device);
    }
    c10::Allocator* m_base;
    mutable std::atomic<int64_t> m_live{0};
};

// Bytes the autograd graph of the adapter branch keeps alive for backward, beyond the output: the
// input is an intermediate (x0 * 1) whose only remaining owner after the call is the graph.
int64_t savedBytes(const std::function<torch::Tensor(const torch::Tensor&)>& layer, const torch::Tensor& x0) {
    c10::Allocator* original = c10::GetCPUAllocator();
    // Each allocator lives forever (tensors it made may outlive the test). A never-destroyed list keeps every
    // one reachable, so that LeakSanitizer does not count the earlier ones as leaks.
    static auto* counters = new std::vector<CountingAllocator*>();
    counters->push_back(new CountingAllocator(original));
    CountingAllocator* counter = counters->back();
    c10::SetCPUAllocator(counter, 255);
    int64_t retained = 0;
    {
        torch::Tensor x = x0 * 1.0;
        torch::Tensor y = layer(x);
        x = torch::Tensor();
        retained = counter->live() - static_cast<int64_t>(y.nbytes());
    }
    c10::SetCPUAllocator(original, 255);
    return retained;
}

}  // namespace

// ---- target selection -------------------------------------------------------------------------

TEST_CASE("targets: PEFT list matches exact names and '.'-suffixes") {
    auto model = ls::Model::load(modelDir("llama3"));
    CHECK((select(*model, options({"q_proj", "v_proj"})) ==
           std::vector<std::string>{"model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.v_proj",
                                    "model.layers.1.self_attn.q_proj", "model.layers.1.self_attn.v_proj"}));
    CHECK(select(*model, options({"self_attn.o_proj"})).size() == 2u);
    CHECK((select(*model, options({"model.layers.1.mlp.down_proj"})) ==
           std::vector<std::string>{"model.layers.1.mlp.down_proj"}));
    CHECK((select(*model, options({"lm_head"})) == std::vector<std::string>{"lm_head"}));
    // A suffix must start at a '.': "proj" is not a module name.
    CHECK_THROWS_WITH(select(*model, options({"proj"})), "match no linear module");
}

TEST_CASE("targets: all-linear is every decoder linear but not lm_head") {
    auto model = ls::Model::load(modelDir("llama3"));
    auto all = select(*model, options({"all-linear"}));
    CHECK_EQ(all.size(), 14u);
    CHECK(std::find(all.begin(), all.end(), "lm_head") == all.end());
    CHECK(select(*model, options({"ALL-LINEAR"})) == all);
    CHECK_EQ(select(*model, options({"all-linear", "lm_head"})).size(), 15u);
}

TEST_CASE("targets: a regex must match the whole module name") {
    auto model = ls::Model::load(modelDir("llama3"));
    ls::LoraOptions o;
    o.targetRegex = R"(model\.layers\.0\..*_proj)";
    CHECK_EQ(select(*model, o).size(), 7u);
    o.targetRegex = R"(.*\.(q|k)_proj)";
    CHECK_EQ(select(*model, o).size(), 4u);
    o.targetRegex = "q_proj";  // full match only, as PEFT's re.fullmatch
    CHECK_THROWS_WITH(select(*model, o), "regex 'q_proj' matches no linear module");
    o.targetRegex = "(unclosed";
    CHECK_THROWS_WITH(select(*model, o), "does not compile");
}

TEST_CASE("targets: the layer range filters layers and drops lm_head") {
    auto model = ls::Model::load(modelDir("llama3"));
    auto o = options({"all-linear"});
    o.firstLayer = 1;
    auto names = select(*model, o);
    CHECK_EQ(names.size(), 7u);
    for (const auto& n : names) CHECK(n.rfind("model.layers.1.", 0) == 0);
    o.firstLayer = 0;
    o.lastLayer = 0;
    CHECK_EQ(select(*model, o).size(), 7u);
    auto head = options({"q_proj", "lm_head"});
    head.lastLayer = 1;
    CHECK_THROWS_WITH(select(*model, head), "entry 'lm_head' match no linear module in layers 0..1");
    o.firstLayer = 5;
    o.lastLayer = -1;
    CHECK_THROWS_WITH(select(*model, o), "in layers 5..last");
}

TEST_CASE("targets: no match lists the model's linear modules; unmatched entries are named") {
    auto model = ls::Model::load(modelDir("llama3"));
    const std::string text = errorText([&] { select(*model, options({"qkv", "c_attn"})); });
    std::cout << "  " << text << "\n";
    CHECK(text.find("LoRA target_modules 'qkv', 'c_attn' match no linear module") != std::string::npos);
    CHECK(text.find("model.layers.{0..1}.self_attn.q_proj (Linear 64->64)") != std::string::npos);
    CHECK(text.find("model.layers.{0..1}.mlp.down_proj (Linear 160->64)") != std::string::npos);
    CHECK(text.find("lm_head (Linear 64->700)") != std::string::npos);
    const std::string partial = errorText([&] { select(*model, options({"q_proj", "v_prj", "k_proj"})); });
    CHECK(partial.find("entry 'v_prj' match no linear module") != std::string::npos);
    CHECK(partial.find("q_proj'") == std::string::npos);
}

// ---- options ----------------------------------------------------------------------------------

TEST_CASE("options: JSON round trip with PEFT key names, strict parsing") {
    ls::LoraOptions o;
    o.r = 16;
    o.alpha = 32.5;
    o.dropout = 0.1;
    o.useRslora = true;
    o.targetModules = {"q_proj", "k_proj", "down_proj"};
    o.firstLayer = 2;
    o.lastLayer = 7;
    o.method = ls::LoraMethod::LoraFa;
    o.seed = 99;
    const std::string text = ls::loraOptionsToJson(o);
    auto j = json::parse(text);
    CHECK(j.at("lora_alpha").get<double>() == 32.5);
    CHECK(j.at("target_modules").is_array());
    CHECK(j.at("method") == "lora-fa");
    auto back = ls::loraOptionsFromJson(text, "config.json");
    CHECK_EQ(back.r, 16);
    CHECK_EQ(back.alpha, 32.5);
    CHECK_EQ(back.dropout, 0.1);
    CHECK(back.useRslora);
    CHECK(back.targetModules == o.targetModules);
    CHECK_EQ(back.firstLayer, 2);
    CHECK_EQ(back.lastLayer, 7);
    CHECK(back.method == ls::LoraMethod::LoraFa);
    CHECK_EQ(back.seed, 99u);
    CHECK_NEAR(back.scaling(), 32.5 / 4.0, 1e-12);

    ls::LoraOptions re;
    re.targetRegex = R"(.*\.q_proj)";
    auto reBack = ls::loraOptionsFromJson(ls::loraOptionsToJson(re), "x");
    CHECK_EQ(reBack.targetRegex, re.targetRegex);
    CHECK(ls::loraOptionsFromJson(R"({"target_modules": "all-linear"})", "x").targetModules ==
          std::vector<std::string>{"all-linear"});
    CHECK(ls::loraOptionsFromJson("{}", "x").r == 8);

    CHECK_THROWS_WITH(ls::loraOptionsFromJson(R"({"rank": 4})", "run.json"), "run.json: unknown LoRA option 'rank'");
    CHECK_THROWS_WITH(ls::loraOptionsFromJson(R"({"r": 0})", "run.json"), "run.json: r must be between 1 and 4096");
    CHECK_THROWS_WITH(ls::loraOptionsFromJson(R"({"r": "8"})", "run.json"), "field 'r' must be an integer");
    CHECK_THROWS_WITH(ls::loraOptionsFromJson(R"({"lora_dropout": 1.0})", "run.json"), "lora_dropout");
    CHECK_THROWS_WITH(ls::loraOptionsFromJson(R"({"method": "dora"})", "run.json"), "unknown LoRA method 'dora'");
    CHECK_THROWS_WITH(ls::loraOptionsFromJson(R"({"first_layer": 3, "last_layer": 1})", "run.json"),
                      "last_layer is before first_layer");
    // Found with fuzz_adapter_config (a hand-made near-valid seed): a float layer was truncated (2.5 -> 2) or,
    // beyond int64, converted with undefined behaviour (UBSan float-cast-overflow).
    CHECK_THROWS_WITH(ls::loraOptionsFromJson(R"({"first_layer": 1e300})", "run.json"),
                      "run.json: field 'first_layer' must be an integer");
    CHECK_THROWS_WITH(ls::loraOptionsFromJson(R"({"last_layer": 2.5})", "run.json"),
                      "run.json: field 'last_layer' must be an integer");
    // Found by fuzz_adapter_config: std::regex overflowed an int reading a huge back-reference or count.
    CHECK_THROWS_WITH(ls::loraOptionsFromJson(R"({"target_modules": "a\\18446744073709551615"})", "run.json"),
                      "run.json: target_modules regex 'a\\18446744073709551615' has a number longer than 6 digits");
    CHECK_THROWS_WITH(ls::loraOptionsFromJson(R"({"target_modules": "a{99999999999}"})", "run.json"),
                      "has a number longer than 6 digits");
    // A repeated group that repeats inside can backtrack for exponential time (std::regex): refused.
    for (const char* hostile : {R"((.*.*.*)*x)", R"((a+)+b)", R"(((q|k)_proj*)+)", R"((?:x+){2,})"}) {
        const std::string json = nlohmann::json{{"target_modules", hostile}}.dump();
        CHECK_THROWS_WITH(ls::loraOptionsFromJson(json, "run.json"), "repeats a group that itself repeats");
    }
    // Repetition in a group that is not itself repeated, or a repeated group without one, is fine; so are
    // quantifier characters inside a class or escaped.
    for (const char* fine : {R"(model\.layers\.(\d+)\.self_attn\.(q|v)_proj)", R"((q|k|v)*_proj)", R"(.*[*+]x)",
                             R"((a\+)+)", R"(.*\.(q_proj|v_proj))"}) {
        const std::string json = nlohmann::json{{"target_modules", fine}}.dump();
        CHECK_EQ(ls::loraOptionsFromJson(json, "run.json").targetRegex, std::string(fine));
    }
    CHECK_EQ(ls::loraOptionsFromJson(R"({"target_modules": "model\\.layers\\.(1[0-9]|2)\\..*_proj"})", "run.json")
                 .targetRegex,
             std::string(R"(model\.layers\.(1[0-9]|2)\..*_proj)"));
}

TEST_CASE("options: PEFT adapter_config.json from text") {
    const ls::LoraOptions o = ls::parsePeftAdapterConfig(
        R"({"peft_type": "LORA", "r": 16, "lora_alpha": 32, "target_modules": ["q_proj", "v_proj"], "use_rslora": true})",
        "a/adapter_config.json");
    CHECK_EQ(o.r, 16);
    CHECK_EQ(o.alpha, 32.0);
    CHECK(o.useRslora);
    CHECK(o.targetModules == (std::vector<std::string>{"q_proj", "v_proj"}));
    CHECK_EQ(ls::parsePeftAdapterConfig(R"({"peft_type": "LORA", "r": 4})", "a").alpha, 8.0);  // PEFT's default
    CHECK_THROWS_WITH(ls::parsePeftAdapterConfig("[1]", "a/adapter_config.json"),
                      "a/adapter_config.json: not a JSON object");
    CHECK_THROWS_WITH(ls::parsePeftAdapterConfig(R"({"peft_type": "IA3", "r": 4})", "a/adapter_config.json"),
                      "a/adapter_config.json: peft_type is 'IA3', only LORA adapters are supported");
    CHECK_THROWS_WITH(ls::parsePeftAdapterConfig(R"({"peft_type": "LORA", "r": 4, "use_dora": true})", "a"),
                      "a: DoRA adapters (use_dora) are not supported");
}

// ---- adapters ---------------------------------------------------------------------------------

TEST_CASE("adapter: PEFT init (A uniform in +-1/sqrt(in), B zero), seeded, no change to logits") {
    auto model = ls::Model::load(modelDir("llama3"));
    auto o = options({"q_proj", "down_proj"});
    o.r = 4;
    auto adapter = ls::LoraAdapter::create(*model, o);
    const auto& mods = adapter->impl().state->modules;
    REQUIRE(mods.size() == 4u);
    for (const auto& m : mods) {
        const double bound = 1.0 / std::sqrt(double(m.a.size(1)));
        CHECK(m.a.abs().max().item<double>() <= bound);
        CHECK(m.a.abs().max().item<double>() > 0.5 * bound);
        CHECK(torch::count_nonzero(m.b).item<int64_t>() == 0);
        CHECK_EQ(m.b.size(1), 4);
        CHECK_NEAR(m.scaling, 16.0 / 4.0, 1e-12);
    }
    CHECK_EQ(mods[1].a.size(1), 160);  // layer 0 down_proj: in = intermediate
    auto again = ls::LoraAdapter::create(*model, o);
    CHECK(torch::equal(again->impl().state->modules[3].a, mods[3].a));
    o.seed = 1;
    auto other = ls::LoraAdapter::create(*model, o);
    CHECK(!torch::equal(other->impl().state->modules[0].a, mods[0].a));
    CHECK_EQ(adapter->trainableParameterCount(), 4 * (4 * 64 + 64 * 4) - 2 * (4 * 64) + 2 * (4 * 160));

    const auto base = model->logits(kBatch);
    adapter->attach(*model);
    CHECK(maxAbsDiff(base, model->logits(kBatch)) == 0.0);
    ls::LoraAdapter::detach(*model);
}

TEST_CASE("LoRA: a few AdamW steps lower the loss") {
    auto model = ls::Model::load(modelDir("llama3"));
    auto o = options({"all-linear"});
    o.r = 4;
    o.dropout = 0.05;
    auto adapter = ls::LoraAdapter::create(*model, o);
    auto [first, last] = train(*model, *adapter, 8);
    std::cout << "  LoRA loss " << first << " -> " << last << "\n";
    CHECK(last < first - 0.05);
}

TEST_CASE("LoRA-FA: the loss goes down, only B trains, A stays bit-identical") {
    auto model = ls::Model::load(modelDir("llama3"));
    auto o = options({"all-linear"});
    o.r = 4;
    o.method = ls::LoraMethod::LoraFa;
    auto adapter = ls::LoraAdapter::create(*model, o);
    std::vector<torch::Tensor> before;
    for (const auto& m : adapter->impl().state->modules) before.push_back(m.a.clone());
    CHECK_EQ(adapter->trainableParameterCount(), 2 * (4 * 64 + 4 * 32 + 4 * 32 + 4 * 64 + 4 * 160 * 2 + 4 * 64));
    auto [first, last] = train(*model, *adapter, 8);
    std::cout << "  LoRA-FA loss " << first << " -> " << last << "\n";
    CHECK(last < first - 0.05);
    const auto& mods = adapter->impl().state->modules;
    for (std::size_t i = 0; i < mods.size(); ++i) {
        CHECK(torch::equal(mods[i].a, before[i]));
        CHECK(!mods[i].a.requires_grad());
        CHECK(torch::count_nonzero(mods[i].b).item<int64_t>() > 0);
    }
}

// With LoRA dropout the base reads x and the adapter dropout(x): the node against autograd of the
// composition with the same mask (the same seed before each), for LoRA and LoRA-FA: values and the
// gradients of x (through both paths), A and B (fp32, relative to max |ref|).
TEST_CASE("adapted linear with dropout: equals the composition with the same mask") {
    const int64_t r = 8, in = 96, out = 48;
    const double p = 0.3;
    for (const bool frozenA : {false, true}) {
        torch::manual_seed(7);
        ls::model::LinearWeights w;
        w.weight = torch::randn({out, in}) * 0.1;
        ls::lora::LoraModule m;
        m.a = (torch::rand({r, in}) - 0.5).requires_grad_(!frozenA);
        m.b = torch::randn({out, r}).requires_grad_(true);
        m.scaling = 2.5;
        const auto x0 = torch::randn({3, 10, in});
        const auto g = torch::randn({3, 10, out});

        auto x = x0.clone().requires_grad_(true);
        torch::manual_seed(99);
        const auto y = ls::lora::adaptedLinear(w, m, x, frozenA, p);
        (y * g).sum().backward();
        const auto gb = m.b.grad().clone();
        const auto ga = frozenA ? torch::Tensor() : m.a.grad().clone();
        m.b.mutable_grad() = torch::Tensor();
        if (!frozenA) m.a.mutable_grad() = torch::Tensor();

        auto xr = x0.clone().requires_grad_(true);
        torch::manual_seed(99);
        const auto h = torch::dropout(xr, p, /*train=*/true);
        const auto yr = ls::model::applyLinear(w, xr) + torch::matmul(torch::matmul(h, m.a.t()), m.b.t()) * m.scaling;
        (yr * g).sum().backward();
        auto rel = [](const torch::Tensor& got, const torch::Tensor& want) {
            return (got - want).abs().max().item<double>() / std::max(1.0, want.abs().max().item<double>());
        };
        std::cout << "  dropout " << (frozenA ? "LoRA-FA" : "LoRA") << ": y " << rel(y, yr) << ", grad x "
                  << rel(x.grad(), xr.grad()) << ", grad B " << rel(gb, m.b.grad()) << "\n";
        // The mask really differs from no dropout (else this would test nothing new).
        CHECK(rel(y, ls::lora::adaptedLinear(w, m, x0, frozenA)) > 1e-3);
        CHECK(rel(y, yr) <= kGradTolerance);
        CHECK(rel(x.grad(), xr.grad()) <= kGradTolerance);
        CHECK(rel(gb, m.b.grad()) <= kGradTolerance);
        if (!frozenA) CHECK(rel(ga, m.a.grad()) <= kGradTolerance);
        if (frozenA) CHECK(!m.a.grad().defined());
    }
}

// The one-node adapted linear against autograd of base + adapter as separate ops, for LoRA and LoRA-FA,
// dense with bias and 4-bit: forward values and the gradients of x, A and B (fp32, relative to max |ref|).
TEST_CASE("adapted linear: the fused node equals the composition, values and gradients") {
    torch::manual_seed(11);
    const int64_t r = 8, in = 128, out = 64;
    for (const bool quantized : {false, true}) {
        for (const bool frozenA : {false, true}) {
            ls::model::LinearWeights w;
            const torch::Tensor dense = torch::randn({out, in}) * 0.1;
            if (quantized) {
                auto q = std::make_shared<ls::model::QuantizedWeight>();
                q->tensor = ls::quant::quantize4bit(dense);
                w.quantized = q;
            } else {
                w.weight = dense;
                w.bias = torch::randn({out});
            }
            ls::lora::LoraModule m;
            m.a = (torch::rand({r, in}) - 0.5).requires_grad_(!frozenA);
            m.b = torch::randn({out, r}).requires_grad_(true);
            m.scaling = 2.0;
            const auto x0 = torch::randn({3, 7, in});
            const auto g = torch::randn({3, 7, out});

            auto x = x0.clone().requires_grad_(true);
            const auto y = ls::lora::adaptedLinear(w, m, x, frozenA);
            (y * g).sum().backward();
            const auto gx = x.grad().clone(), gb = m.b.grad().clone();
            const auto ga = frozenA ? torch::Tensor() : m.a.grad().clone();
            m.b.mutable_grad() = torch::Tensor();
            if (!frozenA) m.a.mutable_grad() = torch::Tensor();

            auto xr = x0.clone().requires_grad_(true);
            const auto yr =
                ls::model::applyLinear(w, xr) + torch::matmul(torch::matmul(xr, m.a.t()), m.b.t()) * m.scaling;
            (yr * g).sum().backward();
            auto rel = [](const torch::Tensor& got, const torch::Tensor& want) {
                return (got - want).abs().max().item<double>() / std::max(1.0, want.abs().max().item<double>());
            };
            std::cout << "  " << (quantized ? "4-bit" : "dense") << (frozenA ? " LoRA-FA" : " LoRA") << ": y "
                      << rel(y, yr) << ", grad x " << rel(gx, xr.grad()) << ", grad B " << rel(gb, m.b.grad()) << "\n";
            CHECK_EQ(y.sizes().vec(), yr.sizes().vec());
            CHECK(rel(y, yr) <= kGradTolerance);
            CHECK(rel(gx, xr.grad()) <= kGradTolerance);
            CHECK(rel(gb, m.b.grad()) <= kGradTolerance);
            if (!frozenA) CHECK(rel(ga, m.a.grad()) <= kGradTolerance);
            CHECK(gb.scalar_type() == torch::kFloat32);
        }
    }
}

// scaledMm hands addmm an uninitialised one-element input with beta 0 (no fill kernel): that relies on
// addmm ignoring the input then, NaN included, as documented. A NaN input must not reach the product.
TEST_CASE("adapted math: s · m1 m2 ignores addmm's input, even NaN, and equals s · (m1 m2)") {
    torch::manual_seed(7);
    const auto m1 = torch::randn({5, 16}), m2 = torch::randn({16, 9});
    const auto nan = torch::full({}, std::numeric_limits<float>::quiet_NaN());
    const auto viaNan = torch::addmm(nan, m1, m2, /*beta=*/0, /*alpha=*/0.5);
    CHECK(torch::isfinite(viaNan).all().item<bool>());
    const auto product = ls::lora::scaledMm(m1, m2, 0.5);
    CHECK(torch::allclose(product, torch::mm(m1, m2) * 0.5, /*rtol=*/1e-6, /*atol=*/1e-6));
    CHECK(torch::allclose(viaNan, product, 1e-6, 1e-6));
}

// Projections sharing their input (q/k/v: three outputs of different widths, one of them without an
// adapter) as one node against each projection's own adapted linear: every output, and the gradients of
// x, every A and every B (fp32, relative to max |ref|); dense with bias and 4-bit, LoRA and LoRA-FA.
TEST_CASE("adapted linear group: equals one adapted linear per projection, values and gradients") {
    torch::manual_seed(13);
    const int64_t in = 96;
    const std::vector<int64_t> outs{64, 32, 32}, ranks{8, 0, 4};  // rank 0: no adapter on that projection
    auto rel = [](const torch::Tensor& got, const torch::Tensor& want) {
        return (got - want).abs().max().item<double>() / std::max(1.0, want.abs().max().item<double>());
    };
    for (const bool quantized : {false, true}) {
        for (const bool frozenA : {false, true}) {
            std::vector<ls::model::LinearWeights> ws(outs.size());
            std::vector<ls::lora::LoraModule> mods(outs.size());
            std::vector<const ls::model::LinearWeights*> wPtrs;
            std::vector<const ls::lora::LoraModule*> mPtrs;
            std::vector<torch::Tensor> gs;
            for (std::size_t i = 0; i < outs.size(); ++i) {
                const torch::Tensor dense = torch::randn({outs[i], in}) * 0.1;
                if (quantized) {
                    auto q = std::make_shared<ls::model::QuantizedWeight>();
                    q->tensor = ls::quant::quantize4bit(dense);
                    ws[i].quantized = q;
                } else {
                    ws[i].weight = dense;
                    ws[i].bias = torch::randn({outs[i]});
                }
                wPtrs.push_back(&ws[i]);
                if (ranks[i] > 0) {
                    mods[i].a = (torch::rand({ranks[i], in}) - 0.5).requires_grad_(!frozenA);
                    mods[i].b = torch::randn({outs[i], ranks[i]}).requires_grad_(true);
                    mods[i].scaling = 1.5 + static_cast<double>(i);
                }
                mPtrs.push_back(ranks[i] > 0 ? &mods[i] : nullptr);
                gs.push_back(torch::randn({3, 7, outs[i]}));
            }
            const auto x0 = torch::randn({3, 7, in});
            auto loss = [&](const std::vector<torch::Tensor>& ys) {
                torch::Tensor sum = torch::zeros({});
                for (std::size_t i = 0; i < ys.size(); ++i) sum = sum + (ys[i] * gs[i]).sum();
                return sum;
            };
            auto takeGrads = [&](std::vector<torch::Tensor>& ga, std::vector<torch::Tensor>& gb) {
                for (auto& m : mods) {
                    if (!m.b.defined()) continue;
                    gb.push_back(m.b.grad().clone());
                    m.b.mutable_grad() = torch::Tensor();
                    ga.push_back(frozenA ? torch::Tensor() : m.a.grad().clone());
                    if (!frozenA) m.a.mutable_grad() = torch::Tensor();
                }
            };

            auto x = x0.clone().requires_grad_(true);
            const auto ys = ls::lora::adaptedLinearGroup(wPtrs, mPtrs, x, frozenA);
            loss(ys).backward();
            std::vector<torch::Tensor> ga, gb, gaRef, gbRef;
            takeGrads(ga, gb);

            auto xr = x0.clone().requires_grad_(true);
            std::vector<torch::Tensor> yrs;
            for (std::size_t i = 0; i < outs.size(); ++i)
                yrs.push_back(mPtrs[i] ? ls::lora::adaptedLinear(ws[i], mods[i], xr, frozenA)
                                       : ls::model::applyLinear(ws[i], xr));
            loss(yrs).backward();
            takeGrads(gaRef, gbRef);

            double worst = rel(x.grad(), xr.grad());
            CHECK_EQ(ys.size(), outs.size());
            for (std::size_t i = 0; i < outs.size(); ++i) {
                CHECK_EQ(ys[i].sizes().vec(), yrs[i].sizes().vec());
                worst = std::max(worst, rel(ys[i], yrs[i]));
            }
            CHECK_EQ(gb.size(), gbRef.size());
            for (std::size_t j = 0; j < gb.size(); ++j) {
                CHECK(gb[j].scalar_type() == torch::kFloat32);
                worst = std::max(worst, rel(gb[j], gbRef[j]));
                if (!frozenA) worst = std::max(worst, rel(ga[j], gaRef[j]));
            }
            std::cout << "  group " << (quantized ? "4-bit" : "dense") << (frozenA ? " LoRA-FA" : " LoRA")
                      << ": worst relative difference " << worst << "\n";
            CHECK(worst <= kGradTolerance);
            CHECK(x.grad().abs().max().item<double>() > 0.0);
            if (frozenA) CHECK(!mods[0].a.grad().defined());
        }
    }
}

// down(silu(gate) · up) as one node against SwiGLU then the adapted linear: values, the gradients of gate,
// up, A and B, and the bytes kept for backward (the node drops the [tokens, intermediate] product).
TEST_CASE("adapted SwiGLU + down: equals the composition and keeps gate and up only") {
    torch::manual_seed(12);
    const int64_t r = 8, inter = 160, out = 64, tokens = 3 * 7;
    ls::model::LinearWeights w;
    w.weight = torch::randn({out, inter}) * 0.1;
    ls::lora::LoraModule m;
    m.a = (torch::rand({r, inter}) - 0.5).requires_grad_(true);
    m.b = torch::randn({out, r}).requires_grad_(true);
    m.scaling = 2.0;
    const auto gate0 = torch::randn({3, 7, inter}), up0 = torch::randn({3, 7, inter});
    const auto g = torch::randn({3, 7, out});
    auto gate = gate0.clone().requires_grad_(true), up = up0.clone().requires_grad_(true);
    const auto y = ls::lora::adaptedSwigluLinear(w, m, gate, up);
    (y * g).sum().backward();
    const auto ga = m.a.grad().clone(), gb = m.b.grad().clone();
    m.a.mutable_grad() = torch::Tensor();
    m.b.mutable_grad() = torch::Tensor();
    auto gateR = gate0.clone().requires_grad_(true), upR = up0.clone().requires_grad_(true);
    const auto act = torch::silu(gateR) * upR;
    const auto yr = ls::model::applyLinear(w, act) + torch::matmul(torch::matmul(act, m.a.t()), m.b.t()) * m.scaling;
    (yr * g).sum().backward();
    auto rel = [](const torch::Tensor& got, const torch::Tensor& want) {
        return (got - want).abs().max().item<double>() / std::max(1.0, want.abs().max().item<double>());
    };
    std::cout << "  y " << rel(y, yr) << ", grad gate " << rel(gate.grad(), gateR.grad()) << ", grad up "
              << rel(up.grad(), upR.grad()) << ", grad A " << rel(ga, m.a.grad()) << ", grad B " << rel(gb, m.b.grad())
              << "\n";
    CHECK(rel(y, yr) <= kGradTolerance);
    CHECK(rel(gate.grad(), gateR.grad()) <= kGradTolerance);
    CHECK(rel(up.grad(), upR.grad()) <= kGradTolerance);
    CHECK(rel(ga, m.a.grad()) <= kGradTolerance);
    CHECK(rel(gb, m.b.grad()) <= kGradTolerance);

    // Kept bytes, with gate and up as intermediates the graph alone owns (x0 * 1 inside savedBytes).
    const auto up1 = torch::randn({3, 7, inter});
    auto fusedNode = [&](const torch::Tensor& gx) { return ls::lora::adaptedSwigluLinear(w, m, gx, up1 * 1.0); };
    auto composed = [&](const torch::Tensor& gx) {
        return ls::lora::adaptedLinear(w, m, ls::model::fusedSwiglu(gx, up1 * 1.0), false);
    };
    const auto gx0 = torch::randn({3, 7, inter}).requires_grad_(true);
    const int64_t fusedBytes = savedBytes(fusedNode, gx0), composedBytes = savedBytes(composed, gx0);
    const int64_t product = tokens * inter * 4;
    std::cout << "  bytes kept: one node " << fusedBytes << ", SwiGLU then adapted linear " << composedBytes
              << " (the product " << product << ")\n";
    CHECK(composedBytes - fusedBytes >= product);
    CHECK(fusedBytes <= 2 * product + tokens * r * 4 + 1024);
}

TEST_CASE("LoRA-FA: the graph keeps fewer bytes than LoRA (measured with a counting allocator)") {
    torch::manual_seed(3);
    const int64_t r = 8, in = 256, out = 256, tokens = 4 * 64;
    ls::lora::LoraModule m;
    m.a = (torch::rand({r, in}) - 0.5).requires_grad_(true);
    m.b = torch::randn({out, r}).requires_grad_(true);
    m.scaling = 2.0;
    auto x0 = torch::randn({4, 64, in}).requires_grad_(true);
    ls::model::LinearWeights w;
    w.weight = torch::randn({out, in}) * 0.1;
    auto adapted = [&](bool frozenA, double dropout) {
        return [&m, &w, frozenA, dropout](const torch::Tensor& x) {
            return ls::lora::adaptedLinear(w, m, x, frozenA, dropout);
        };
    };
    const int64_t lora = savedBytes(adapted(false, 0.0), x0), loraDrop = savedBytes(adapted(false, 0.1), x0);
    m.a.set_requires_grad(false);
    const int64_t fa = savedBytes(adapted(true, 0.0), x0), faDrop = savedBytes(adapted(true, 0.1), x0);
    const int64_t xBytes = tokens * in * 4, xaBytes = tokens * r * 4, maskBytes = tokens * in;
    std::cout << "  bytes kept for backward: LoRA " << lora << ", LoRA-FA " << fa << "; with dropout " << loraDrop
              << ", " << faDrop << " (x " << xBytes << ", xA^T " << xaBytes << ")\n";
    CHECK(fa < lora);
    CHECK(lora - fa >= xBytes);  // LoRA keeps the full-width input, LoRA-FA does not
    // The base GEMM's node adds nothing: the weight is the model's, the input the one LoRA keeps anyway.
    CHECK(lora <= xBytes + xaBytes + 1024);
    CHECK(fa <= xaBytes + 1024);  // LoRA-FA keeps about the r-wide X·A^T only
    // Dropout: LoRA keeps the dropped input instead of x, plus the mask; LoRA-FA only the mask (at most
    // one byte per element, or the float mask of older LibTorch).
    CHECK(loraDrop <= xBytes + xaBytes + xBytes + 1024);
    CHECK(faDrop >= fa + maskBytes);
    CHECK(faDrop <= xaBytes + xBytes + 1024);
}

// ---- PEFT interop -----------------------------------------------------------------------------

TEST_CASE("PEFT: export writes PEFT's files and keys; import gives back equal tensors") {
    auto model = ls::Model::load(modelDir("llama3"));
    auto o = options({"q_proj", "v_proj", "down_proj"});
    o.r = 4;
    o.alpha = 8;
    o.dropout = 0.1;
    o.method = ls::LoraMethod::LoraFa;
    auto adapter = ls::LoraAdapter::create(*model, o);
    randomizeB(*adapter, 0.1, 11);
    const auto dir = scratchDir();
    adapter->savePeft(dir, "meta-llama/tiny");

    std::ifstream in(dir / "adapter_config.json");
    json c = json::parse(in);
    CHECK(c.at("peft_type") == "LORA");
    CHECK(c.at("task_type") == "CAUSAL_LM");
    CHECK(c.at("r") == 4);
    CHECK(c.at("lora_alpha") == 8);
    CHECK(c.at("lora_dropout") == 0.1);
    CHECK((c.at("target_modules") == json::array({"down_proj", "q_proj", "v_proj"})));
    CHECK(c.at("bias") == "none");
    CHECK(c.at("fan_in_fan_out") == false);
    CHECK(c.at("inference_mode") == true);
    CHECK(c.at("init_lora_weights") == true);
    CHECK(c.at("use_rslora") == false);
    CHECK(c.at("base_model_name_or_path") == "meta-llama/tiny");
    auto file = ls::SafetensorsFile::open(dir / "adapter_model.safetensors");
    CHECK(file->metadata().at("format") == "pt");
    CHECK_EQ(file->tensors().size(), 12u);
    const auto& av = file->get("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight");
    CHECK(av.dtype == ls::DType::F32);
    CHECK((av.shape == std::vector<int64_t>{4, 64}));
    CHECK((file->get("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight").shape ==
           std::vector<int64_t>{64, 4}));

    auto back = ls::LoraAdapter::loadPeft(*model, dir);
    CHECK(back->targetNames() == adapter->targetNames());
    CHECK(back->options().method == ls::LoraMethod::Lora);  // LoRA-FA exports as plain LoRA
    CHECK_EQ(back->options().r, 4);
    CHECK_EQ(back->options().alpha, 8.0);
    CHECK_EQ(back->options().dropout, 0.1);
    const auto& a = adapter->impl().state->modules;
    const auto& b = back->impl().state->modules;
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(torch::equal(a[i].a, b[i].a));
        CHECK(torch::equal(a[i].b, b[i].b));
        CHECK_EQ(a[i].scaling, b[i].scaling);
    }

    // A layer-filtered adapter lists full names (short names would select more on load in PEFT).
    auto f = options({"q_proj"});
    f.lastLayer = 0;
    const auto dir2 = scratchDir();
    ls::LoraAdapter::create(*model, f)->savePeft(dir2, "x");
    std::ifstream in2(dir2 / "adapter_config.json");
    CHECK((json::parse(in2).at("target_modules") == json::array({"model.layers.0.self_attn.q_proj"})));
    ls::test::removeTree(dir);
    ls::test::removeTree(dir2);
}

TEST_CASE("PEFT: import refuses bad folders with errors naming the file") {
    auto model = ls::Model::load(modelDir("llama3"));
    auto o = options({"q_proj"});
    o.r = 4;
    auto adapter = ls::LoraAdapter::create(*model, o);
    const auto dir = scratchDir();
    adapter->savePeft(dir, "x");
    const auto cfgPath = dir / "adapter_config.json";
    std::ifstream in(cfgPath);
    const json good = json::parse(in);
    auto withConfig = [&](const std::function<void(json&)>& edit) {
        json c = good;
        edit(c);
        std::ofstream(cfgPath) << c.dump(2);
        return errorText([&] { ls::LoraAdapter::loadPeft(*model, dir); });
    };
    auto e = withConfig([](json& c) { c["peft_type"] = "PREFIX_TUNING"; });
    CHECK(e.find("adapter_config.json: peft_type is 'PREFIX_TUNING'") != std::string::npos);
    e = withConfig([](json& c) { c["r"] = 5000; });
    CHECK(e.find("adapter_config.json: r must be between 1 and 4096") != std::string::npos);
    e = withConfig([](json& c) { c["r"] = -2; });
    CHECK(e.find("r must be between") != std::string::npos);
    e = withConfig([](json& c) { c["lora_alpha"] = "big"; });
    CHECK(e.find("lora_alpha must be a number") != std::string::npos);
    e = withConfig([](json& c) { c["use_dora"] = true; });
    CHECK(e.find("DoRA") != std::string::npos);
    e = withConfig([](json& c) { c["r"] = 8; });
    CHECK(e.find("adapter_model.safetensors: base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight has shape "
                 "[4, 64], expected [8, 64]") != std::string::npos);
    withConfig([](json&) {});

    // Keys the model does not have, and keys that are not LoRA weights.
    std::vector<float> zeros(4 * 64, 0.0f);
    auto writeOne = [&](const std::string& key) {
        ls::writeSafetensors(dir / "adapter_model.safetensors",
                             {{key, ls::DType::F32, {4, 64}, zeros.data(), zeros.size() * 4}});
        return errorText([&] { ls::LoraAdapter::loadPeft(*model, dir); });
    };
    e = writeOne("base_model.model.model.layers.9.self_attn.q_proj.lora_A.weight");
    CHECK(e.find("adapter_model.safetensors: tensor 'base_model.model.model.layers.9.self_attn.q_proj.lora_A.weight' "
                 "names module 'model.layers.9.self_attn.q_proj', which the model does not have") != std::string::npos);
    e = writeOne("base_model.model.model.layers.0.self_attn.q_proj.lora_magnitude_vector");
    CHECK(e.find("unexpected tensor") != std::string::npos);
    e = writeOne("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight");
    CHECK(e.find("lacks its lora_B weight") != std::string::npos);
    ls::test::removeTree(dir);
    CHECK_THROWS_WITH(ls::LoraAdapter::loadPeft(*model, dir), "no adapter_config.json");
}

// ---- merge ------------------------------------------------------------------------------------

TEST_CASE("merge: merged model folder and in-place merge give base + adapter logits") {
    auto model = ls::Model::load(modelDir("llama3"));
    auto o = options({"all-linear", "lm_head"});
    o.r = 4;
    o.useRslora = true;
    auto adapter = ls::LoraAdapter::create(*model, o);
    randomizeB(*adapter, 0.2, 5);
    const auto base = model->logits(kBatch);
    adapter->attach(*model);
    const auto adapted = model->logits(kBatch);
    CHECK(maxAbsDiff(base, adapted) > 1e-2);  // the adapter really changes the output

    const auto dir = scratchDir();
    ls::writeMergedModel(*model, *adapter, dir, ls::ComputeType::F32);
    auto merged = ls::Model::load(dir);
    CHECK(!merged->config().quantization.has_value());
    const double diff = maxAbsDiff(adapted, merged->logits(kBatch));
    std::cout << "  merged folder vs adapter: max |logit diff| " << diff << "\n";
    CHECK(diff <= kMergeLogitTolerance);
    CHECK(std::filesystem::exists(dir / "tokenizer.json"));

    ls::mergeLora(*model, *adapter);
    CHECK(maxAbsDiff(adapted, model->logits(kBatch)) <= kMergeLogitTolerance);

    // bf16 output: written and loadable.
    const auto dirBf16 = scratchDir();
    ls::writeMergedModel(*merged, *ls::LoraAdapter::create(*merged, options({"q_proj"})), dirBf16,
                         ls::ComputeType::BF16);
    auto bf16File = ls::SafetensorsFile::open(dirBf16 / "model.safetensors");
    CHECK(bf16File->get("model.layers.0.self_attn.q_proj.weight").dtype == ls::DType::BF16);
    CHECK(ls::Model::load(dirBf16)->config().dtype == "bfloat16");
    ls::test::removeTree(dir);
    ls::test::removeTree(dirBf16);
}

TEST_CASE("merge: Qwen3 and a sliding-window model keep their q/k norms and window in the merged folder") {
    for (const char* name : {"qwen3", "mistral-sliding"}) {
        auto model = ls::Model::load(modelDir(name));
        auto o = options({"all-linear"});
        o.r = 4;
        auto adapter = ls::LoraAdapter::create(*model, o);
        randomizeB(*adapter, 0.2, 5);
        adapter->attach(*model);
        const auto adapted = model->logits(kBatch);
        const auto dir = scratchDir();
        ls::writeMergedModel(*model, *adapter, dir, ls::ComputeType::F32);
        auto merged = ls::Model::load(dir);  // refused if q_norm / k_norm were missing
        CHECK(merged->config().architecture == model->config().architecture);
        CHECK(merged->config().slidingWindow == model->config().slidingWindow);
        const double diff = maxAbsDiff(adapted, merged->logits(kBatch));
        std::cout << "  " << name << " merged folder vs adapter: max |logit diff| " << diff << "\n";
        CHECK(diff <= kMergeLogitTolerance);
        ls::test::removeTree(dir);
    }
}

TEST_CASE("merge: a LoRA on a tied lm_head is refused") {
    auto model = ls::Model::load(modelDir("llama2-tied"));
    auto adapter = ls::LoraAdapter::create(*model, options({"lm_head"}));
    CHECK_THROWS_WITH(ls::mergeLora(*model, *adapter), "tie_word_embeddings");
}

TEST_CASE("QLoRA: adapters on a 4-bit base train, and merge into the dequantized weight") {
    auto model = ls::Model::load(modelDir("llama3-bnb-nf4"));
    auto modules = ls::linearModules(*model);
    CHECK_EQ(modules.front().type, std::string("Linear4bit"));
    CHECK_EQ(modules.back().type, std::string("Linear"));  // lm_head stays dense
    auto o = options({"all-linear"});
    o.r = 4;
    o.method = ls::LoraMethod::QLora;
    auto adapter = ls::LoraAdapter::create(*model, o);
    auto [first, last] = train(*model, *adapter, 4);
    std::cout << "  QLoRA loss " << first << " -> " << last << "\n";
    CHECK(last < first);

    randomizeB(*adapter, 0.2, 9);
    const auto adapted = model->logits(kBatch);
    const auto dir = scratchDir();
    ls::writeMergedModel(*model, *adapter, dir, ls::ComputeType::F32);
    auto merged = ls::Model::load(dir);
    // A named copy: CHECK_EQ binds a reference, and a member of a temporary vector dies before the check
    // (ASan heap-use-after-free in the sanitized build).
    const auto mergedModules = ls::linearModules(*merged);
    CHECK_EQ(mergedModules.front().type, std::string("Linear"));
    const double diff = maxAbsDiff(adapted, merged->logits(kBatch));
    std::cout << "  4-bit merged folder vs adapter: max |logit diff| " << diff << "\n";
    CHECK(diff <= kMergeLogitTolerance);
    ls::mergeLora(*model, *adapter);
    CHECK(maxAbsDiff(adapted, model->logits(kBatch)) <= kMergeLogitTolerance);
    ls::test::removeTree(dir);
}

TEST_CASE("merge: progress covers every linear, and a cancel writes nothing") {
    auto model = ls::Model::load(modelDir("llama3"));
    auto adapter = ls::LoraAdapter::create(*model, options({"q_proj"}));
    const auto dir = scratchDir();
    int calls = 0, lastTotal = 0;
    ls::writeMergedModel(*model, *adapter, dir / "ok", ls::ComputeType::F32, [&](int done, int total) {
        ++calls;
        lastTotal = total;
        return done >= 0;
    });
    CHECK_EQ(lastTotal, 15);  // 2 layers x 7 linears + lm_head
    CHECK_EQ(calls, 16);
    CHECK_THROWS_WITH(ls::writeMergedModel(*model, *adapter, dir / "stop", ls::ComputeType::F32,
                                           [](int done, int) { return done < 3; }),
                      "merge: cancelled");
    CHECK(!std::filesystem::exists(dir / "stop" / "model.safetensors"));
    ls::test::removeTree(dir);
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
