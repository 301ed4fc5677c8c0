#include "tokenizer/unicode_normalize.h"

#include <algorithm>

#include "tokenizer/unicode.h"
#include "tokenizer/unicode_tables.h"

namespace ls::tok {
namespace {

constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;
constexpr char32_t kNone = 0xFFFFFFFF;

bool isAscii(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

void decompose(char32_t cp, std::u32string& out) {
    if (cp >= kSBase && cp < kSBase + kSCount) {
        const char32_t s = cp - kSBase;
        out.push_back(kLBase + s / kNCount);
        out.push_back(kVBase + (s % kNCount) / kTCount);
        if (s % kTCount) out.push_back(kTBase + s % kTCount);
        return;
    }
    const auto* end = tables::kDecompositions + tables::kDecompositionsSize;
    const auto* it = std::lower_bound(tables::kDecompositions, end, cp,
                                      [](const tables::Decomposition& d, char32_t c) { return d.cp < c; });
    if (it != end && it->cp == cp) {
        out.append(tables::kDecompositionData + it->offset, it->length);
    } else {
        out.push_back(cp);
    }
}

// Canonical ordering: stable sort of each run of non-starters by combining class.
void reorder(std::u32string& s) {
    size_t i = 0;
    while (i < s.size()) {
        if (combiningClass(s[i]) == 0) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < s.size() && combiningClass(s[j]) != 0) ++j;
        std::stable_sort(s.begin() + static_cast<std::ptrdiff_t>(i), s.begin() + static_cast<std::ptrdiff_t>(j),
                         [](char32_t a, char32_t b) { return combiningClass(a) < combiningClass(b); });
        i = j;
    }
}

std::u32string decomposeAll(const std::string& s) {
    std::u32string out;
    out.reserve(s.size());
    for (size_t pos = 0; pos < s.size();) decompose(decodeNext(s, pos), out);
    reorder(out);
    return out;
}

char32_t compose(char32_t a, char32_t b) {
    if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
        return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
    if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase && b < kTBase + kTCount)
        return a + (b - kTBase);
    const auto* end = tables::kCompositions + tables::kCompositionsSize;
    const auto* it = std::lower_bound(tables::kCompositions, end, std::make_pair(a, b),
                                      [](const tables::Composition& c, const std::pair<char32_t, char32_t>& k) {
                                          return c.first < k.first || (c.first == k.first && c.second < k.second);
                                      });
    return (it != end && it->first == a && it->second == b) ? it->composite : kNone;
}

}  // namespace

std::string nfd(const std::string& s) {
    if (isAscii(s)) return s;
    return toUtf8(decomposeAll(s));
}

std::string nfc(const std::string& s) {
    if (isAscii(s)) return s;
    const std::u32string d = decomposeAll(s);
    if (d.empty()) return {};
    std::u32string out;
    out.reserve(d.size());
    out.push_back(d[0]);
    size_t starterPos = 0;
    char32_t starter = d[0];
    int lastClass = combiningClass(starter) == 0 ? 0 : 256;
    for (size_t i = 1; i < d.size(); ++i) {
        const char32_t ch = d[i];
        const int chClass = combiningClass(ch);
        const char32_t composite = compose(starter, ch);
        if (composite != kNone && (lastClass < chClass || lastClass == 0)) {
            out[starterPos] = composite;
            starter = composite;
            continue;
        }
        if (chClass == 0) {
            starterPos = out.size();
            starter = ch;
        }
        lastClass = chClass;
        out.push_back(ch);
    }
    return toUtf8(out);
}

}  // namespace ls::tok
