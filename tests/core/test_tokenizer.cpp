// Tokenizer: every committed fixture case (made by the `tokenizers` library, tests/reference/make_fixtures.py)
// must give identical ids and decoded text; plus the smaller API promises.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "check.h"
#include "lorastudio/tokenizer.h"

namespace {

using nlohmann::json;

const char* const kKinds[] = {"llama3-bytelevel", "qwen2-bytelevel", "gpt2-bytelevel", "llama2-spm",
                              "mistral-spm-metaspace"};

json readJson(const std::filesystem::path& p) {
    std::ifstream in(p);
    REQUIRE(in.good());
    return json::parse(in);
}

std::string idsText(const std::vector<ls::TokenId>& ids) {
    std::ostringstream os;
    for (size_t i = 0; i < ids.size(); ++i) os << (i ? "," : "") << ids[i];
    return os.str();
}

void checkKind(const std::string& kind) {
    const auto dir = ls::test::fixtures() / "tokenizers" / kind;
    const ls::Tokenizer tok = ls::Tokenizer::fromFolder(dir);
    const json cases = readJson(dir / "cases.json");
    CHECK_EQ(tok.vocabSize(), cases["vocab_size"].get<int>());
    for (const json& c : cases["cases"]) {
        const std::string text = c["text"];
        const auto ids = tok.encode(text, false);
        const auto idsSpecial = tok.encode(text, true);
        const auto want = c["ids"].get<std::vector<ls::TokenId>>();
        const auto wantSpecial = c["ids_special"].get<std::vector<ls::TokenId>>();
        if (ids != want) std::cerr << kind << " ids differ for " << json(text).dump() << "\n";
        CHECK_EQ(idsText(ids), idsText(want));
        CHECK_EQ(idsText(idsSpecial), idsText(wantSpecial));
        CHECK_EQ(tok.decode(want, false), c["decoded"].get<std::string>());
        CHECK_EQ(tok.decode(wantSpecial, true), c["decoded_skip"].get<std::string>());
    }
}

}  // namespace

TEST_CASE("llama3-bytelevel matches tokenizers on every case") { checkKind("llama3-bytelevel"); }
TEST_CASE("qwen2-bytelevel matches tokenizers on every case") { checkKind("qwen2-bytelevel"); }
TEST_CASE("gpt2-bytelevel matches tokenizers on every case") { checkKind("gpt2-bytelevel"); }
TEST_CASE("llama2-spm matches tokenizers on every case") { checkKind("llama2-spm"); }
TEST_CASE("mistral-spm-metaspace matches tokenizers on every case") { checkKind("mistral-spm-metaspace"); }

TEST_CASE("model fixtures load their tokenizer.json") {
    for (const char* model : {"llama2-tied", "llama3", "mistral", "qwen2"}) {
        const auto dir = ls::test::fixtures() / "models" / model;
        const ls::Tokenizer tok = ls::Tokenizer::fromFolder(dir);
        CHECK(tok.vocabSize() > 0);
        CHECK(tok.eosId().has_value());
        CHECK_EQ(tok.decode(tok.encode("Hello world")), std::string("Hello world"));
    }
}

TEST_CASE("config gives bos, eos and the chat template") {
    const auto root = ls::test::fixtures() / "tokenizers";
    const auto llama3 = ls::Tokenizer::fromFolder(root / "llama3-bytelevel");
    CHECK(llama3.bosId() == llama3.tokenToId("<|begin_of_text|>"));
    CHECK(llama3.eosId() == llama3.tokenToId("<|end_of_text|>"));
    CHECK(llama3.hasChatTemplate());
    CHECK_EQ(llama3.kindName(), std::string("byte-level BPE"));
    const auto qwen = ls::Tokenizer::fromFolder(root / "qwen2-bytelevel");
    CHECK(!qwen.bosId().has_value());
    CHECK(qwen.eosId() == qwen.tokenToId("<|im_end|>"));
    const auto llama2 = ls::Tokenizer::fromFolder(root / "llama2-spm");
    CHECK(!llama2.hasChatTemplate());
    CHECK(llama2.bosId() == std::optional<ls::TokenId>(1));
    CHECK(llama2.eosId() == std::optional<ls::TokenId>(2));
    CHECK_EQ(llama2.kindName(), std::string("SentencePiece BPE (byte fallback)"));
    // The object form {"content": ...} of tokenizer_config.json.
    const std::string tokJson = ls::test::fixtures().string() + "/tokenizers/llama2-spm/tokenizer.json";
    std::ifstream in(tokJson);
    std::stringstream ss;
    ss << in.rdbuf();
    const auto fromText = ls::Tokenizer::fromJson(ss.str(), "mem/tokenizer.json",
                                                  R"({"bos_token": {"content": "<s>"}, "eos_token": null})");
    CHECK(fromText.bosId() == std::optional<ls::TokenId>(1));
    CHECK(!fromText.eosId().has_value());
}

TEST_CASE("token lookups and special flags") {
    const auto tok = ls::Tokenizer::fromFolder(ls::test::fixtures() / "tokenizers" / "llama2-spm");
    CHECK(tok.tokenToId("<0x41>") == std::optional<ls::TokenId>(3 + 0x41));
    CHECK_EQ(tok.idToToken(1), std::string("<s>"));
    CHECK_EQ(tok.idToToken(-5), std::string());
    CHECK_EQ(tok.idToToken(1 << 30), std::string());
    CHECK(tok.isSpecial(1));
    CHECK(!tok.isSpecial(3));
    CHECK(!tok.tokenToId("no such token").has_value());
    // Unknown ids are skipped when decoding, never a crash.
    CHECK_EQ(tok.decode({-1, 1 << 30, 2000000000}), std::string());
}

