#include "tokenizer/bpe_model.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <queue>

#include "tokenizer/unicode.h"

namespace ls::tok {

BpeModel::BpeModel(const json& model, const JsonReader& reader) {
    const std::string where = "model";
    const json& vocab = reader.object(reader.field(model, "vocab", where), "model.vocab");
    // Ids may have gaps, but never so many that the id table outgrows the data.
    const int64_t maxId = std::min<int64_t>(2 * static_cast<int64_t>(vocab.size()) + 1024, INT32_MAX - 1);
    m_vocab.reserve(vocab.size());
    TokenId largest = -1;
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
        const auto id = static_cast<TokenId>(reader.integer(it.value(), "model.vocab[\"" + it.key() + "\"]", 0, maxId));
        m_vocab.emplace(it.key(), id);
        largest = std::max(largest, id);
    }
    // Sized by the largest id, which is at most maxId (bounded by the number of entries).
    m_idToToken.assign(static_cast<size_t>(largest + 1), nullptr);
    for (const auto& [token, id] : m_vocab) {
        if (m_idToToken[id])
            reader.fail("model.vocab gives id " + std::to_string(id) + " to both \"" + *m_idToToken[id] + "\" and \"" +
                        token + "\"");
        m_idToToken[id] = &token;
    }

    if (const json* d = reader.optional(model, "dropout", where)) {
        if (!d->is_number()) reader.fail("model.dropout must be a number or null");
        if (d->get<double>() != 0.0) reader.fail("model.dropout is not supported (only null or 0)");
    }
    m_fuseUnk = reader.boolOr(model, "fuse_unk", where, false);
    m_byteFallback = reader.boolOr(model, "byte_fallback", where, false);
    m_ignoreMerges = reader.boolOr(model, "ignore_merges", where, false);
    m_prefix = reader.stringOr(model, "continuing_subword_prefix", where, "");
    m_suffix = reader.stringOr(model, "end_of_word_suffix", where, "");
    if (const json* unk = reader.optional(model, "unk_token", where)) {
        const std::string name = reader.string(*unk, "model.unk_token");
        auto it = m_vocab.find(name);
        if (it == m_vocab.end()) reader.fail("model.unk_token \"" + name + "\" is not in model.vocab");
        m_unkId = it->second;
    }
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        auto it = m_vocab.find(name);
        m_byteIds[b] = it == m_vocab.end() ? -1 : it->second;
    }

    const json& merges = reader.array(reader.field(model, "merges", where), "model.merges");
    m_merges.reserve(merges.size());
    for (size_t rank = 0; rank < merges.size(); ++rank) {
        const json& m = merges[rank];
        const std::string at = "model.merges[" + std::to_string(rank) + "]";
        std::string a, b;
        if (m.is_string()) {
            const std::string s = m.get<std::string>();
            const size_t space = s.find(' ');
            if (space == std::string::npos) reader.fail(at + " must be \"left right\"");
            a = s.substr(0, space);
            b = s.substr(space + 1);
        } else if (m.is_array() && m.size() == 2) {
            a = reader.string(m[0], at + "[0]");
            b = reader.string(m[1], at + "[1]");
        } else {
            reader.fail(at + " must be a string \"left right\" or a pair [\"left\", \"right\"]");
        }
        auto ia = m_vocab.find(a), ib = m_vocab.find(b);
        if (ia == m_vocab.end()) reader.fail(at + " names \"" + a + "\", which is not in model.vocab");
        if (ib == m_vocab.end()) reader.fail(at + " names \"" + b + "\", which is not in model.vocab");
        std::string merged = a;
        if (!m_prefix.empty()) {
            if (b.compare(0, m_prefix.size(), m_prefix) != 0)
                reader.fail(at + ": \"" + b + "\" lacks the continuing_subword_prefix");
            merged.append(b, m_prefix.size(), std::string::npos);
        } else {
            merged += b;
        }
        auto im = m_vocab.find(merged);
        if (im == m_vocab.end()) reader.fail(at + " makes \"" + merged + "\", which is not in model.vocab");
        m_merges[pairKey(ia->second, ib->second)] = Merge{static_cast<uint32_t>(rank), im->second};
    }
}

