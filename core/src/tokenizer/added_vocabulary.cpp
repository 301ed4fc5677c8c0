#include "tokenizer/added_vocabulary.h"

#include <algorithm>
#include <climits>

#include "tokenizer/bpe_model.h"
#include "tokenizer/normalizers.h"
#include "tokenizer/unicode.h"

namespace ls::tok {
namespace {

bool isWordChar(char32_t c) { return isAlphanumeric(c) || c == '_'; }

char32_t lastChar(const std::string& s, size_t end) {
    if (end == 0) return 0;
    size_t b = end - 1;
    while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80 && end - b < 4) --b;
    size_t pos = b;
    const char32_t c = decodeNext(s, pos);
    return pos == end ? c : kInvalidByteBase + static_cast<unsigned char>(s[end - 1]);
}

}  // namespace

void AddedVocabulary::load(const json& list, const JsonReader& reader, const BpeModel& model,
                           const Normalizer* normalizer) {
    reader.array(list, "added_tokens");
    TokenId nextId = static_cast<TokenId>(model.vocabSize());
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string where = "added_tokens[" + std::to_string(i) + "]";
        const json& t = reader.object(list[i], where);
        AddedToken tok;
        tok.content = reader.string(reader.field(t, "content", where), where + ".content");
        const auto fileId =
            static_cast<TokenId>(reader.integer(reader.field(t, "id", where), where + ".id", 0, INT32_MAX - 1));
        tok.special = reader.boolOr(t, "special", where, false);
        tok.singleWord = reader.boolOr(t, "single_word", where, false);
        tok.lstrip = reader.boolOr(t, "lstrip", where, false);
        tok.rstrip = reader.boolOr(t, "rstrip", where, false);
        tok.normalized = reader.boolOr(t, "normalized", where, !tok.special);
        if (tok.content.empty() || m_byContent.count(tok.content)) continue;  // the library ignores these
        if (auto id = model.tokenToId(tok.content)) {
            tok.id = *id;
        } else {
            tok.id = nextId++;
        }
        if (tok.id != fileId)
            reader.fail(where + " (\"" + tok.content + "\") has id " + std::to_string(fileId) +
                        ", but the vocabulary gives it id " + std::to_string(tok.id));
        if (tok.special) m_specialContents.insert(tok.content);
        m_byId[tok.id] = m_tokens.size();
        m_byContent[tok.content] = m_tokens.size();
        m_tokens.push_back(tok);
    }
    // The library lists special tokens before the others; with leftmost-longest matching the order only
    // matters for equal patterns, which cannot happen after de-duplication.
    for (size_t i = 0; i < m_tokens.size(); ++i) {
        const AddedToken& t = m_tokens[i];
        std::string pattern = t.content;
        if (t.normalized && normalizer) pattern = normalizer->normalize(pattern);
        if (pattern.empty()) continue;
        Matcher& m = t.normalized ? m_normalized : m_raw;
        m.byFirst[static_cast<unsigned char>(pattern[0])].emplace_back(pattern, i);
    }
    for (Matcher* m : {&m_raw, &m_normalized})
        for (auto& [first, list2] : m->byFirst)
            std::stable_sort(list2.begin(), list2.end(),
                             [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::vector<AddedVocabulary::Span> AddedVocabulary::split(const std::string& text, bool normalized) const {
    const Matcher& m = normalized ? m_normalized : m_raw;
    std::vector<Span> out;
    size_t startOffset = 0;
    size_t pos = 0;
    while (!m.byFirst.empty() && pos < text.size()) {
        auto bucket = m.byFirst.find(static_cast<unsigned char>(text[pos]));
        const std::pair<std::string, size_t>* hit = nullptr;
        if (bucket != m.byFirst.end()) {
            for (const auto& cand : bucket->second) {
                if (text.compare(pos, cand.first.size(), cand.first) == 0) {
                    hit = &cand;
                    break;
                }
            }
        }
        if (!hit) {
            ++pos;
            continue;
        }
        const AddedToken& tok = m_tokens[hit->second];
        size_t start = pos, stop = pos + hit->first.size();
        pos = stop;  // matching resumes after this match even when it is discarded
        if (tok.singleWord) {
            const bool startSpace = start == 0 || !isWordChar(lastChar(text, start));
            size_t p = stop;
            const bool stopSpace = stop == text.size() || !isWordChar(decodeNext(text, p));
            if (!startSpace || !stopSpace) continue;
        }
        if (tok.lstrip) {
            size_t s = start;
            while (s > 0) {
                const char32_t c = lastChar(text, s);
                if (!isWhiteSpace(c)) break;
                s -= c < 0x80 ? 1 : (c < 0x800 ? 2 : (c < 0x10000 ? 3 : 4));
            }
            start = std::max(s, startOffset);
        }
        if (tok.rstrip) {
            size_t p = stop;
            while (p < text.size()) {
                size_t q = p;
                if (!isWhiteSpace(decodeNext(text, q))) break;
                p = q;
            }
            stop = p;
            pos = std::max(pos, stop);
        }
        if (startOffset < start) out.push_back({startOffset, start, -1});
        out.push_back({start, stop, tok.id});
        startOffset = stop;
    }
    if (startOffset < text.size()) out.push_back({startOffset, text.size(), -1});
    return out;
}

const AddedToken* AddedVocabulary::byId(TokenId id) const {
    auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &m_tokens[it->second];
}

std::optional<TokenId> AddedVocabulary::idOf(const std::string& content) const {
    auto it = m_byContent.find(content);
    if (it == m_byContent.end()) return std::nullopt;
    return m_tokens[it->second].id;
}

}  // namespace ls::tok
