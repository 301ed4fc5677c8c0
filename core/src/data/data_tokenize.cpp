// Tokenizing rendered rows into masked examples, packing, the train/eval split and the preview.
#include <algorithm>
#include <cmath>

#include "data/data_render.h"
#include "lorastudio/dataset.h"
#include "lorastudio/error.h"

namespace ls {

namespace {

Example tokenizeRow(const DataRow& row, DataFormat format, PromptTemplate t, const Tokenizer& tok) {
    Example ex;
    for (const auto& p : data::renderPieces(row, format, t, tok)) {
        std::vector<TokenId> ids = p.id >= 0 ? std::vector<TokenId>{p.id} : tok.encode(p.text, false);
        for (TokenId id : ids) {
            ex.inputIds.push_back(id);
            ex.labels.push_back(p.trained ? id : kIgnoreLabel);
        }
    }
    return ex;
}

uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void checkOptions(const DataOptions& o) {
    LS_CHECK(o.seqLen >= 2, "sequence length must be at least 2 (got " + std::to_string(o.seqLen) + ")");
    LS_CHECK(o.evalFraction >= 0.0 && o.evalFraction < 1.0, "eval fraction must be in [0, 1)");
}

}  // namespace

std::vector<TokenId> promptTokens(const std::string& instruction, const Tokenizer& tok, PromptTemplate requested) {
    DataRow row;
    row.instruction = instruction;
    const PromptTemplate t = resolveTemplate(tok, DataFormat::Alpaca, requested);
    std::vector<TokenId> ids;
    for (const auto& p : data::renderPieces(row, DataFormat::Alpaca, t, tok)) {
        if (p.trained) break;
        const std::vector<TokenId> piece = p.id >= 0 ? std::vector<TokenId>{p.id} : tok.encode(p.text, false);
        ids.insert(ids.end(), piece.begin(), piece.end());
    }
    return ids;
}

TokenizedData tokenizeDataset(const Dataset& data, const Tokenizer& tok, const DataOptions& options) {
    checkOptions(options);
    TokenizedData out;
    out.resolvedTemplate = resolveTemplate(tok, data.format, options.promptTemplate);
    for (const DataRow& row : data.rows) {
        Example ex = tokenizeRow(row, data.format, out.resolvedTemplate, tok);
        out.rowLengths.push_back(static_cast<int>(ex.inputIds.size()));
        if (ex.inputIds.size() > size_t(options.seqLen)) {
            ++out.truncated;
            ex.inputIds.resize(options.seqLen);
            ex.labels.resize(options.seqLen);
        }
        bool anyTarget = std::any_of(ex.labels.begin(), ex.labels.end(), [](int32_t l) { return l != kIgnoreLabel; });
        if (!anyTarget) {
            ++out.droppedNoTarget;
            continue;
        }
        out.examples.push_back(std::move(ex));
    }
    return out;
}

std::vector<Example> packExamples(const std::vector<Example>& examples, int seqLen, TokenId padId) {
    LS_CHECK(seqLen >= 2, "sequence length must be at least 2");
    std::vector<Example> out;
    Example cur;
    for (const Example& ex : examples) {
        for (size_t i = 0; i < ex.inputIds.size(); ++i) {
            cur.inputIds.push_back(ex.inputIds[i]);
            cur.labels.push_back(ex.labels[i]);
            if (cur.inputIds.size() == size_t(seqLen)) out.push_back(std::move(cur)), cur = Example{};
        }
    }
    if (!cur.inputIds.empty()) {
        cur.inputIds.resize(seqLen, padId);
        cur.labels.resize(seqLen, kIgnoreLabel);
        out.push_back(std::move(cur));
    }
    return out;
}

SplitIndices splitIndices(size_t n, double evalFraction, uint64_t seed) {
    LS_CHECK(evalFraction >= 0.0 && evalFraction < 1.0, "eval fraction must be in [0, 1)");
    std::vector<size_t> order(n);
    for (size_t i = 0; i < n; ++i) order[i] = i;
    uint64_t state = seed;
    for (size_t i = n; i > 1; --i) std::swap(order[i - 1], order[splitmix64(state) % i]);
    size_t evalCount = static_cast<size_t>(std::llround(double(n) * evalFraction));
    if (evalFraction > 0.0 && n >= 2 && evalCount == 0) evalCount = 1;
    if (n > 0 && evalCount >= n) evalCount = n - 1;
    SplitIndices s;
    s.eval.assign(order.begin(), order.begin() + evalCount);
    s.train.assign(order.begin() + evalCount, order.end());
    std::sort(s.eval.begin(), s.eval.end());
    std::sort(s.train.begin(), s.train.end());
    return s;
}

TrainingData prepareTrainingData(const std::filesystem::path& file, const Tokenizer& tok, const DataOptions& options) {
    const Dataset data = loadDataset(file, options);
    TokenizedData t = tokenizeDataset(data, tok, options);
    if (t.examples.empty()) failFile(file, "no row keeps a response within the sequence length");
    TrainingData out;
    out.format = data.format;
    out.resolvedTemplate = t.resolvedTemplate;
    out.rows = static_cast<int>(data.rows.size());
    out.truncated = t.truncated;
    out.droppedNoTarget = t.droppedNoTarget;
    SplitIndices s = splitIndices(t.examples.size(), options.evalFraction, options.seed);
    for (size_t i : s.train) out.train.push_back(t.examples[i]);
    for (size_t i : s.eval) out.eval.push_back(t.examples[i]);
    if (options.pack) {
        const TokenId pad = tok.eosId().value_or(0);
        out.train = packExamples(out.train, options.seqLen, pad);
        out.eval = packExamples(out.eval, options.seqLen, pad);
    }
    return out;
}

DataPreview previewDataset(const Dataset& data, const Tokenizer& tok, const DataOptions& options, int firstRows,
                           int bins) {
    DataPreview p;
    p.format = data.format;
    p.rowCount = static_cast<int>(data.rows.size());
    TokenizedData t = tokenizeDataset(data, tok, options);
    p.resolvedTemplate = t.resolvedTemplate;
    p.truncated = t.truncated;
    for (int i = 0; i < firstRows && size_t(i) < data.rows.size(); ++i) {
        PreviewRow r;
        r.line = data.rows[i].line;
        r.parts = renderRow(data.rows[i], data.format, t.resolvedTemplate, tok);
        for (const auto& part : r.parts) (part.trained ? r.response : r.prompt) += part.text;
        p.rows.push_back(std::move(r));
    }
    if (!t.rowLengths.empty()) {
        p.minLength = *std::min_element(t.rowLengths.begin(), t.rowLengths.end());
        p.maxLength = *std::max_element(t.rowLengths.begin(), t.rowLengths.end());
        double sum = 0;
        for (int l : t.rowLengths) sum += l;
        p.meanLength = sum / double(t.rowLengths.size());
    }
    bins = std::max(bins, 1);
    const int width = std::max(1, (p.maxLength + bins) / bins);  // bins cover 0 .. maxLength
    for (int b = 0; b < bins; ++b) p.histogram.push_back({b * width, (b + 1) * width, 0});
    for (int l : t.rowLengths) p.histogram[std::min(bins - 1, l / width)].count++;
    return p;
}

DataPreview previewDataset(const std::filesystem::path& file, const Tokenizer& tok, const DataOptions& options,
                           int firstRows, int bins) {
    return previewDataset(loadDataset(file, options), tok, options, firstRows, bins);
}

}  // namespace ls
