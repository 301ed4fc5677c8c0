// CRC-32 (the zlib / PNG polynomial), used to detect corrupted checkpoint files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace ls::train {

uint32_t crc32(const void* data, std::size_t size, uint32_t crc = 0);
// Streams the file; throws ls::Error naming it when it cannot be read.
uint32_t crc32File(const std::filesystem::path& file, uint64_t* bytes = nullptr);

}  // namespace ls::train
