// UTF-8 validation shared by the error formatter and the dataset loader. Internal to core, no torch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ls {

// Length of the valid UTF-8 sequence at s[i] (i < s.size()), or 0 when it is not one (truncated, overlong,
// a surrogate, beyond U+10FFFF).
inline size_t utf8SequenceLength(const std::string& s, size_t i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int len;
    uint32_t cp;
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0)
        len = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0)
        len = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (i + len > s.size()) return 0;
    for (int k = 1; k < len; ++k) {
        const unsigned char d = static_cast<unsigned char>(s[i + k]);
        if ((d & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (d & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return static_cast<size_t>(len);
}

// Byte offset of the first invalid UTF-8 sequence, or npos.
inline size_t firstInvalidUtf8(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        const size_t len = utf8SequenceLength(s, i);
        if (len == 0) return i;
        i += len;
    }
    return std::string::npos;
}

}  // namespace ls
