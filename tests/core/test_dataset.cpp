// Training data pipeline: format detection, templates and label masks, truncation, packing, split, preview,
// and errors that name the file and the line.
#include <set>

#include "check.h"
#include "lorastudio/dataset.h"
#include "lorastudio/error.h"
#include "lorastudio/tokenizer.h"

namespace {

std::filesystem::path data(const char* name) { return ls::test::fixtures() / "data" / name; }
ls::Tokenizer tokenizer(const char* model) {
    return ls::Tokenizer::fromFolder(ls::test::fixtures() / "models" / model);
}

// The ids whose label is kept (the labels equal the ids there).
std::vector<ls::TokenId> trainedIds(const ls::Example& ex) {
    std::vector<ls::TokenId> out;
    for (size_t i = 0; i < ex.labels.size(); ++i) {
        if (ex.labels[i] == ls::kIgnoreLabel) continue;
        CHECK_EQ(ex.labels[i], ex.inputIds[i]);
        out.push_back(ex.inputIds[i]);
    }
    return out;
}

std::vector<ls::TokenId> concat(std::vector<ls::TokenId> a, const std::vector<ls::TokenId>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

ls::TokenId id(const ls::Tokenizer& tok, const char* name) {
    auto i = tok.tokenToId(name);
    REQUIRE(i.has_value());
    return *i;
}

}  // namespace

TEST_CASE("detects alpaca, chat and text files") {
    const auto a = ls::loadDataset(data("alpaca.jsonl"));
    CHECK(a.format == ls::DataFormat::Alpaca);
    REQUIRE(a.rows.size() == 3);
    CHECK_EQ(a.rows[1].input, std::string("2 and 3"));
    CHECK_EQ(a.rows[2].line, 4);  // the blank line 3 is skipped but counted
    const auto c = ls::loadDataset(data("chat.json"));
    CHECK(c.format == ls::DataFormat::Chat);
    REQUIRE(c.rows.size() == 2);
    CHECK_EQ(c.rows[0].messages.size(), size_t(3));
    CHECK_EQ(c.rows[0].line, 2);
    CHECK_EQ(c.rows[1].line, 7);
    const auto t = ls::loadDataset(data("text.jsonl"));
    CHECK(t.format == ls::DataFormat::Text);
    CHECK_EQ(t.rows.size(), size_t(2));
}

TEST_CASE("errors name the file and the line") {
    CHECK_THROWS_WITH(ls::loadDataset(data("no_output.jsonl")),
                      "no_output.jsonl: line 3: no 'output' field (alpaca rows need instruction and output)");
    CHECK_THROWS_WITH(ls::loadDataset(data("mixed.jsonl")), "mixed.jsonl: line 2: text row in a file of alpaca rows");
    CHECK_THROWS_WITH(ls::loadDataset(data("unknown.json")), "unknown.json: line 3: unknown row");
    CHECK_THROWS_WITH(ls::loadDataset(data("bad_utf8.jsonl")), "bad_utf8.jsonl: line 2: invalid UTF-8");
    CHECK_THROWS_WITH(ls::loadDataset(data("bad_json.jsonl")), "bad_json.jsonl: line 2: not valid JSON");
    CHECK_THROWS_WITH(ls::loadDataset(data("empty.jsonl")), "empty.jsonl: the file is empty");
    CHECK_THROWS_WITH(ls::loadDataset(data("missing.jsonl")), "missing.jsonl: cannot open");
    CHECK_THROWS_WITH(ls::parseDataset("\n\n  \n", "blank.jsonl"), "blank.jsonl: the file holds only blank lines");
    CHECK_THROWS_WITH(ls::parseDataset("[]", "none.json"), "none.json: no rows");
    CHECK_THROWS_WITH(ls::parseDataset("[\n {\"text\": 1}\n]", "n.json"), "n.json: line 2: 'text' must be a string");
    CHECK_THROWS_WITH(ls::parseDataset("{\"messages\": [{\"role\": \"bot\", \"content\": \"x\"}]}", "r.jsonl"),
                      "r.jsonl: line 1: unknown role 'bot'");
    CHECK_THROWS_WITH(ls::parseDataset("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}", "u.jsonl"),
                      "u.jsonl: line 1: no assistant message");
    CHECK_THROWS_WITH(ls::parseDataset("[1, 2]", "s.json"), "s.json: line 1: a row must be a JSON object");
    // A line over the bound is refused by number, not parsed.
    ls::DataOptions small;
    small.maxLineBytes = 64;
    std::string longLine = "{\"text\": \"ok\"}\n{\"text\": \"" + std::string(100000, 'x') + "\"}\n";
    CHECK_THROWS_WITH(ls::parseDataset(longLine, "long.jsonl", small), "long.jsonl: line 2: line longer than 64 bytes");
    // CRLF and a byte order mark are fine.
    const auto crlf = ls::parseDataset("\xEF\xBB\xBF{\"text\": \"a\"}\r\n{\"text\": \"b\"}\r\n", "crlf.jsonl");
    CHECK_EQ(crlf.rows.size(), size_t(2));
    CHECK_EQ(crlf.rows[1].text, std::string("b"));
}

TEST_CASE("templates follow the tokenizer's special tokens") {
    using T = ls::PromptTemplate;
    CHECK(ls::resolveTemplate(tokenizer("llama3"), ls::DataFormat::Chat, T::Auto) == T::Llama3);
    CHECK(ls::resolveTemplate(tokenizer("qwen2"), ls::DataFormat::Alpaca, T::Auto) == T::ChatML);
    CHECK(ls::resolveTemplate(tokenizer("mistral"), ls::DataFormat::Chat, T::Auto) == T::Inst);
    CHECK(ls::resolveTemplate(tokenizer("llama2-tied"), ls::DataFormat::Alpaca, T::Auto) == T::Plain);
    CHECK(ls::resolveTemplate(tokenizer("llama3"), ls::DataFormat::Chat, T::Plain) == T::Plain);
}

TEST_CASE("a template chosen by hand that the tokenizer cannot render names the template") {
    // Found by fuzz_dataset: the error said only "the tokenizer has no <|im_start|> token".
    const ls::Dataset ds = ls::parseDataset("{\"instruction\": \"a\", \"output\": \"b\"}\n", "t.jsonl");
    ls::DataOptions options;
    options.promptTemplate = ls::PromptTemplate::ChatML;
    CHECK_THROWS_WITH(ls::tokenizeDataset(ds, tokenizer("llama3"), options),
                      "prompt template 'chatml': the tokenizer has no <|im_start|> token");
}

TEST_CASE("llama3 chat: loss only on the assistant turns and their <|eot_id|>") {
    const auto tok = tokenizer("llama3");
    const auto ds = ls::loadDataset(data("chat.json"));
    const auto t = ls::tokenizeDataset(ds, tok, {});
    REQUIRE(t.examples.size() == 2);
    const ls::TokenId eot = id(tok, "<|eot_id|>");
    const ls::TokenId bos = *tok.bosId();  // CHECK_EQ binds a reference: *optional-temporary dies first (ASan)
    CHECK_EQ(t.examples[0].inputIds.front(), bos);
    CHECK_EQ(t.examples[0].labels.front(), ls::kIgnoreLabel);
    CHECK(trainedIds(t.examples[0]) == concat(tok.encode("Paris."), {eot}));
    CHECK(trainedIds(t.examples[1]) ==
          concat(concat(tok.encode("Hello."), {eot}), concat(tok.encode("Goodbye."), {eot})));
    CHECK_EQ(tok.decode(trainedIds(t.examples[0])), std::string("Paris.<|eot_id|>"));
    const auto parts = ls::renderRow(ds.rows[0], ds.format, ls::PromptTemplate::Auto, tok);
    REQUIRE(parts.size() == 2);
    CHECK_EQ(parts[0].text, std::string("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are brief."
                                        "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nWhat is the capital of "
                                        "France?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"));
    CHECK_EQ(parts[1].text, std::string("Paris.<|eot_id|>"));
    CHECK(parts[1].trained);
}

TEST_CASE("qwen2 alpaca: ChatML, loss on the output and <|im_end|>") {
    const auto tok = tokenizer("qwen2");
    const auto ds = ls::loadDataset(data("alpaca.jsonl"));
    const auto t = ls::tokenizeDataset(ds, tok, {});
    REQUIRE(t.examples.size() == 3);
    CHECK(t.resolvedTemplate == ls::PromptTemplate::ChatML);
    CHECK_EQ(tok.decode(trainedIds(t.examples[1])), std::string("The sum is 5.<|im_end|>"));
    CHECK_EQ(t.examples[1].inputIds.front(), id(tok, "<|im_start|>"));
    const auto parts = ls::renderRow(ds.rows[1], ds.format, ls::PromptTemplate::Auto, tok);
    REQUIRE(parts.size() == 2);
    CHECK_EQ(parts[0].text,
             std::string("<|im_start|>user\nAdd the numbers.\n\n2 and 3<|im_end|>\n<|im_start|>assistant\n"));
}

TEST_CASE("prompt tokens: what training shows the model before the answer, for each template") {
    for (const char* model : {"llama3", "qwen2", "llama2-tied"}) {
        const auto tok = tokenizer(model);
        const auto ds = ls::parseDataset("{\"instruction\": \"Say hello.\", \"output\": \"Hi.\"}\n", "x.jsonl");
        const auto ex = ls::tokenizeDataset(ds, tok, {}).examples.at(0);
        std::vector<ls::TokenId> untrained;
        for (std::size_t i = 0; i < ex.inputIds.size() && ex.labels[i] == ls::kIgnoreLabel; ++i)
            untrained.push_back(ex.inputIds[i]);
        CHECK(ls::promptTokens("Say hello.", tok) == untrained);
        CHECK(!untrained.empty());
    }
}

TEST_CASE("mistral chat: [INST] turns, loss on the answers and </s>") {
    const auto tok = tokenizer("mistral");
    const auto ds = ls::loadDataset(data("chat.json"));
    const auto t = ls::tokenizeDataset(ds, tok, {});
    REQUIRE(t.examples.size() == 2);
    CHECK(t.resolvedTemplate == ls::PromptTemplate::Inst);
    const ls::TokenId eos = *tok.eosId();
    CHECK(trainedIds(t.examples[0]) == concat(tok.encode("Paris."), {eos}));
    CHECK(trainedIds(t.examples[1]) ==
          concat(concat(tok.encode("Hello."), {eos}), concat(tok.encode("Goodbye."), {eos})));
    const auto parts = ls::renderRow(ds.rows[0], ds.format, ls::PromptTemplate::Auto, tok);
    REQUIRE(!parts.empty());
    CHECK_EQ(parts[0].text,
             std::string("<s>[INST] <<SYS>>\nYou are brief.\n<</SYS>>\n\nWhat is the capital of France? [/INST]"));
}

TEST_CASE("llama2 alpaca: plain ### template, loss on the output and </s>") {
    const auto tok = tokenizer("llama2-tied");
    const auto ds = ls::loadDataset(data("alpaca.jsonl"));
    const auto t = ls::tokenizeDataset(ds, tok, {});
    REQUIRE(t.examples.size() == 3);
    CHECK(t.resolvedTemplate == ls::PromptTemplate::Plain);
    CHECK(trainedIds(t.examples[0]) == concat(tok.encode("Hello there."), {*tok.eosId()}));
    const auto parts = ls::renderRow(ds.rows[1], ds.format, ls::PromptTemplate::Auto, tok);
    REQUIRE(parts.size() == 2);
    CHECK_EQ(parts[0].text,
             std::string("<s>### Instruction:\nAdd the numbers.\n\n### Input:\n2 and 3\n\n### Response:\n"));
    CHECK_EQ(parts[1].text, std::string("The sum is 5.</s>"));
}

TEST_CASE("raw text: every token but bos is trained, eos appended") {
    const auto tok = tokenizer("llama3");
    const auto t = ls::tokenizeDataset(ls::loadDataset(data("text.jsonl")), tok, {});
    REQUIRE(t.examples.size() == 2);
    const auto& ex = t.examples[0];
    const auto body = tok.encode("The quick brown fox jumps over the lazy dog.");
    CHECK(ex.inputIds == concat(concat({*tok.bosId()}, body), {*tok.eosId()}));
    CHECK_EQ(ex.labels[0], ls::kIgnoreLabel);
    CHECK(trainedIds(ex) == concat(body, {*tok.eosId()}));
}

TEST_CASE("truncation cuts to seqLen and drops rows left without a response") {
    const auto tok = tokenizer("llama3");
    const auto ds = ls::loadDataset(data("alpaca.jsonl"));
    const auto full = ls::tokenizeDataset(ds, tok, {});
    ls::DataOptions o;
    o.seqLen = full.rowLengths[0] - 2;  // row 0 loses the end of its response only
    const auto t = ls::tokenizeDataset(ds, tok, o);
    CHECK(t.truncated >= 1);
    for (const auto& ex : t.examples) {
        CHECK(ex.inputIds.size() <= size_t(o.seqLen));
        CHECK_EQ(ex.inputIds.size(), ex.labels.size());
    }
    CHECK_EQ(t.examples[0].inputIds.size(), size_t(o.seqLen));
    CHECK(std::equal(t.examples[0].inputIds.begin(), t.examples[0].inputIds.end(), full.examples[0].inputIds.begin()));
    // So short that no response survives: every row is dropped and counted.
    o.seqLen = 3;
    const auto none = ls::tokenizeDataset(ds, tok, o);
    CHECK_EQ(none.examples.size(), size_t(0));
    CHECK_EQ(none.droppedNoTarget, 3);
    CHECK_EQ(none.truncated, 3);
}

TEST_CASE("packing makes sequences of exactly seqLen and keeps every label") {
    const auto tok = tokenizer("llama3");
    const auto t = ls::tokenizeDataset(ls::loadDataset(data("alpaca.jsonl")), tok, {});
    size_t total = 0;
    std::vector<int32_t> allLabels;
    for (const auto& ex : t.examples) {
        total += ex.inputIds.size();
        allLabels.insert(allLabels.end(), ex.labels.begin(), ex.labels.end());
    }
    const int seqLen = 16;
    const auto packed = ls::packExamples(t.examples, seqLen, 0);
    CHECK_EQ(packed.size(), (total + seqLen - 1) / seqLen);
    std::vector<int32_t> packedLabels;
    for (const auto& p : packed) {
        CHECK_EQ(p.inputIds.size(), size_t(seqLen));
        CHECK_EQ(p.labels.size(), size_t(seqLen));
        packedLabels.insert(packedLabels.end(), p.labels.begin(), p.labels.end());
    }
    for (size_t i = total; i < packedLabels.size(); ++i) CHECK_EQ(packedLabels[i], ls::kIgnoreLabel);
    packedLabels.resize(total);
    CHECK(packedLabels == allLabels);
}

TEST_CASE("split is deterministic per seed and disjoint") {
    const auto a = ls::splitIndices(100, 0.1, 7);
    const auto b = ls::splitIndices(100, 0.1, 7);
    const auto c = ls::splitIndices(100, 0.1, 8);
    CHECK(a.eval == b.eval);
    CHECK(a.train == b.train);
    CHECK(a.eval != c.eval);
    CHECK_EQ(a.eval.size(), size_t(10));
    CHECK_EQ(a.train.size(), size_t(90));
    std::set<size_t> all(a.train.begin(), a.train.end());
    all.insert(a.eval.begin(), a.eval.end());
    CHECK_EQ(all.size(), size_t(100));
    CHECK_EQ(ls::splitIndices(3, 0.01, 1).eval.size(), size_t(1));  // a fraction > 0 holds out at least one
    CHECK_EQ(ls::splitIndices(5, 0.0, 1).eval.size(), size_t(0));
    CHECK_THROWS_WITH(ls::splitIndices(5, 1.5, 1), "eval fraction");

    ls::DataOptions o;
    o.evalFraction = 0.34;
    o.pack = true;
    o.seqLen = 32;
    const auto tok = tokenizer("qwen2");
    const auto d1 = ls::prepareTrainingData(data("alpaca.jsonl"), tok, o);
    const auto d2 = ls::prepareTrainingData(data("alpaca.jsonl"), tok, o);
    CHECK_EQ(d1.rows, 3);
    CHECK(!d1.eval.empty());
    CHECK_EQ(d1.train.size(), d2.train.size());
    for (size_t i = 0; i < d1.train.size() && i < d2.train.size(); ++i)
        CHECK(d1.train[i].inputIds == d2.train[i].inputIds);
    for (const auto& ex : d1.train) CHECK_EQ(ex.inputIds.size(), size_t(32));
}

TEST_CASE("preview: format, rows, parts, histogram, truncation") {
    const auto tok = tokenizer("llama3");
    ls::DataOptions o;
    const auto full = ls::tokenizeDataset(ls::loadDataset(data("alpaca.jsonl")), tok, o);
    o.seqLen = full.rowLengths[1] - 1;  // only the longest rows are cut
    const auto p = ls::previewDataset(data("alpaca.jsonl"), tok, o, 2, 4);
    CHECK(p.format == ls::DataFormat::Alpaca);
    CHECK(p.resolvedTemplate == ls::PromptTemplate::Llama3);
    CHECK_EQ(p.rowCount, 3);
    REQUIRE(p.rows.size() == 2);
    CHECK_EQ(p.rows[1].line, 2);
    CHECK_EQ(p.rows[0].response, std::string("Hello there.<|eot_id|>"));
    CHECK(p.rows[0].prompt.find("Say hello.") != std::string::npos);
    REQUIRE(p.histogram.size() == 4);
    int counted = 0;
    for (const auto& b : p.histogram) counted += b.count;
    CHECK_EQ(counted, 3);
    CHECK(p.histogram.back().hi > p.maxLength);
    CHECK_EQ(p.maxLength, full.rowLengths[1]);
    int longer = 0;
    for (int l : full.rowLengths) longer += l > o.seqLen;
    CHECK_EQ(p.truncated, longer);
    CHECK_EQ(ls::dataFormatName(p.format), std::string("alpaca"));
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
