// The {"String": ...} / {"Regex": ...} pattern of Replace normalizers and decoders.
#pragma once

#include <memory>
#include <string>

#include "tokenizer/json_reader.h"
#include "tokenizer/regex.h"

namespace ls::tok {

class ReplacePattern {
public:
    ReplacePattern(const json& pattern, std::string content, const JsonReader& reader, const std::string& where);
    // text with every match replaced by the content.
    std::string apply(const std::string& text) const;

private:
    std::string m_literal;
    std::unique_ptr<Regex> m_regex;
    std::string m_content;
};

}  // namespace ls::tok
