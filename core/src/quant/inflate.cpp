// Raw deflate decoder after the structure of Mark Adler's puff.c: canonical Huffman codes decoded
// bit by bit. Speed is ample for decoding one table once.
#include "quant/inflate.h"

#include <string>

#include "lorastudio/error.h"

namespace ls::quant::detail {
namespace {

constexpr int kMaxBits = 15;
constexpr int kMaxLitLen = 286;
constexpr int kMaxDist = 30;
constexpr int kFixedLitLen = 288;

struct Huffman {
    short count[kMaxBits + 1];  // codes per length
    short symbol[kFixedLitLen];  // symbols ordered by code
};

class Inflater {
public:
    Inflater(const std::uint8_t* data, std::size_t size, std::size_t expectedSize)
        : m_in(data), m_size(size), m_expected(expectedSize) {
        m_out.reserve(expectedSize);
    }

    std::vector<std::uint8_t> run() {
        int last = 0;
        do {
            last = bits(1);
            int type = bits(2);
            if (type == 0) stored();
            else if (type == 1) fixedBlock();
            else if (type == 2) dynamicBlock();
            else bad("invalid block type");
        } while (!last);
        if (m_out.size() != m_expected)
            bad("inflated to " + std::to_string(m_out.size()) + " bytes, expected " + std::to_string(m_expected));
        return std::move(m_out);
    }

private:
    const std::uint8_t* m_in;
    std::size_t m_size;
    std::size_t m_expected;
    std::size_t m_pos = 0;
    std::uint32_t m_bitBuf = 0;
    int m_bitCount = 0;
    std::vector<std::uint8_t> m_out;

    [[noreturn]] static void bad(const std::string& what) { fail("deflate stream: " + what); }

    int bits(int need) {
        std::uint32_t val = m_bitBuf;
        while (m_bitCount < need) {
            if (m_pos >= m_size) bad("unexpected end of input");
            val |= std::uint32_t(m_in[m_pos++]) << m_bitCount;
            m_bitCount += 8;
        }
        m_bitBuf = val >> need;
        m_bitCount -= need;
        return int(val & ((1u << need) - 1));
    }

    void put(std::uint8_t byte) {
        if (m_out.size() >= m_expected) bad("output longer than expected");
        m_out.push_back(byte);
    }

    void stored() {
        m_bitBuf = 0;
        m_bitCount = 0;
        if (m_pos + 4 > m_size) bad("unexpected end of input");
        unsigned len = m_in[m_pos] | (m_in[m_pos + 1] << 8);
        unsigned nlen = m_in[m_pos + 2] | (m_in[m_pos + 3] << 8);
        m_pos += 4;
        if (len != (~nlen & 0xffffu)) bad("stored block length check failed");
        if (m_pos + len > m_size) bad("unexpected end of input");
        for (unsigned i = 0; i < len; ++i) put(m_in[m_pos++]);
    }

    int decode(const Huffman& h) {
        int code = 0, first = 0, index = 0;
        for (int len = 1; len <= kMaxBits; ++len) {
            code |= bits(1);
            int count = h.count[len];
            if (code - count < first) return h.symbol[index + (code - first)];
            index += count;
            first += count;
            first <<= 1;
            code <<= 1;
        }
        bad("invalid Huffman code");
    }

    // Returns 0 for a complete code, > 0 for an incomplete one, < 0 for an over-subscribed one.
    static int construct(Huffman& h, const short* length, int n) {
        for (int len = 0; len <= kMaxBits; ++len) h.count[len] = 0;
        for (int s = 0; s < n; ++s) h.count[length[s]]++;
        if (h.count[0] == n) return 0;
        int left = 1;
        for (int len = 1; len <= kMaxBits; ++len) {
            left <<= 1;
            left -= h.count[len];
            if (left < 0) return left;
        }
        short offs[kMaxBits + 1];
        offs[1] = 0;
        for (int len = 1; len < kMaxBits; ++len) offs[len + 1] = short(offs[len] + h.count[len]);
        for (int s = 0; s < n; ++s)
            if (length[s] != 0) h.symbol[offs[length[s]]++] = short(s);
        return left;
    }

    void codes(const Huffman& lencode, const Huffman& distcode) {
        static const short lbase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                        31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
        static const short lext[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
        static const short dbase[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
                                         193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
        static const short dext[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
        for (;;) {
            int symbol = decode(lencode);
            if (symbol < 256) {
                put(std::uint8_t(symbol));
            } else if (symbol == 256) {
                return;
            } else {
                symbol -= 257;
                if (symbol >= 29) bad("invalid length symbol");
                std::size_t len = std::size_t(lbase[symbol] + bits(lext[symbol]));
                int dsym = decode(distcode);
                if (dsym >= 30) bad("invalid distance symbol");
                std::size_t dist = std::size_t(dbase[dsym] + bits(dext[dsym]));
                if (dist > m_out.size()) bad("distance too far back");
                for (std::size_t i = 0; i < len; ++i) put(m_out[m_out.size() - dist]);
            }
        }
    }

    void fixedBlock() {
        static Huffman lencode, distcode;
        static bool built = false;
        if (!built) {
            short lengths[kFixedLitLen];
            int s = 0;
            for (; s < 144; ++s) lengths[s] = 8;
            for (; s < 256; ++s) lengths[s] = 9;
            for (; s < 280; ++s) lengths[s] = 7;
            for (; s < kFixedLitLen; ++s) lengths[s] = 8;
            construct(lencode, lengths, kFixedLitLen);
            for (s = 0; s < kMaxDist; ++s) lengths[s] = 5;
            construct(distcode, lengths, kMaxDist);
            built = true;
        }
        codes(lencode, distcode);
    }

    void dynamicBlock() {
        static const short order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
        short lengths[kMaxLitLen + kMaxDist];
        int nlen = bits(5) + 257;
        int ndist = bits(5) + 1;
        int ncode = bits(4) + 4;
        if (nlen > kMaxLitLen || ndist > kMaxDist) bad("bad code counts");
        int index = 0;
        for (; index < ncode; ++index) lengths[order[index]] = short(bits(3));
        for (; index < 19; ++index) lengths[order[index]] = 0;
        Huffman lencode, distcode;
        if (construct(lencode, lengths, 19) != 0) bad("incomplete code-length code");
        index = 0;
        while (index < nlen + ndist) {
            int symbol = decode(lencode);
            if (symbol < 16) {
                lengths[index++] = short(symbol);
            } else {
                short len = 0;
                int repeat = 0;
                if (symbol == 16) {
                    if (index == 0) bad("repeat with no previous length");
                    len = lengths[index - 1];
                    repeat = 3 + bits(2);
                } else if (symbol == 17) {
                    repeat = 3 + bits(3);
                } else {
                    repeat = 11 + bits(7);
                }
                if (index + repeat > nlen + ndist) bad("too many lengths");
                while (repeat--) lengths[index++] = len;
            }
        }
        if (lengths[256] == 0) bad("no end-of-block code");
        int err = construct(lencode, lengths, nlen);
        if (err < 0 || (err > 0 && nlen - lencode.count[0] != 1)) bad("bad literal/length code");
        err = construct(distcode, lengths + nlen, ndist);
        if (err < 0 || (err > 0 && ndist - distcode.count[0] != 1)) bad("bad distance code");
        codes(lencode, distcode);
    }
};

}  // namespace

std::vector<std::uint8_t> inflateRaw(const std::uint8_t* data, std::size_t size, std::size_t expectedSize) {
    return Inflater(data, size, expectedSize).run();
}

}  // namespace ls::quant::detail
