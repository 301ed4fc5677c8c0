#include "tokenizer/normalizers.h"

#include <vector>

#include "tokenizer/string_pattern.h"
#include "tokenizer/unicode.h"
#include "tokenizer/unicode_normalize.h"

namespace ls::tok {
namespace {

constexpr int kMaxNesting = 32;

class NfcNormalizer : public Normalizer {
public:
    std::string normalize(const std::string& text) const override { return nfc(text); }
};

class NfdNormalizer : public Normalizer {
public:
    std::string normalize(const std::string& text) const override { return nfd(text); }
};

class PrependNormalizer : public Normalizer {
public:
    explicit PrependNormalizer(std::string prefix) : m_prefix(std::move(prefix)) {}
    std::string normalize(const std::string& text) const override { return text.empty() ? text : m_prefix + text; }

private:
    std::string m_prefix;
};

class ReplaceNormalizer : public Normalizer {
public:
    explicit ReplaceNormalizer(ReplacePattern p) : m_pattern(std::move(p)) {}
    std::string normalize(const std::string& text) const override { return m_pattern.apply(text); }

private:
    ReplacePattern m_pattern;
};

class StripNormalizer : public Normalizer {
public:
    StripNormalizer(bool left, bool right) : m_left(left), m_right(right) {}
    std::string normalize(const std::string& text) const override {
        const CodePoints cp = decodeAll(text);
        size_t b = 0, e = cp.cps.size();
        if (m_left)
            while (b < e && isWhiteSpace(cp.cps[b])) ++b;
        if (m_right)
            while (e > b && isWhiteSpace(cp.cps[e - 1])) --e;
        return text.substr(cp.offsets[b], cp.offsets[e] - cp.offsets[b]);
    }

private:
    bool m_left, m_right;
};

class SequenceNormalizer : public Normalizer {
public:
    explicit SequenceNormalizer(std::vector<std::unique_ptr<Normalizer>> steps) : m_steps(std::move(steps)) {}
    std::string normalize(const std::string& text) const override {
        std::string s = text;
        for (const auto& n : m_steps) s = n->normalize(s);
        return s;
    }

private:
    std::vector<std::unique_ptr<Normalizer>> m_steps;
};

}  // namespace

std::unique_ptr<Normalizer> makeNormalizer(const json& v, const JsonReader& reader, const std::string& where,
                                           int depth) {
    if (v.is_null()) return nullptr;
    if (depth > kMaxNesting) reader.fail(where + " nests Sequence too deeply");
    const std::string type = reader.type(v, where);
    if (type == "NFC") return std::make_unique<NfcNormalizer>();
    if (type == "NFD") return std::make_unique<NfdNormalizer>();
    if (type == "Prepend")
        return std::make_unique<PrependNormalizer>(
            reader.string(reader.field(v, "prepend", where), where + ".prepend"));
    if (type == "Replace") {
        std::string content = reader.string(reader.field(v, "content", where), where + ".content");
        return std::make_unique<ReplaceNormalizer>(
            ReplacePattern(reader.field(v, "pattern", where), std::move(content), reader, where));
    }
    if (type == "Strip")
        return std::make_unique<StripNormalizer>(reader.boolOr(v, "strip_left", where, true),
                                                 reader.boolOr(v, "strip_right", where, true));
    if (type == "Sequence") {
        const json& list = reader.array(reader.field(v, "normalizers", where), where + ".normalizers");
        std::vector<std::unique_ptr<Normalizer>> steps;
        for (size_t i = 0; i < list.size(); ++i) {
            auto n = makeNormalizer(list[i], reader, where + ".normalizers[" + std::to_string(i) + "]", depth + 1);
            if (n) steps.push_back(std::move(n));
        }
        return std::make_unique<SequenceNormalizer>(std::move(steps));
    }
    reader.fail(where + " has the unsupported type \"" + type + "\"");
}

}  // namespace ls::tok
