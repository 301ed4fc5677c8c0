// Metaspace pre-tokenizer: spaces become the replacement (e.g. "▁"), an optional prefix, optional split.
#include "tokenizer/metaspace.h"
#include "tokenizer/pretokenizers.h"

namespace ls::tok {
namespace {

class MetaspacePreTokenizer : public PreTokenizer {
public:
    explicit MetaspacePreTokenizer(MetaspaceOptions o) : m_o(std::move(o)) {}

    void apply(std::vector<Piece>& pieces) const override {
        std::vector<Piece> out;
        out.reserve(pieces.size() * 4);
        for (Piece& p : pieces) {
            std::string text;
            text.reserve(p.text.size() + m_o.replacement.size());
            for (char c : p.text) {
                if (c == ' ')
                    text += m_o.replacement;
                else
                    text.push_back(c);
            }
            const bool startsWith = text.compare(0, m_o.replacement.size(), m_o.replacement) == 0;
            const bool prepend =
                m_o.scheme == PrependScheme::Always || (m_o.scheme == PrependScheme::First && p.atStart);
            if (prepend && !startsWith && !text.empty()) text.insert(0, m_o.replacement);
            Piece piece{std::move(text), p.atStart};
            if (!m_o.split) {
                if (!piece.text.empty()) out.push_back(std::move(piece));
                continue;
            }
            std::vector<std::pair<size_t, size_t>> matches;
            const std::string& r = m_o.replacement;
            for (size_t pos = piece.text.find(r); pos != std::string::npos; pos = piece.text.find(r, pos + r.size()))
                matches.emplace_back(pos, pos + r.size());
            splitByBehavior(piece, withGaps(matches, piece.text.size()), SplitBehavior::MergedWithNext, out);
        }
        pieces = std::move(out);
    }

private:
    MetaspaceOptions m_o;
};

}  // namespace

std::unique_ptr<PreTokenizer> makeMetaspacePreTokenizer(const json& v, const JsonReader& reader,
                                                        const std::string& where) {
    return std::make_unique<MetaspacePreTokenizer>(parseMetaspaceOptions(v, reader, where));
}

}  // namespace ls::tok
