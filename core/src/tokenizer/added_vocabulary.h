// Added tokens of tokenizer.json ("added_tokens"): found in the raw text (or, for normalized ones, in the
// normalized text) before pre-tokenization, leftmost-longest, honouring single_word, lstrip and rstrip.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "lorastudio/tokenizer.h"
#include "tokenizer/json_reader.h"

namespace ls::tok {

class BpeModel;
class Normalizer;

struct AddedToken {
    std::string content;
    TokenId id = -1;
    bool special = false;
    bool singleWord = false;
    bool lstrip = false;
    bool rstrip = false;
    bool normalized = true;
};

class AddedVocabulary {
public:
    // Ids are given as the library gives them: the model's id when the content is in the vocab, else the
    // next id after the model vocab; a different "id" in the file is an error.
    void load(const json& list, const JsonReader& reader, const BpeModel& model, const Normalizer* normalizer);

    struct Span {
        size_t begin, end;
        TokenId id;  // -1: plain text
    };
    // Spans covering text: added tokens (non-normalized ones, or normalized ones when `normalized`) and text.
    std::vector<Span> split(const std::string& text, bool normalized) const;

    const AddedToken* byId(TokenId id) const;
    std::optional<TokenId> idOf(const std::string& content) const;
    bool isSpecialContent(const std::string& content) const { return m_specialContents.count(content) > 0; }
    const std::vector<AddedToken>& tokens() const { return m_tokens; }

private:
    struct Matcher {
        // First byte -> (pattern, token index), longest pattern first.
        std::unordered_map<unsigned char, std::vector<std::pair<std::string, size_t>>> byFirst;
    };
    std::vector<AddedToken> m_tokens;
    std::unordered_map<TokenId, size_t> m_byId;
    std::unordered_map<std::string, size_t> m_byContent;
    std::unordered_set<std::string> m_specialContents;
    Matcher m_raw;         // normalized == false, matched on the raw text
    Matcher m_normalized;  // normalized == true, matched (as normalized) on the normalized text
};

}  // namespace ls::tok
