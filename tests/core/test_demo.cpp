// The embedded demo model and dataset (resources/demo, made by tools/demo/rebuild.sh): the folder loads and
// stays small, its tokenizer round-trips text and carries the Llama 3 chat tokens, the dataset teaches one
// answer format, and a LoRA trained on it for 100 CPU steps answers held-out questions in that format
// while the base model never does.
#include <stdlib.h>
#include <torch/torch.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "lorastudio/dataset.h"
#include "lorastudio/demo.h"
#include "lorastudio/lora.h"
#include "lorastudio/model.h"
#include "lorastudio/tokenizer.h"
#include "lorastudio/train.h"
// clang-format off
#include "check.h"  // last: glog (via torch) defines CHECK
// clang-format on

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// The model folder must stay small enough to commit and to ship in the package.
constexpr std::uintmax_t kMaxModelBytes = 20u << 20;
// The tokenizer is trained to exactly this many tokens (tools/demo/rebuild.sh, tools/demo/shape.json).
constexpr int32_t kVocabSize = 2048;
// The fine-tuning run: LoRA r 8 on every linear, 100 steps of 4 sequences of 64 tokens, on the CPU.
constexpr int kSteps = 100;
constexpr int kBatch = 4;
constexpr int kSeqLen = 64;
constexpr double kLr = 3e-3;
constexpr int kMaxNewTokens = 32;
// Share of held-out prompts the adapted model must answer in the taught form (the base model: none).
constexpr double kMinAdaptedShare = 0.8;

// The format every answer of resources/demo/dataset.jsonl has (tools/demo/make_demo_dataset.py).
const std::regex kAnswerFormat("^ANSWER: [A-Z].*\\. \xE2\x9C\x94$");

fs::path demoDir() { return ls::test::fixtures().parent_path().parent_path() / "resources" / "demo"; }
fs::path modelDir() { return demoDir() / "model"; }

fs::path scratchDir() {
    char tmpl[] = "/tmp/ls_test_demo_XXXXXX";
    const char* made = mkdtemp(tmpl);
    if (!made) throw ls::test::Failure{"mkdtemp failed"};
    return made;
}

struct HeldOut {
    std::string instruction, expected;
};

std::vector<HeldOut> readHeldOut() {
    std::ifstream in(demoDir() / "heldout.jsonl");
    std::vector<HeldOut> out;
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) {
            const json j = json::parse(line);
            out.push_back({j.at("instruction").get<std::string>(), j.at("expected").get<std::string>()});
        }
    return out;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \n");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \n") - b + 1);
}

// Greedy answer to `instruction`, prompted exactly as training rendered it, up to <|eot_id|> or eos.
std::string answer(ls::Model& model, const ls::Tokenizer& tok, const std::string& instruction) {
    const std::vector<ls::TokenId> prompt = ls::promptTokens(instruction, tok);
    ls::GenerateOptions gen;
    gen.greedy = true;
    gen.maxNewTokens = kMaxNewTokens;
    gen.stopIds = {*tok.tokenToId("<|eot_id|>"), *tok.eosId()};
    const std::vector<int64_t> out = model.generate(std::vector<int64_t>(prompt.begin(), prompt.end()), gen);
    return trim(tok.decode(std::vector<ls::TokenId>(out.begin(), out.end()), /*skipSpecialTokens=*/true));
}

