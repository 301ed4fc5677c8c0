#include "tokenizer/string_pattern.h"

namespace ls::tok {

ReplacePattern::ReplacePattern(const json& pattern, std::string content, const JsonReader& reader,
                               const std::string& where)
    : m_content(std::move(content)) {
    reader.object(pattern, where + ".pattern");
    if (pattern.contains("String")) {
        m_literal = reader.string(pattern["String"], where + ".pattern.String");
        if (m_literal.empty()) reader.fail(where + ".pattern.String is empty");
    } else if (pattern.contains("Regex")) {
        m_regex = std::make_unique<Regex>(reader.string(pattern["Regex"], where + ".pattern.Regex"), reader.source());
    } else {
        reader.fail(where + ".pattern must have \"String\" or \"Regex\"");
    }
}

std::string ReplacePattern::apply(const std::string& text) const {
    std::string out;
    size_t prev = 0;
    if (m_regex) {
        for (const auto& [b, e] : m_regex->findAll(text)) {
            out.append(text, prev, b - prev);
            out += m_content;
            prev = e;
        }
    } else {
        for (size_t pos = text.find(m_literal); pos != std::string::npos; pos = text.find(m_literal, prev)) {
            out.append(text, prev, pos - prev);
            out += m_content;
            prev = pos + m_literal.size();
        }
    }
    out.append(text, prev, std::string::npos);
    return out;
}

}  // namespace ls::tok
