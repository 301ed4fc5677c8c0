// The BPE model of tokenizer.json: vocab, ranked merges, byte_fallback, unk (fused or not), ignore_merges,
// continuing_subword_prefix and end_of_word_suffix. Merging follows the library: lowest rank first, then
// leftmost.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "lorastudio/tokenizer.h"
#include "tokenizer/json_reader.h"

namespace ls::tok {

class BpeModel {
public:
    // model object of tokenizer.json. Ids must be distinct and below 2 * entries + 1024.
    BpeModel(const json& model, const JsonReader& reader);

    // Appends the ids of one pre-tokenized word.
    void tokenize(const std::string& word, std::vector<TokenId>& out) const;

    std::optional<TokenId> tokenToId(const std::string& token) const;
    const std::string* idToToken(TokenId id) const;  // nullptr when unknown
    size_t vocabSize() const { return m_vocab.size(); }
    bool byteFallback() const { return m_byteFallback; }
    const std::unordered_map<std::string, TokenId>& vocab() const { return m_vocab; }

private:
    struct Merge {
        uint32_t rank;
        TokenId newId;
    };
    static uint64_t pairKey(TokenId a, TokenId b) {
        return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
    }
    void mergeAll(std::vector<TokenId>& ids) const;

    std::unordered_map<std::string, TokenId> m_vocab;
    std::vector<const std::string*> m_idToToken;  // points into m_vocab's keys
    std::unordered_map<uint64_t, Merge> m_merges;
    std::optional<TokenId> m_unkId;
    std::string m_prefix;  // continuing_subword_prefix
    std::string m_suffix;  // end_of_word_suffix
    bool m_fuseUnk = false;
    bool m_byteFallback = false;
    bool m_ignoreMerges = false;
    TokenId m_byteIds[256];  // <0xNN>, -1 when missing
};

}  // namespace ls::tok
