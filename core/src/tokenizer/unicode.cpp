#include "tokenizer/unicode.h"

#include <algorithm>

#include "tokenizer/unicode_tables.h"

namespace ls::tok {
namespace {

// Length of the valid UTF-8 sequence at s[pos], or 0 when it is not valid.
size_t validSequenceLength(const std::string& s, size_t pos) {
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char b0 = byte(pos);
    const size_t left = s.size() - pos;
    if (b0 < 0x80) return 1;
    auto cont = [&](size_t i, unsigned char lo, unsigned char hi) {
        return i < left && byte(pos + i) >= lo && byte(pos + i) <= hi;
    };
    if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80, hi = b0 == 0xED ? 0x9F : 0xBF;
        return cont(1, lo, hi) && cont(2, 0x80, 0xBF) ? 3 : 0;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80, hi = b0 == 0xF4 ? 0x8F : 0xBF;
        return cont(1, lo, hi) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
}

// How many bytes of an invalid sequence Rust's lossy decoding replaces by one U+FFFD (at least 1).
size_t invalidPrefixLength(const std::string& s, size_t pos) {
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char b0 = byte(pos);
    size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return 1;
    }
    size_t n = 1;
    for (size_t i = 1; i <= need && pos + i < s.size(); ++i) {
        const unsigned char b = byte(pos + i);
        const bool ok = i == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
        if (!ok) break;
        ++n;
    }
    return n;
}

template <typename T>
const T* findRange(const T* table, size_t size, char32_t cp) {
    const T* end = table + size;
    const T* it = std::upper_bound(table, end, cp, [](char32_t c, const T& r) { return c < r.first; });
    if (it == table) return nullptr;
    --it;
    return cp <= it->last ? it : nullptr;
}

}  // namespace

char32_t decodeNext(const std::string& s, size_t& pos) {
    const size_t len = validSequenceLength(s, pos);
    const auto byte = [&](size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(s[pos + i])); };
    char32_t cp;
    switch (len) {
        case 1:
            cp = byte(0);
            break;
        case 2:
            cp = ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
            break;
        case 3:
            cp = ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
            break;
        case 4:
            cp = ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
            break;
        default:
            cp = kInvalidByteBase + byte(0);
            pos += 1;
            return cp;
    }
    pos += len;
    return cp;
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp >= kInvalidByteBase) {
        out.push_back(static_cast<char>(cp - kInvalidByteBase));
    } else if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string toUtf8(const std::u32string& cps) {
    std::string out;
    out.reserve(cps.size());
    for (char32_t c : cps) appendUtf8(out, c);
    return out;
}

CodePoints decodeAll(const std::string& s) {
    CodePoints r;
    r.cps.reserve(s.size());
    r.offsets.reserve(s.size() + 1);
    size_t pos = 0;
    while (pos < s.size()) {
        r.offsets.push_back(pos);
        r.cps.push_back(decodeNext(s, pos));
    }
    r.offsets.push_back(s.size());
    return r;
}

bool isValidUtf8(const std::string& s) {
    for (size_t pos = 0; pos < s.size();) {
        const size_t len = validSequenceLength(s, pos);
        if (len == 0) return false;
        pos += len;
    }
    return true;
}

std::string utf8Lossy(const std::string& s) {
    if (isValidUtf8(s)) return s;
    std::string out;
    out.reserve(s.size() + 8);
    for (size_t pos = 0; pos < s.size();) {
        const size_t len = validSequenceLength(s, pos);
        if (len) {
            out.append(s, pos, len);
            pos += len;
        } else {
            out += "\xEF\xBF\xBD";
            pos += invalidPrefixLength(s, pos);
        }
    }
    return out;
}

Category category(char32_t cp) {
    const auto* r = findRange(tables::kCategories, tables::kCategoriesSize, cp);
    return r ? static_cast<Category>(r->value) : Category::Cn;
}

bool isLetter(char32_t cp) {
    if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    const Category c = category(cp);
    return c >= Category::Lu && c <= Category::Lo;
}

bool isNumber(char32_t cp) {
    if (cp < 0x80) return cp >= '0' && cp <= '9';
    const Category c = category(cp);
    return c >= Category::Nd && c <= Category::No;
}

bool isWhiteSpace(char32_t cp) {
    if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
    return findRange(tables::kWhiteSpace, tables::kWhiteSpaceSize, cp) != nullptr;
}

bool isAlphanumeric(char32_t cp) { return isLetter(cp) || isNumber(cp); }

uint8_t combiningClass(char32_t cp) {
    if (cp < 0x300) return 0;
    const auto* r = findRange(tables::kCombiningClasses, tables::kCombiningClassesSize, cp);
    return r ? r->value : 0;
}

char32_t simpleFold(char32_t cp) {
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    const auto* end = tables::kCaseFolds + tables::kCaseFoldsSize;
    const auto* it =
        std::lower_bound(tables::kCaseFolds, end, cp, [](const tables::CaseFold& f, char32_t c) { return f.cp < c; });
    return (it != end && it->cp == cp) ? it->folded : cp;
}

}  // namespace ls::tok
