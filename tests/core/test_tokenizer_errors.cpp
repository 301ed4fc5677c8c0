// Tokenizer validation: every malformed tokenizer.json / tokenizer_config.json is an ls::Error that names
// the file and the problem (one test per rule), hostile input never crashes, and the regex engine keeps
// Oniguruma's semantics and limits.
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "check.h"
#include "lorastudio/error.h"
#include "lorastudio/tokenizer.h"
#include "tokenizer/regex.h"

namespace {

using nlohmann::json;

const std::string kSource = "bad/tokenizer.json";

json tiny() {
    return json::parse(R"({
        "version": "1.0",
        "added_tokens": [{"id": 3, "content": "<unk>", "special": true, "normalized": false},
                         {"id": 4, "content": "<s>", "special": true, "normalized": false}],
        "normalizer": null,
        "pre_tokenizer": {"type": "Split", "pattern": {"Regex": "\\s+|\\S+"}, "behavior": "Isolated", "invert": false},
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                                      {"Sequence": {"id": "A", "type_id": 0}}],
                           "special_tokens": {"<s>": {"id": "<s>", "ids": [4], "tokens": ["<s>"]}}},
        "decoder": {"type": "Fuse"},
        "model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2, "<unk>": 3, "<s>": 4},
                  "merges": ["a b"], "unk_token": "<unk>", "fuse_unk": false, "byte_fallback": false}
    })");
}

ls::Tokenizer load(const json& j) { return ls::Tokenizer::fromJson(j.dump(), kSource); }

std::string readText(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The message names the file first, then the problem.
void expectError(const json& j, const std::string& problem) {
    try {
        load(j);
        ls::test::reportFailure(__FILE__, __LINE__, "no error for: " + problem);
    } catch (const ls::Error& e) {
        const std::string what = e.what();
        if (what.rfind(kSource + ": ", 0) != 0 || what.find(problem) == std::string::npos)
            ls::test::reportFailure(__FILE__, __LINE__, "message '" + what + "' lacks '" + problem + "'");
    }
}

std::vector<std::pair<size_t, size_t>> find(const std::string& pattern, const std::string& text) {
    return ls::tok::Regex(pattern, "re").findAll(text);
}

std::vector<std::string> pieces(const std::string& pattern, const std::string& text) {
    std::vector<std::string> out;
    for (const auto& [b, e] : find(pattern, text)) out.push_back(text.substr(b, e - b));
    return out;
}

}  // namespace

TEST_CASE("the tiny tokenizer used below is valid") {
    const auto tok = load(tiny());
    CHECK(tok.encode("ab a", true) == (std::vector<ls::TokenId>{4, 2, 3, 0}));
    CHECK_EQ(tok.decode({4, 2, 0}, true), std::string("aba"));
}

TEST_CASE("not JSON") {
    CHECK_THROWS_WITH(ls::Tokenizer::fromJson("{\"model\": ", kSource), "bad/tokenizer.json: not valid JSON");
    CHECK_THROWS_WITH(ls::Tokenizer::fromJson("", kSource), "not valid JSON");
    CHECK_THROWS_WITH(ls::Tokenizer::fromJson("\xFF\xFE", kSource), "not valid JSON");
}

TEST_CASE("the JSON parser's quote of the bad bytes is escaped: one printable line") {
    // Found by fuzz_tokenizer: nlohmann's message repeats the bytes it last read; it escapes control
    // characters below 0x20 but not DEL or bytes that are not UTF-8.
    try {
        ls::Tokenizer::fromJson("{\"model\": tru\x7f\xff}", kSource);
        CHECK(false);
    } catch (const ls::Error& e) {
        const std::string m = e.what();
        CHECK(m.find("bad/tokenizer.json: not valid JSON") == 0);
        CHECK(m.find("tru\\x7f") != std::string::npos);
        for (unsigned char c : m) CHECK(c >= 0x20 && c != 0x7f && c < 0x80);
    }
}

TEST_CASE("top level is not an object") { expectError(json::array({1, 2}), "the top level must be an object"); }

TEST_CASE("missing model") {
    json j = tiny();
    j.erase("model");
    expectError(j, "missing \"model\"");
}

TEST_CASE("unsupported model type") {
    json j = tiny();
    j["model"]["type"] = "WordPiece";
    expectError(j, "model type \"WordPiece\" is not supported");
}

TEST_CASE("vocab of the wrong type") {
    json j = tiny();
    j["model"]["vocab"] = json::array({"a", "b"});
    expectError(j, "model.vocab must be an object");
}