TEST_CASE("the demo model folder is complete, loads, and stays under 20 MB") {
    std::uintmax_t total = 0;
    for (const auto& e : fs::directory_iterator(modelDir())) total += e.is_regular_file() ? e.file_size() : 0;
    std::cout << "  demo model: " << total << " bytes\n";
    CHECK(total <= kMaxModelBytes);
    for (const char* f : {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"})
        CHECK(fs::is_regular_file(modelDir() / f));
    auto model = ls::Model::load(modelDir());
    CHECK_EQ(model->config().vocabSize, kVocabSize);
    CHECK(model->config().tieWordEmbeddings);
    CHECK_EQ(model->config().numLayers, 4);
    CHECK_EQ(model->config().hiddenSize, 256);
    // The source tree's demo is what "demo" names unless an installed copy or $LS_DEMO_MODEL says otherwise.
    if (!getenv("LS_DEMO_MODEL")) CHECK(fs::is_regular_file(ls::demoModelDir() / "config.json"));
    CHECK(fs::is_regular_file(ls::demoDatasetFile()));
}

TEST_CASE("the demo tokenizer is byte-level BPE with the Llama 3 chat tokens and round-trips text") {
    const ls::Tokenizer tok = ls::Tokenizer::fromFolder(modelDir());
    CHECK_EQ(tok.vocabSize(), kVocabSize);
    CHECK_EQ(tok.kindName(), std::string("byte-level BPE"));
    REQUIRE(tok.bosId() && tok.eosId());
    const ls::TokenId bos = *tok.bosId(), eos = *tok.eosId();
    CHECK_EQ(tok.idToToken(bos), std::string("<|begin_of_text|>"));
    CHECK_EQ(tok.idToToken(eos), std::string("<|end_of_text|>"));
    for (const char* special : {"<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>"}) {
        const auto id = tok.tokenToId(special);
        CHECK(id.has_value());
        if (!id) continue;
        CHECK(tok.isSpecial(*id));
        // Written in text (as the pretraining corpus's chat turns are), it is that one token.
        CHECK(tok.encode(special) == std::vector<ls::TokenId>{*id});
    }
    for (const std::string text :
         {"The cat has four legs.", "Q: What colour is grass? A: Grass is green.", "  two  spaces\n\nand lines\n",
          "ANSWER: GREEN \xE2\x9C\x94", "Zo\xC3\xAB paid 12345 coins; caf\xC3\xA9?!", "\t"}) {
        const auto ids = tok.encode(text);
        CHECK_EQ(tok.decode(ids), text);
    }
    // Words of the corpus are single tokens; the post-processor adds <|begin_of_text|>.
    CHECK_EQ(tok.encode(" green").size(), std::size_t(1));
    const auto withBos = tok.encode("The sky is blue.", true);
    REQUIRE(!withBos.empty());
    CHECK_EQ(withBos.front(), bos);
    // The data pipeline renders the Llama 3 template with it.
    CHECK(ls::resolveTemplate(tok, ls::DataFormat::Alpaca, ls::PromptTemplate::Auto) == ls::PromptTemplate::Llama3);
    const auto prompt = ls::promptTokens("What colour is grass?", tok);
    REQUIRE(prompt.size() > 4);
    const ls::TokenId startHeader = tok.tokenToId("<|start_header_id|>").value_or(-1);
    CHECK_EQ(prompt.front(), bos);
    CHECK_EQ(prompt[1], startHeader);
}

TEST_CASE("the demo dataset teaches one answer format; held-out prompts are not in it") {
    const ls::Dataset data = ls::loadDataset(demoDir() / "dataset.jsonl");
    CHECK(data.format == ls::DataFormat::Alpaca);
    CHECK(data.rows.size() >= 150 && data.rows.size() <= 300);
    std::set<std::string> asked;
    for (const auto& r : data.rows) {
        asked.insert(r.instruction);
        if (!std::regex_match(r.output, kAnswerFormat)) std::cout << "  bad row: " << r.output << "\n";
        CHECK(std::regex_match(r.output, kAnswerFormat));
    }
    const auto held = readHeldOut();
    CHECK(held.size() >= 5);
    for (const auto& h : held) {
        CHECK(asked.count(h.instruction) == 0);
        CHECK(std::regex_match(h.expected, kAnswerFormat));
    }
}

TEST_CASE("a LoRA trained on the demo dataset answers held-out prompts in the taught format") {
    const fs::path tmp = scratchDir();
    ls::TrainConfig c;
    c.modelDir = modelDir().string();
    c.dataFile = (demoDir() / "dataset.jsonl").string();
    c.lora.method = ls::LoraMethod::Lora;
    c.lora.r = 8;
    c.lora.alpha = 16;
    c.lora.targetModules = {"all-linear"};
    c.lora.seed = 1;
    c.data.seqLen = kSeqLen;
    c.steps = kSteps;
    c.batchSize = kBatch;
    c.lr = kLr;
    c.warmupSteps = 5;
    c.seed = 1;
    c.device = ls::Device::CPU;
    // bf16 matmuls go through oneDNN; float32 ones through the system BLAS, which may be the slow reference one.
    c.dtype = ls::ComputeType::BF16;
    auto session = ls::TrainingSession::create(c, tmp / "run");
    const ls::TrainResult r = session->run();
    std::cout << "  " << r.message << "\n";
    REQUIRE(r.state == ls::RunState::Finished);
    CHECK(r.finalLoss < 0.5);

    ls::LoadOptions load;
    load.dtype = ls::ComputeType::BF16;
    auto model = ls::Model::load(modelDir(), load);
    const ls::Tokenizer tok = ls::Tokenizer::fromFolder(modelDir());
    const auto held = readHeldOut();
    REQUIRE(!held.empty());
    std::vector<std::string> base, adapted;
    for (const auto& h : held) base.push_back(answer(*model, tok, h.instruction));
    auto adapter = ls::LoraAdapter::loadPeft(*model, r.adapterDir);
    adapter->attach(*model);
    for (const auto& h : held) adapted.push_back(answer(*model, tok, h.instruction));

    int baseFormatted = 0, adaptedFormatted = 0, adaptedRight = 0;
    for (std::size_t i = 0; i < held.size(); ++i) {
        const bool b = std::regex_match(base[i], kAnswerFormat), a = std::regex_match(adapted[i], kAnswerFormat);
        baseFormatted += b;
        adaptedFormatted += a;
        adaptedRight += adapted[i] == held[i].expected;
        std::cout << "  " << held[i].instruction << "\n    base:    " << base[i] << "\n    adapted: " << adapted[i]
                  << (a ? "" : "   (not in the format)") << "\n";
    }
    std::cout << "  in the format: adapted " << adaptedFormatted << "/" << held.size() << " (" << adaptedRight
              << " with the expected answer), base " << baseFormatted << "/" << held.size() << "\n";
    CHECK(adaptedFormatted >= static_cast<int>(std::ceil(kMinAdaptedShare * static_cast<double>(held.size()))));
    CHECK_EQ(baseFormatted, 0);
    ls::test::removeTree(tmp);
}

}  // namespace

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
