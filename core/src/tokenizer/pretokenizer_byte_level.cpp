// ByteLevel pre-tokenizer: optional prefix space, optional GPT-2 regex split, then bytes -> printable chars.
#include "tokenizer/byte_level.h"
#include "tokenizer/pretokenizers.h"
#include "tokenizer/regex.h"

namespace ls::tok {
namespace {

const char* const kGpt2Pattern = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

class ByteLevelPreTokenizer : public PreTokenizer {
public:
    ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex, const std::string& source)
        : m_addPrefixSpace(addPrefixSpace) {
        if (useRegex) m_regex = std::make_unique<Regex>(kGpt2Pattern, source);
    }

    void apply(std::vector<Piece>& pieces) const override {
        std::vector<Piece> split;
        split.reserve(pieces.size() * 4);
        for (Piece& p : pieces) {
            if (m_addPrefixSpace && (p.text.empty() || p.text[0] != ' ')) p.text.insert(p.text.begin(), ' ');
            if (m_regex) {
                splitByBehavior(p, withGaps(m_regex->findAll(p.text), p.text.size()), SplitBehavior::Isolated, split);
            } else if (!p.text.empty()) {
                split.push_back(std::move(p));
            }
        }
        for (Piece& p : split) p.text = bytesToByteLevel(p.text);
        pieces = std::move(split);
    }

private:
    bool m_addPrefixSpace;
    std::unique_ptr<Regex> m_regex;
};

}  // namespace

std::unique_ptr<PreTokenizer> makeByteLevelPreTokenizer(const json& v, const JsonReader& reader,
                                                        const std::string& where) {
    return std::make_unique<ByteLevelPreTokenizer>(reader.boolOr(v, "add_prefix_space", where, true),
                                                   reader.boolOr(v, "use_regex", where, true), reader.source());
}

}  // namespace ls::tok
