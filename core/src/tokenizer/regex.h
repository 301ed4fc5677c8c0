// A backtracking regex engine for the pre-tokenizer patterns of tokenizer.json (GPT-2, Llama 3, Qwen2 and
// similar): leftmost matches, first alternative wins, as Oniguruma. Works on code points; invalid UTF-8
// bytes are single "unassigned" characters. Supported: alternation, (...) (?:...) (?i:...) (?-i:...)
// (?>...) (?=...) (?!...), classes with ranges, negation, \p{..} \P{..} \s \S \d \D \w \W, '.', ^ $ \A \z \Z,
// quantifiers ? * + {m} {m,} {m,n} with lazy (?) and possessive (+) forms. Anything else is an ls::Error.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ls::tok {

struct RegexProgram;

class Regex {
public:
    // `source` names the file in errors ("<source>: regex ...").
    Regex(const std::string& pattern, const std::string& source);

    // All matches as Oniguruma's find_iter gives them: (begin, end) byte offsets into text.
    // Throws ls::Error when the pattern backtracks too much on this text.
    std::vector<std::pair<size_t, size_t>> findAll(const std::string& text) const;

    const std::string& pattern() const { return m_pattern; }

private:
    std::string m_pattern;
    std::string m_source;
    std::shared_ptr<const RegexProgram> m_program;
};

// Parses pattern into a program; throws ls::Error("<source>: ...") on unsupported or bad syntax.
std::shared_ptr<const RegexProgram> parseRegex(const std::string& pattern, const std::string& source);

}  // namespace ls::tok
