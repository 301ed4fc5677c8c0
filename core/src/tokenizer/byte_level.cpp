#include "tokenizer/byte_level.h"

#include <array>
#include <unordered_map>

#include "tokenizer/unicode.h"

namespace ls::tok {
namespace {

struct ByteMap {
    std::array<std::string, 256> toChar;
    std::unordered_map<char32_t, unsigned char> toByte;

    ByteMap() {
        // Printable bytes keep their code point; the others take 256, 257, ... in byte order.
        auto printable = [](int b) { return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE); };
        char32_t next = 256;
        for (int b = 0; b < 256; ++b) {
            const char32_t cp = printable(b) ? static_cast<char32_t>(b) : next++;
            appendUtf8(toChar[b], cp);
            toByte[cp] = static_cast<unsigned char>(b);
        }
    }
};

const ByteMap& byteMap() {
    static const ByteMap map;
    return map;
}

}  // namespace

std::string bytesToByteLevel(const std::string& text) {
    const ByteMap& m = byteMap();
    std::string out;
    out.reserve(text.size() * 2);
    for (char c : text) out += m.toChar[static_cast<unsigned char>(c)];
    return out;
}

bool byteLevelToBytes(const std::string& token, std::string& bytes) {
    const ByteMap& m = byteMap();
    std::string out;
    out.reserve(token.size());
    for (size_t pos = 0; pos < token.size();) {
        auto it = m.toByte.find(decodeNext(token, pos));
        if (it == m.toByte.end()) return false;
        out.push_back(static_cast<char>(it->second));
    }
    bytes += out;
    return true;
}

}  // namespace ls::tok
