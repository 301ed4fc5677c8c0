// The parsed form of a pre-tokenizer regex: a small backtracking subset of Oniguruma over code points.
#pragma once

#include <cstdint>
#include <vector>

namespace ls::tok {

struct ClassItem {
    enum class Kind : uint8_t { Range, Categories, Space, Word };
    Kind kind = Kind::Range;
    bool negated = false;
    char32_t lo = 0, hi = 0;  // Range
    uint32_t mask = 0;        // Categories: bit per ls::tok::Category
};

// One code point test: a literal, a bracket class, an escape such as \s or \p{L}, or '.'.
struct CharClass {
    std::vector<ClassItem> items;
    bool negated = false;
    bool icase = false;
    bool matches(char32_t cp) const;
};

struct Node;
using Seq = std::vector<Node>;

struct Node {
    enum class Kind : uint8_t { Char, Group, Repeat, Look, Assert };
    enum class Anchor : uint8_t { LineStart, LineEnd, TextStart, TextEnd, TextEndNewline };
    Kind kind = Kind::Char;
    CharClass cls;          // Char
    std::vector<Seq> alts;  // Group and Look: alternatives; Repeat: alts[0] is the repeated sequence
    bool atomic = false;    // Group: (?>...)
    bool negate = false;    // Look: (?!...)
    int min = 0, max = -1;  // Repeat; max -1 = unbounded
    bool greedy = true;     // Repeat: false for lazy (*?)
    bool possessive = false;
    Anchor anchor = Anchor::TextStart;  // Assert
};

struct RegexProgram {
    std::vector<Seq> alts;
};

}  // namespace ls::tok
