// UTF-8 decoding/encoding and Unicode properties for the tokenizer. Text stays std::string (UTF-8 bytes);
// a byte that is not part of valid UTF-8 decodes to kInvalidByteBase + byte, so byte-level steps keep it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ls::tok {

// Unicode general categories (order matches tools/gen_unicode_tables.py).
enum class Category : uint8_t {
    Cn,
    Lu,
    Ll,
    Lt,
    Lm,
    Lo,
    Mn,
    Mc,
    Me,
    Nd,
    Nl,
    No,
    Pc,
    Pd,
    Ps,
    Pe,
    Pi,
    Pf,
    Po,
    Sm,
    Sc,
    Sk,
    So,
    Zs,
    Zl,
    Zp,
    Cc,
    Cf,
    Cs,
    Co,
    Count
};

// Invalid UTF-8 byte b decodes to kInvalidByteBase + b (outside Unicode: no category, never a letter).
constexpr char32_t kInvalidByteBase = 0x110000;

// Decodes the code point at s[pos] and advances pos (by 1 for an invalid byte).
char32_t decodeNext(const std::string& s, size_t& pos);
// Appends cp as UTF-8 (an invalid-byte code point appends its raw byte).
void appendUtf8(std::string& out, char32_t cp);
std::string toUtf8(const std::u32string& cps);

// Code points of s with the byte offset of each (offsets has one extra entry: s.size()).
struct CodePoints {
    std::u32string cps;
    std::vector<size_t> offsets;
};
CodePoints decodeAll(const std::string& s);

bool isValidUtf8(const std::string& s);
// As Rust's String::from_utf8_lossy: each maximal invalid subsequence becomes U+FFFD.
std::string utf8Lossy(const std::string& s);

Category category(char32_t cp);
bool isLetter(char32_t cp);      // \p{L}
bool isNumber(char32_t cp);      // \p{N}
bool isWhiteSpace(char32_t cp);  // White_Space (Oniguruma's \s, Rust's char::is_whitespace)
bool isAlphanumeric(char32_t cp);
uint8_t combiningClass(char32_t cp);
char32_t simpleFold(char32_t cp);  // simple case folding; cp itself when it has none

}  // namespace ls::tok
