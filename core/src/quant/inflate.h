// A small raw-deflate (RFC 1951) decoder, so generated tables need no zlib at run time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ls::quant::detail {

// Decodes a complete raw deflate stream that must inflate to exactly `expectedSize` bytes.
// Throws ls::Error on a malformed stream or a size mismatch.
std::vector<std::uint8_t> inflateRaw(const std::uint8_t* data, std::size_t size, std::size_t expectedSize);

}  // namespace ls::quant::detail
