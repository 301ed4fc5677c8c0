#include "tokenizer/decoders.h"

#include "tokenizer/byte_level.h"
#include "tokenizer/metaspace.h"
#include "tokenizer/string_pattern.h"
#include "tokenizer/unicode.h"

namespace ls::tok {
namespace {

constexpr int kMaxNesting = 32;
constexpr int64_t kMaxStrip = 1 << 20;

// All tokens' bytes joined; a token with a character outside the byte map contributes its UTF-8 as is.
class ByteLevelDecoder : public Decoder {
public:
    void decodeChain(std::vector<std::string>& tokens) const override {
        std::string bytes;
        for (const std::string& t : tokens)
            if (!byteLevelToBytes(t, bytes)) bytes += t;
        tokens.assign(1, utf8Lossy(bytes));
    }
};

// Each replacement character becomes a space, except in the first token (prepend scheme other than never).
class MetaspaceDecoder : public Decoder {
public:
    explicit MetaspaceDecoder(MetaspaceOptions o) : m_o(std::move(o)) {}
    void decodeChain(std::vector<std::string>& tokens) const override {
        for (size_t i = 0; i < tokens.size(); ++i) {
            const std::string& t = tokens[i];
            std::string out;
            out.reserve(t.size());
            for (size_t pos = 0; pos < t.size();) {
                const size_t start = pos;
                const char32_t c = decodeNext(t, pos);
                if (c == m_o.replacementChar) {
                    if (i != 0 || m_o.scheme == PrependScheme::Never) out.push_back(' ');
                } else {
                    out.append(t, start, pos - start);
                }
            }
            tokens[i] = std::move(out);
        }
    }

private:
    MetaspaceOptions m_o;
};

class ReplaceDecoder : public Decoder {
public:
    explicit ReplaceDecoder(ReplacePattern p) : m_pattern(std::move(p)) {}
    void decodeChain(std::vector<std::string>& tokens) const override {
        for (std::string& t : tokens) t = m_pattern.apply(t);
    }

private:
    ReplacePattern m_pattern;
};

// Runs of <0xNN> tokens become their bytes when valid UTF-8, else one U+FFFD per byte.
class ByteFallbackDecoder : public Decoder {
public:
    void decodeChain(std::vector<std::string>& tokens) const override {
        std::vector<std::string> out;
        out.reserve(tokens.size());
        std::string bytes;
        auto flush = [&] {
            if (bytes.empty()) return;
            if (isValidUtf8(bytes)) {
                out.push_back(bytes);
            } else {
                for (size_t i = 0; i < bytes.size(); ++i) out.emplace_back("\xEF\xBF\xBD");
            }
            bytes.clear();
        };
        for (std::string& t : tokens) {
            int byte = -1;
            if (t.size() == 6 && t.compare(0, 3, "<0x") == 0 && t[5] == '>') byte = parseHexByte(t[3], t[4]);
            if (byte >= 0) {
                bytes.push_back(static_cast<char>(byte));
            } else {
                flush();
                out.push_back(std::move(t));
            }
        }
        flush();
        tokens = std::move(out);
    }

private:
    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
    static int parseHexByte(char a, char b) {
        const int hi = hexDigit(a), lo = hexDigit(b);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }
};

class FuseDecoder : public Decoder {
public:
    void decodeChain(std::vector<std::string>& tokens) const override {
        std::string all;
        for (const std::string& t : tokens) all += t;
        tokens.assign(1, std::move(all));
    }
};

// Removes up to `start` leading and `stop` trailing copies of one character from each token.
class StripDecoder : public Decoder {
public:
    StripDecoder(char32_t content, size_t start, size_t stop) : m_content(content), m_start(start), m_stop(stop) {}
    void decodeChain(std::vector<std::string>& tokens) const override {
        for (std::string& t : tokens) {
            const CodePoints cp = decodeAll(t);
            const size_t n = cp.cps.size();
            size_t b = 0;
            while (b < n && b < m_start && cp.cps[b] == m_content) ++b;
            size_t e = n;
            while (e > b && n - e < m_stop && cp.cps[e - 1] == m_content) --e;
            t = t.substr(cp.offsets[b], cp.offsets[e] - cp.offsets[b]);
        }
    }

private:
    char32_t m_content;
    size_t m_start, m_stop;
};

class SequenceDecoder : public Decoder {
public:
    explicit SequenceDecoder(std::vector<std::unique_ptr<Decoder>> steps) : m_steps(std::move(steps)) {}
    void decodeChain(std::vector<std::string>& tokens) const override {
        for (const auto& d : m_steps) d->decodeChain(tokens);
    }

private:
    std::vector<std::unique_ptr<Decoder>> m_steps;
};

}  // namespace

std::unique_ptr<Decoder> makeDecoder(const json& v, const JsonReader& reader, const std::string& where, bool& byteLevel,
                                     int depth) {
    if (v.is_null()) return nullptr;
    if (depth > kMaxNesting) reader.fail(where + " nests Sequence too deeply");
    const std::string type = reader.type(v, where);
    if (type == "ByteLevel") {
        byteLevel = true;
        return std::make_unique<ByteLevelDecoder>();
    }
    if (type == "Metaspace") return std::make_unique<MetaspaceDecoder>(parseMetaspaceOptions(v, reader, where));
    if (type == "Replace") {
        std::string content = reader.string(reader.field(v, "content", where), where + ".content");
        return std::make_unique<ReplaceDecoder>(
            ReplacePattern(reader.field(v, "pattern", where), std::move(content), reader, where));
    }
    if (type == "ByteFallback") return std::make_unique<ByteFallbackDecoder>();
    if (type == "Fuse") return std::make_unique<FuseDecoder>();
    if (type == "Strip") {
        const std::string content = reader.string(reader.field(v, "content", where), where + ".content");
        const CodePoints cp = decodeAll(content);
        if (cp.cps.size() != 1 || !isValidUtf8(content)) reader.fail(where + ".content must be one character");
        const auto start = reader.integerOr(v, "start", where, 0, 0, kMaxStrip);
        const auto stop = reader.integerOr(v, "stop", where, 0, 0, kMaxStrip);
        return std::make_unique<StripDecoder>(cp.cps[0], static_cast<size_t>(start), static_cast<size_t>(stop));
    }
    if (type == "Sequence") {
        const json& list = reader.array(reader.field(v, "decoders", where), where + ".decoders");
        std::vector<std::unique_ptr<Decoder>> steps;
        for (size_t i = 0; i < list.size(); ++i) {
            auto d = makeDecoder(list[i], reader, where + ".decoders[" + std::to_string(i) + "]", byteLevel, depth + 1);
            if (d) steps.push_back(std::move(d));
        }
        return std::make_unique<SequenceDecoder>(std::move(steps));
    }
    reader.fail(where + " has the unsupported type \"" + type + "\"");
}

}  // namespace ls::tok