TEST_CASE("vocab id that is not an integer") {
    json j = tiny();
    j["model"]["vocab"]["a"] = "zero";
    expectError(j, "model.vocab[\"a\"] must be an integer");
    j["model"]["vocab"]["a"] = 0.5;
    expectError(j, "must be an integer");
}

TEST_CASE("vocab ids out of range (huge vocabulary claims)") {
    json j = tiny();
    j["model"]["vocab"]["a"] = -1;
    expectError(j, "out of range");
    j["model"]["vocab"]["a"] = 4000000000u;
    expectError(j, "out of range");
    j["model"]["vocab"]["a"] = 2000000000;  // fits int32, but would size the id table by a claim
    expectError(j, "out of range");
}

TEST_CASE("two tokens with one id") {
    json j = tiny();
    j["model"]["vocab"]["b"] = 0;
    expectError(j, "gives id 0 to both");
}

TEST_CASE("missing merges") {
    json j = tiny();
    j["model"].erase("merges");
    expectError(j, "is missing \"merges\"");
}

TEST_CASE("merges naming unknown tokens") {
    json j = tiny();
    j["model"]["merges"] = json::array({"a zz"});
    expectError(j, "model.merges[0] names \"zz\", which is not in model.vocab");
    j["model"]["merges"] = json::array({json::array({"q", "b"})});
    expectError(j, "names \"q\"");
}

TEST_CASE("merge whose result is not in the vocab") {
    json j = tiny();
    j["model"]["merges"] = json::array({"b a"});
    expectError(j, "makes \"ba\", which is not in model.vocab");
}

TEST_CASE("merges of the wrong shape") {
    json j = tiny();
    j["model"]["merges"] = json::array({42});
    expectError(j, "model.merges[0] must be a string");
    j["model"]["merges"] = json::array({"ab"});
    expectError(j, "must be \"left right\"");
    j["model"]["merges"] = json::array({json::array({"a", "b", "c"})});
    expectError(j, "pair");
    j["model"]["merges"] = "a b";
    expectError(j, "model.merges must be an array");
}

TEST_CASE("unk_token not in the vocab") {
    json j = tiny();
    j["model"]["unk_token"] = "<nope>";
    expectError(j, "model.unk_token \"<nope>\" is not in model.vocab");
}

TEST_CASE("dropout is refused") {
    json j = tiny();
    j["model"]["dropout"] = 0.1;
    expectError(j, "model.dropout is not supported");
}

TEST_CASE("added token with a wrong or out-of-range id") {
    json j = tiny();
    j["added_tokens"][1]["id"] = 7;
    expectError(j, "added_tokens[1] (\"<s>\") has id 7, but the vocabulary gives it id 4");
    j["added_tokens"][1]["id"] = -3;
    expectError(j, "added_tokens[1].id is out of range");
    j["added_tokens"][1]["id"] = 1e12;
    expectError(j, "added_tokens[1].id must be an integer");
    j = tiny();
    j["added_tokens"].push_back({{"id", 99999999}, {"content", "<new>"}, {"special", true}});
    expectError(j, "has id 99999999, but the vocabulary gives it id 5");
}

TEST_CASE("added token of the wrong type") {
    json j = tiny();
    j["added_tokens"][0]["content"] = 5;
    expectError(j, "added_tokens[0].content must be a string");
    j = tiny();
    j["added_tokens"] = json::object();
    expectError(j, "added_tokens must be an array");
    j = tiny();
    j["added_tokens"][0]["special"] = "yes";
    expectError(j, "added_tokens[0].special must be true or false");
}

TEST_CASE("unsupported component types") {
    json j = tiny();
    j["normalizer"] = {{"type", "BertNormalizer"}};
    expectError(j, "normalizer has the unsupported type \"BertNormalizer\"");
    j = tiny();
    j["pre_tokenizer"] = {{"type", "Whitespace"}};
    expectError(j, "pre_tokenizer has the unsupported type \"Whitespace\"");
    j = tiny();
    j["decoder"] = {{"type", "WordPiece"}};
    expectError(j, "decoder has the unsupported type \"WordPiece\"");
    j = tiny();
    j["post_processor"] = {{"type", "BertProcessing"}};
    expectError(j, "post_processor has the unsupported type \"BertProcessing\"");
    j = tiny();
    j["decoder"] = {{"decoders", json::array()}};
    expectError(j, "decoder is missing \"type\"");
}

