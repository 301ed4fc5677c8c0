// Split pre-tokenizer: a Regex or String pattern with a split behavior and optional inversion.
#include <algorithm>
#include <cctype>

#include "tokenizer/pretokenizers.h"
#include "tokenizer/regex.h"

namespace ls::tok {
namespace {

class SplitPreTokenizer : public PreTokenizer {
public:
    SplitPreTokenizer(std::unique_ptr<Regex> regex, std::string literal, SplitBehavior behavior, bool invert)
        : m_regex(std::move(regex)), m_literal(std::move(literal)), m_behavior(behavior), m_invert(invert) {}

    void apply(std::vector<Piece>& pieces) const override {
        std::vector<Piece> out;
        out.reserve(pieces.size() * 4);
        for (const Piece& p : pieces) {
            auto matches = withGaps(m_regex ? m_regex->findAll(p.text) : literalMatches(p.text), p.text.size());
            if (m_invert)
                for (auto& m : matches) m.isMatch = !m.isMatch;
            splitByBehavior(p, std::move(matches), m_behavior, out);
        }
        pieces = std::move(out);
    }

private:
    std::vector<std::pair<size_t, size_t>> literalMatches(const std::string& text) const {
        std::vector<std::pair<size_t, size_t>> out;
        for (size_t pos = text.find(m_literal); pos != std::string::npos; pos = text.find(m_literal, pos)) {
            out.emplace_back(pos, pos + m_literal.size());
            pos += m_literal.size();
        }
        return out;
    }

    std::unique_ptr<Regex> m_regex;
    std::string m_literal;
    SplitBehavior m_behavior;
    bool m_invert;
};

SplitBehavior parseSplitBehavior(const std::string& name, const JsonReader& reader, const std::string& where) {
    std::string n = name;
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (n == "removed") return SplitBehavior::Removed;
    if (n == "isolated") return SplitBehavior::Isolated;
    if (n == "mergedwithprevious" || n == "merged_with_previous") return SplitBehavior::MergedWithPrevious;
    if (n == "mergedwithnext" || n == "merged_with_next") return SplitBehavior::MergedWithNext;
    if (n == "contiguous") return SplitBehavior::Contiguous;
    reader.fail(where + ".behavior has the unknown value \"" + name + "\"");
}

}  // namespace

std::unique_ptr<PreTokenizer> makeSplitPreTokenizer(const json& v, const JsonReader& reader, const std::string& where) {
    const json& pattern = reader.object(reader.field(v, "pattern", where), where + ".pattern");
    std::unique_ptr<Regex> regex;
    std::string literal;
    if (pattern.contains("Regex")) {
        regex = std::make_unique<Regex>(reader.string(pattern["Regex"], where + ".pattern.Regex"), reader.source());
    } else if (pattern.contains("String")) {
        literal = reader.string(pattern["String"], where + ".pattern.String");
        if (literal.empty()) reader.fail(where + ".pattern.String is empty");
    } else {
        reader.fail(where + ".pattern must have \"Regex\" or \"String\"");
    }
    const SplitBehavior behavior =
        parseSplitBehavior(reader.string(reader.field(v, "behavior", where), where + ".behavior"), reader, where);
    const bool invert = reader.boolOr(v, "invert", where, false);
    return std::make_unique<SplitPreTokenizer>(std::move(regex), std::move(literal), behavior, invert);
}

}  // namespace ls::tok
