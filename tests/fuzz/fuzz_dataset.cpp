// Training data files (JSON array or JSONL lines): parseDataset, then what training and the Data page do
// with accepted rows: tokenize with the demo model's tokenizer in one of the prompt templates (chosen by the
// input's length), truncate to a short sequence, pack, split, preview.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_common.h"
#include "lorastudio/dataset.h"
#include "lorastudio/tokenizer.h"

namespace {
const ls::Tokenizer& demoTokenizer() {
    static const ls::Tokenizer tok = ls::Tokenizer::fromFile(LS_FUZZ_TOKENIZER);
    return tok;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string content(reinterpret_cast<const char*>(data), size);
    const std::string source = "fuzz/data.jsonl";
    const ls::Tokenizer& tok = demoTokenizer();
    ls::DataOptions options;
    options.seqLen = 48;
    options.maxLineBytes = 64 << 10;  // the real limit is 16 MiB; small here so that the check is reached
    options.maxJsonFileBytes = 256 << 10;
    static const ls::PromptTemplate kTemplates[] = {ls::PromptTemplate::Auto, ls::PromptTemplate::Llama3,
                                                    ls::PromptTemplate::ChatML, ls::PromptTemplate::Inst,
                                                    ls::PromptTemplate::Plain};
    options.promptTemplate = kTemplates[size % 5];
    options.pack = size % 2 == 0;
    ls::Dataset ds;
    if (!lsfuzz::accepts(source, [&] { ds = ls::parseDataset(content, source, options); })) return 0;
    lsfuzz::check(!ds.rows.empty(), "an accepted dataset has no rows");
    // A template chosen by hand may need special tokens the tokenizer lacks: that error names the template.
    lsfuzz::acceptsWithPrefixes({source + ": ", "prompt template '"}, [&] {
        const ls::TokenizedData t = ls::tokenizeDataset(ds, tok, options);
        for (const auto& ex : t.examples) {
            lsfuzz::check(ex.inputIds.size() == ex.labels.size(), "labels and ids differ in length");
            lsfuzz::check(ex.inputIds.size() <= static_cast<std::size_t>(options.seqLen), "example longer than seqLen");
        }
        const auto packed = ls::packExamples(t.examples, options.seqLen, 0);
        for (const auto& ex : packed)
            lsfuzz::check(ex.inputIds.size() == static_cast<std::size_t>(options.seqLen), "packed row not seqLen");
        const ls::SplitIndices split = ls::splitIndices(t.examples.size(), 0.25, 7);
        lsfuzz::check(split.train.size() + split.eval.size() == t.examples.size(), "split lost examples");
        const ls::DataPreview p = ls::previewDataset(ds, tok, options, 3, 4);
        lsfuzz::check(p.rowCount == static_cast<int>(ds.rows.size()), "preview row count");
    });
    return 0;
}
