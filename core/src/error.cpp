#include "lorastudio/error.h"

namespace ls {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not one (overlong, surrogate, > U+10FFFF).
size_t utf8Length(const std::string& s, size_t i) {
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

// Messages quote names and text from files (tensor names, JSON parser excerpts): control characters and
// bytes that are not UTF-8 are written as escapes, so that every error stays one printable line.
std::string oneLine(const std::string& message) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(message.size());
    for (size_t i = 0; i < message.size();) {
        const unsigned char c = static_cast<unsigned char>(message[i]);
        const size_t len = utf8Length(message, i);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f || len == 0) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out.append(message, i, len);
            i += len;
            continue;
        }
        ++i;
    }
    return out;
}

}  // namespace

void failFile(const std::filesystem::path& file, const std::string& problem) {
    throw Error(oneLine(file.string() + ": " + problem));
}

void fail(const std::string& message) { throw Error(oneLine(message)); }

}  // namespace ls
