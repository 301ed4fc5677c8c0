// The pre-tokenizer factory, Sequence, and the split behaviors shared by Split and Metaspace.
#include "tokenizer/pretokenizers.h"

namespace ls::tok {
namespace {

constexpr int kMaxNesting = 32;

class SequencePreTokenizer : public PreTokenizer {
public:
    explicit SequencePreTokenizer(std::vector<std::unique_ptr<PreTokenizer>> steps) : m_steps(std::move(steps)) {}
    void apply(std::vector<Piece>& pieces) const override {
        for (const auto& s : m_steps) s->apply(pieces);
    }

private:
    std::vector<std::unique_ptr<PreTokenizer>> m_steps;
};

}  // namespace

std::vector<SplitMatch> withGaps(const std::vector<std::pair<size_t, size_t>>& matches, size_t textSize) {
    std::vector<SplitMatch> out;
    if (textSize == 0) {
        out.push_back({0, 0, false});
        return out;
    }
    size_t prev = 0;
    for (const auto& [b, e] : matches) {
        if (prev != b) out.push_back({prev, b, false});
        out.push_back({b, e, true});
        prev = e;
    }
    if (prev != textSize) out.push_back({prev, textSize, false});
    return out;
}

void splitByBehavior(const Piece& piece, std::vector<SplitMatch> matches, SplitBehavior behavior,
                     std::vector<Piece>& out) {
    std::vector<std::pair<size_t, size_t>> parts;
    switch (behavior) {
        case SplitBehavior::Removed:
            for (const auto& m : matches)
                if (!m.isMatch) parts.emplace_back(m.begin, m.end);
            break;
        case SplitBehavior::Isolated:
            for (const auto& m : matches) parts.emplace_back(m.begin, m.end);
            break;
        case SplitBehavior::MergedWithPrevious: {
            bool previousMatch = false;
            for (const auto& m : matches) {
                if (m.isMatch && !previousMatch && !parts.empty())
                    parts.back().second = m.end;
                else
                    parts.emplace_back(m.begin, m.end);
                previousMatch = m.isMatch;
            }
            break;
        }
        case SplitBehavior::MergedWithNext: {
            bool previousMatch = false;
            for (auto it = matches.rbegin(); it != matches.rend(); ++it) {
                if (it->isMatch && !previousMatch && !parts.empty())
                    parts.back().first = it->begin;
                else
                    parts.emplace_back(it->begin, it->end);
                previousMatch = it->isMatch;
            }
            std::reverse(parts.begin(), parts.end());
            break;
        }
        case SplitBehavior::Contiguous: {
            bool previousMatch = false;
            for (const auto& m : matches) {
                if (m.isMatch == previousMatch && !parts.empty())
                    parts.back().second = m.end;
                else
                    parts.emplace_back(m.begin, m.end);
                previousMatch = m.isMatch;
            }
            break;
        }
    }
    for (const auto& [b, e] : parts) {
        if (e <= b) continue;
        out.push_back({piece.text.substr(b, e - b), piece.atStart && b == 0});
    }
}

std::unique_ptr<PreTokenizer> makePreTokenizer(const json& v, const JsonReader& reader, const std::string& where,
                                               bool& byteLevel, int depth) {
    if (v.is_null()) return nullptr;
    if (depth > kMaxNesting) reader.fail(where + " nests Sequence too deeply");
    const std::string type = reader.type(v, where);
    if (type == "Sequence") {
        const json& list = reader.array(reader.field(v, "pretokenizers", where), where + ".pretokenizers");
        std::vector<std::unique_ptr<PreTokenizer>> steps;
        for (size_t i = 0; i < list.size(); ++i) {
            auto step = makePreTokenizer(list[i], reader, where + ".pretokenizers[" + std::to_string(i) + "]",
                                         byteLevel, depth + 1);
            if (step) steps.push_back(std::move(step));
        }
        return std::make_unique<SequencePreTokenizer>(std::move(steps));
    }
    if (type == "Split") return makeSplitPreTokenizer(v, reader, where);
    if (type == "ByteLevel") {
        byteLevel = true;
        return makeByteLevelPreTokenizer(v, reader, where);
    }
    if (type == "Metaspace") return makeMetaspacePreTokenizer(v, reader, where);
    reader.fail(where + " has the unsupported type \"" + type + "\"");
}

}  // namespace ls::tok
