#include "train/crc32.h"

#include <array>
#include <cstdio>
#include <vector>

#include "lorastudio/error.h"

namespace ls::train {
namespace {

std::array<uint32_t, 256> makeTable() {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[i] = c;
    }
    return t;
}

}  // namespace

uint32_t crc32(const void* data, std::size_t size, uint32_t crc) {
    static const std::array<uint32_t, 256> table = makeTable();
    const auto* p = static_cast<const unsigned char*>(data);
    crc = ~crc;
    for (std::size_t i = 0; i < size; ++i) crc = table[(crc ^ p[i]) & 0xFFu] ^ (crc >> 8);
    return ~crc;
}

uint32_t crc32File(const std::filesystem::path& file, uint64_t* bytes) {
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (!f) failFile(file, "cannot be opened");
    std::vector<unsigned char> buf(1 << 20);
    uint32_t crc = 0;
    uint64_t total = 0;
    for (;;) {
        const std::size_t n = std::fread(buf.data(), 1, buf.size(), f);
        if (n == 0) break;
        crc = crc32(buf.data(), n, crc);
        total += n;
    }
    const bool bad = std::ferror(f);
    std::fclose(f);
    if (bad) failFile(file, "read error");
    if (bytes) *bytes = total;
    return crc;
}

}  // namespace ls::train