TEST_CASE("invalid UTF-8 input is encoded by its bytes") {
    const auto root = ls::test::fixtures() / "tokenizers";
    const std::string bad = std::string("ok \xFF\xC3 end \xE2\x82");
    // Byte-level: every byte survives, so decoding gives the bytes back (lossy: U+FFFD for the bad ones).
    const auto gpt2 = ls::Tokenizer::fromFolder(root / "gpt2-bytelevel");
    CHECK_EQ(gpt2.decode(gpt2.encode(bad)), std::string("ok \xEF\xBF\xBD\xEF\xBF\xBD end \xEF\xBF\xBD"));
    // Byte fallback: the bad bytes become <0xNN> tokens.
    const auto llama2 = ls::Tokenizer::fromFolder(root / "llama2-spm");
    const auto ids = llama2.encode(bad);
    bool hasFF = false;
    for (auto id : ids) hasFF = hasFF || id == 3 + 0xFF;
    CHECK(hasFF);
    CHECK_EQ(llama2.decode(ids), std::string("ok \xEF\xBF\xBD\xEF\xBF\xBD end \xEF\xBF\xBD\xEF\xBF\xBD"));
    for (const char* kind : kKinds) {
        const auto tok = ls::Tokenizer::fromFolder(root / kind);
        std::string all;
        for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
        CHECK(!tok.encode(all, true).empty());
    }
}

TEST_CASE("long and repetitive text stays within the regex limits") {
    const auto root = ls::test::fixtures() / "tokenizers";
    for (const char* kind : kKinds) {
        const auto tok = ls::Tokenizer::fromFolder(root / kind);
        const std::string spaces(20000, ' ');
        const std::string text = "start" + spaces + "x" + std::string(20000, '!') + std::string(5000, '\n') + "end";
        const auto ids = tok.encode(text);
        CHECK(!ids.empty());
        CHECK(tok.decode(ids) == text);
    }
}

// A small BPE over single characters, to state the library's rules on options the fixtures leave at defaults.
json smallModel() {
    return json::parse(R"({
        "added_tokens": [], "normalizer": null, "pre_tokenizer": null, "post_processor": null, "decoder": null,
        "model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "c": 2, "ab": 3, "abc": 4, "<unk>": 5, " ": 6,
                                           "<": 7, "m": 8, ">": 9, "<0x78>": 10, "<m>": 11},
                  "merges": [["a", "b"]], "unk_token": "<unk>"}
    })");
}

std::vector<ls::TokenId> encodeWith(const json& j, const std::string& text) {
    return ls::Tokenizer::fromJson(j.dump(), "small/tokenizer.json").encode(text);
}

using Ids = std::vector<ls::TokenId>;

TEST_CASE("ignore_merges emits a whole word found in the vocab") {
    json j = smallModel();
    CHECK(encodeWith(j, "abc") == (Ids{3, 2}));
    j["model"]["ignore_merges"] = true;
    CHECK(encodeWith(j, "abc") == (Ids{4}));
}

TEST_CASE("unknown characters: fuse_unk and byte_fallback") {
    json j = smallModel();
    CHECK(encodeWith(j, "zya") == (Ids{5, 5, 0}));
    j["model"]["fuse_unk"] = true;
    CHECK(encodeWith(j, "zya") == (Ids{5, 0}));
    j["model"]["byte_fallback"] = true;
    CHECK(encodeWith(j, "xa") == (Ids{10, 0}));  // <0x78> exists; other bytes do not, so z is still unk
    CHECK(encodeWith(j, "xz") == (Ids{10, 5}));
    j["model"]["unk_token"] = nullptr;
    CHECK(encodeWith(j, "zaz") == (Ids{0}));  // without unk the character is dropped
}

TEST_CASE("added tokens: lstrip, rstrip and single_word") {
    json j = smallModel();
    json tok = {{"id", 11},        {"content", "<m>"},    {"single_word", false}, {"lstrip", false},
                {"rstrip", false}, {"normalized", false}, {"special", true}};
    j["added_tokens"] = json::array({tok});
    CHECK(encodeWith(j, "a <m> b") == (Ids{0, 6, 11, 6, 1}));
    j["added_tokens"][0]["lstrip"] = true;
    j["added_tokens"][0]["rstrip"] = true;
    CHECK(encodeWith(j, "a <m> b") == (Ids{0, 11, 1}));
    j["added_tokens"][0] = tok;
    j["added_tokens"][0]["single_word"] = true;
    CHECK(encodeWith(j, "a<m> b") == (Ids{0, 7, 8, 9, 6, 1}));
    CHECK(encodeWith(j, "a <m> b") == (Ids{0, 6, 11, 6, 1}));
}

TEST_CASE("normalized added tokens are found in the normalized text") {
    json j = smallModel();
    j["model"]["vocab"]["_"] = 12;
    j["model"]["vocab"]["a b"] = 13;
    j["normalizer"] = {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "_"}};
    j["added_tokens"] = json::array({{{"id", 13}, {"content", "a b"}, {"normalized", true}, {"special", false}}});
    CHECK(encodeWith(j, "ca bc") == (Ids{2, 13, 2}));
    j["added_tokens"][0]["normalized"] = false;
    CHECK(encodeWith(j, "ca bc") == (Ids{2, 13, 2}));
    CHECK(encodeWith(j, "ca_bc") == (Ids{2, 0, 12, 1, 2}));
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
