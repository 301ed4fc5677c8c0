#include "lorastudio/error.h"

#include "utf8.h"

namespace ls {

namespace {

// Messages quote names and text from files (tensor names, JSON parser excerpts): control characters and
// bytes that are not UTF-8 are written as escapes, so that every error stays one printable line.
std::string oneLine(const std::string& message) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(message.size());
    for (size_t i = 0; i < message.size();) {
        const unsigned char c = static_cast<unsigned char>(message[i]);
        const size_t len = utf8SequenceLength(message, i);
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