TEST_CASE("unsupported or broken regex syntax names the file") {
    const char* bad[] = {"(?<=a)b", "(a)\\1", "\\bword",  "(?P<n>a)", "[[:alpha:]]", "(a",    "a)",
                         "[a-",     "*a",     "\\p{Han}", "\\k<x>",   "[z-a]",       "a{3,2}"};
    for (const char* p : bad) {
        json j = tiny();
        j["pre_tokenizer"]["pattern"]["Regex"] = p;
        expectError(j, "regex");
    }
}

TEST_CASE("catastrophic backtracking stops with an error") {
    json j = tiny();
    j["pre_tokenizer"]["pattern"]["Regex"] = "(?:a|a)*(?:a|a)*(?:a|a)*b";
    const auto tok = load(j);
    CHECK_THROWS_WITH(tok.encode(std::string(200, 'a')), "bad/tokenizer.json: regex needs too many steps");
    CHECK_THROWS_WITH(ls::tok::Regex("(a+)+b", "x.json").findAll(std::string(40, 'a')), "x.json: regex");
}

TEST_CASE("template naming a missing special token, or an unknown id") {
    json j = tiny();
    j["post_processor"]["single"][0]["SpecialToken"]["id"] = "<bos>";
    expectError(j, "names \"<bos>\", which is not in special_tokens");
    j = tiny();
    j["post_processor"]["special_tokens"]["<s>"]["ids"] = json::array({12345});
    expectError(j, "uses id 12345, which is not in the vocabulary");
    j = tiny();
    j["post_processor"]["single"] = json::array({json::object({{"Sequence", {{"id", "B"}}}})});
    expectError(j, "uses sequence \"B\"");
}

TEST_CASE("bad split, metaspace and strip options") {
    json j = tiny();
    j["pre_tokenizer"]["behavior"] = "Sideways";
    expectError(j, "behavior has the unknown value \"Sideways\"");
    j = tiny();
    j["pre_tokenizer"] = {{"type", "Metaspace"}, {"replacement", "__"}, {"prepend_scheme", "first"}};
    expectError(j, "pre_tokenizer.replacement must be one character");
    j["pre_tokenizer"] = {{"type", "Metaspace"}, {"replacement", "_"}, {"prepend_scheme", "sometimes"}};
    expectError(j, "prepend_scheme has the unknown value");
    j = tiny();
    j["decoder"] = {{"type", "Strip"}, {"content", " "}, {"start", 1e15}, {"stop", 0}};
    expectError(j, "decoder.start");
    j["decoder"] = {{"type", "Strip"}, {"content", "ab"}, {"start", 1}, {"stop", 0}};
    expectError(j, "decoder.content must be one character");
}

TEST_CASE("sequences nested too deeply") {
    json j = tiny();
    json n = {{"type", "NFC"}};
    for (int i = 0; i < 100; ++i) n = {{"type", "Sequence"}, {"normalizers", json::array({n})}};
    j["normalizer"] = n;
    expectError(j, "nests Sequence too deeply");
}

TEST_CASE("tokenizer_config.json errors name that file") {
    const std::string text = tiny().dump();
    CHECK_THROWS_WITH(ls::Tokenizer::fromJson(text, kSource, "{oops"), "bad/tokenizer_config.json: not valid JSON");
    CHECK_THROWS_WITH(ls::Tokenizer::fromJson(text, kSource, R"({"bos_token": "<bos>"})"),
                      "bad/tokenizer_config.json: bos_token \"<bos>\" is not in the vocabulary");
    CHECK_THROWS_WITH(ls::Tokenizer::fromJson(text, kSource, R"({"eos_token": 3})"),
                      "bad/tokenizer_config.json: eos_token must be a string");
    CHECK_THROWS_WITH(ls::Tokenizer::fromJson(text, kSource, R"({"eos_token": {"id": 3}})"),
                      "eos_token is missing \"content\"");
}

TEST_CASE("missing files name the file") {
    CHECK_THROWS_WITH(ls::Tokenizer::fromFolder("/nonexistent/folder"), "/nonexistent/folder/tokenizer.json");
    CHECK_THROWS_WITH(ls::Tokenizer::fromFile(ls::test::fixtures()), "not a regular file");
}