std::optional<TokenId> BpeModel::tokenToId(const std::string& token) const {
    auto it = m_vocab.find(token);
    if (it == m_vocab.end()) return std::nullopt;
    return it->second;
}

const std::string* BpeModel::idToToken(TokenId id) const {
    if (id < 0 || static_cast<size_t>(id) >= m_idToToken.size()) return nullptr;
    return m_idToToken[id];
}

void BpeModel::tokenize(const std::string& word, std::vector<TokenId>& out) const {
    if (word.empty()) return;
    if (m_ignoreMerges) {
        auto it = m_vocab.find(word);
        if (it != m_vocab.end()) {
            out.push_back(it->second);
            return;
        }
    }
    // One symbol per character (an invalid UTF-8 byte counts as a character).
    std::vector<TokenId> ids;
    ids.reserve(word.size());
    std::optional<TokenId> pendingUnk;
    std::string piece;
    for (size_t pos = 0; pos < word.size();) {
        const size_t start = pos;
        decodeNext(word, pos);
        piece.clear();
        if (start != 0) piece += m_prefix;
        piece.append(word, start, pos - start);
        if (pos == word.size()) piece += m_suffix;
        auto it = m_vocab.find(piece);
        if (it != m_vocab.end()) {
            if (pendingUnk) ids.push_back(*pendingUnk);
            pendingUnk.reset();
            ids.push_back(it->second);
            continue;
        }
        if (m_byteFallback) {
            bool all = true;
            for (char c : piece) all = all && m_byteIds[static_cast<unsigned char>(c)] >= 0;
            if (all) {
                // As the library: a pending unk is not flushed here, it lands after these bytes.
                for (char c : piece) ids.push_back(m_byteIds[static_cast<unsigned char>(c)]);
                continue;
            }
        }
        if (m_unkId) {
            if (pendingUnk && !m_fuseUnk) ids.push_back(*pendingUnk);
            pendingUnk = m_unkId;
        }
        // Without unk, byte fallback or a vocab entry the character is dropped (as the library does).
    }
    if (pendingUnk) ids.push_back(*pendingUnk);
    mergeAll(ids);
    out.insert(out.end(), ids.begin(), ids.end());
}

void BpeModel::mergeAll(std::vector<TokenId>& ids) const {
    if (ids.size() < 2 || m_merges.empty()) return;
    struct Symbol {
        TokenId id;
        int prev, next;
        bool alive;
    };
    struct Candidate {
        uint32_t rank;
        int pos;
        TokenId newId;
        bool operator<(const Candidate& o) const {  // priority_queue pops the largest: lowest rank, then pos
            return rank != o.rank ? rank > o.rank : pos > o.pos;
        }
    };
    const int n = static_cast<int>(ids.size());
    std::vector<Symbol> sym(ids.size());
    for (int i = 0; i < n; ++i) sym[i] = {ids[i], i - 1, i + 1 < n ? i + 1 : -1, true};
    std::priority_queue<Candidate> queue;
    auto lookup = [&](TokenId a, TokenId b) -> const Merge* {
        auto it = m_merges.find(pairKey(a, b));
        return it == m_merges.end() ? nullptr : &it->second;
    };
    for (int i = 0; i + 1 < n; ++i)
        if (const Merge* m = lookup(ids[i], ids[i + 1])) queue.push({m->rank, i, m->newId});
    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        Symbol& left = sym[top.pos];
        if (!left.alive || left.next < 0) continue;
        const int rightPos = left.next;
        const Merge* current = lookup(left.id, sym[rightPos].id);
        if (!current || current->newId != top.newId) continue;  // stale entry
        left.id = top.newId;
        sym[rightPos].alive = false;
        left.next = sym[rightPos].next;
        if (left.next >= 0) sym[left.next].prev = top.pos;
        if (left.prev >= 0)
            if (const Merge* m = lookup(sym[left.prev].id, left.id)) queue.push({m->rank, left.prev, m->newId});
        if (left.next >= 0)
            if (const Merge* m = lookup(left.id, sym[left.next].id)) queue.push({m->rank, top.pos, m->newId});
    }
    ids.clear();
    for (const Symbol& s : sym)
        if (s.alive) ids.push_back(s.id);
}

}  // namespace ls::tok