TEST_CASE("mutated tokenizer.json never crashes") {
    const std::string base = readText(ls::test::fixtures() / "tokenizers" / "llama3-bytelevel" / "tokenizer.json");
    REQUIRE(!base.empty());
    std::mt19937 rng(42);
    int errors = 0, loaded = 0;
    for (int round = 0; round < 300; ++round) {
        std::string text = base;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const size_t at = rng() % text.size();
            switch (rng() % 3) {
                case 0:
                    text[at] = static_cast<char>(rng() % 256);
                    break;
                case 1:
                    text.erase(at, 1 + rng() % 8);
                    break;
                default:
                    text.insert(at, 1, "{}[]\",:0-9e"[rng() % 11]);
                    break;
            }
        }
        try {
            const auto tok = ls::Tokenizer::fromJson(text, kSource);
            const auto ids = tok.encode("Hello, world! <|begin_of_text|> 123 \xF0\x9F\x98\x80", true);
            tok.decode(ids, true);
            ++loaded;
        } catch (const ls::Error& e) {
            CHECK(std::string(e.what()).rfind(kSource, 0) == 0);
            ++errors;
        }
    }
    CHECK(errors > 0);
    CHECK_EQ(errors + loaded, 300);
}

TEST_CASE("values of the wrong type anywhere never crash") {
    const json base = json::parse(readText(ls::test::fixtures() / "tokenizers" / "llama2-spm" / "tokenizer.json"));
    const json replacements[] = {nullptr, 7, -1, "x", json::array(), json::object(), true, 1e300};
    int errors = 0;
    // Replace each top-level member and each member of model and the components with each wrong value.
    for (const char* section : {"", "model", "normalizer", "decoder", "post_processor"}) {
        const json& obj = std::string(section).empty() ? base : base[section];
        if (!obj.is_object()) continue;
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            for (const json& r : replacements) {
                json j = base;
                if (std::string(section).empty())
                    j[it.key()] = r;
                else
                    j[section][it.key()] = r;
                try {
                    load(j).encode("a b\xFF", true);
                } catch (const ls::Error&) {
                    ++errors;
                }
            }
        }
    }
    CHECK(errors > 20);
}

TEST_CASE("regex: leftmost match, first alternative wins") {
    CHECK(pieces("a|ab", "ab") == (std::vector<std::string>{"a"}));
    CHECK(pieces("ab|a", "ab") == (std::vector<std::string>{"ab"}));
    CHECK(pieces("b+", "aabbbcb") == (std::vector<std::string>{"bbb", "b"}));
}

TEST_CASE("regex: lookahead, counted repeats, lazy and possessive") {
    CHECK(pieces("\\s+(?!\\S)|\\s+", "a   b") == (std::vector<std::string>{"  ", " "}));
    CHECK(pieces("\\p{N}{1,3}", "12345") == (std::vector<std::string>{"123", "45"}));
    CHECK(pieces("a+?", "aaa") == (std::vector<std::string>{"a", "a", "a"}));
    CHECK(pieces("a*+a|b", "aaab") == (std::vector<std::string>{"b"}));
    CHECK(pieces("(?:ab){2}", "abababab") == (std::vector<std::string>{"abab", "abab"}));
    CHECK(pieces("x(?=y)", "xxy") == (std::vector<std::string>{"x"}));
    CHECK(pieces("a{,2}", "aaa").size() == 2);
}

TEST_CASE("regex: case-insensitive groups and Unicode classes") {
    CHECK(pieces("(?i:'s|'re)", "'S 'Re 's") == (std::vector<std::string>{"'S", "'Re", "'s"}));
    CHECK(pieces("(?i:k)", "K\xE2\x84\xAA").size() == 2);  // Kelvin sign folds to k
    CHECK(pieces("\\p{L}+", "Zürich Καλη 日本") == (std::vector<std::string>{"Zürich", "Καλη", "日本"}));
    CHECK(pieces("[^\\s\\p{L}\\p{N}]+", "a!?b ½") == (std::vector<std::string>{"!?"}));
    CHECK(pieces("\\s+",
                 "a\xC2\xA0\xE3\x80\x80"
                 "b\xE2\x80\x8B") == (std::vector<std::string>{"\xC2\xA0\xE3\x80\x80"}));
    CHECK(pieces("[\\r\\n]+", "a\r\n\nb") == (std::vector<std::string>{"\r\n\n"}));
    CHECK(pieces("\\x41|\\u00e9", "A\xC3\xA9") == (std::vector<std::string>{"A", "\xC3\xA9"}));
}

TEST_CASE("regex: empty matches and invalid UTF-8") {
    CHECK(find("x*", "ab").size() == 3);
    CHECK(pieces(".",
                 "a\xFF"
                 "b") == (std::vector<std::string>{"a", "\xFF", "b"}));
    CHECK(pieces("[^\\p{L}]",
                 "a\xFF"
                 "b") == (std::vector<std::string>{"\xFF"}));
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
