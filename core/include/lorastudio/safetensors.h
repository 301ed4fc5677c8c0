// safetensors files: a strict, memory-mapped reader and an atomic writer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lorastudio/dtype.h"

namespace ls {

struct TensorView {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    const std::uint8_t* data = nullptr;  // into the mapping; valid while the file object lives
    std::size_t nbytes = 0;
    std::size_t offset = 0;  // byte offset inside the data section

    int64_t numel() const;
};

// The parsed, validated header (no data). Exposed for tests and fuzzing.
struct SafetensorsHeader {
    std::vector<TensorView> tensors;  // data == nullptr; in data-offset order
    std::map<std::string, std::string> metadata;
    std::size_t dataStart = 0;  // 8 + header length
};

// Validates a header against the file size: JSON object, known dtypes, non-negative shapes,
// offsets inside the data section, ordered, contiguous without overlap, size == dtype size x numel.
// `source` names the file in error messages.
SafetensorsHeader parseSafetensorsHeader(const std::uint8_t* bytes, std::size_t fileSize, const std::string& source);

class SafetensorsFile {
public:
    // Memory-maps a regular file (no copy) and validates its header. Throws ls::Error naming the file.
    static std::shared_ptr<SafetensorsFile> open(const std::filesystem::path& file);
    ~SafetensorsFile();
    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    const std::vector<TensorView>& tensors() const { return m_header.tensors; }
    const std::map<std::string, std::string>& metadata() const { return m_header.metadata; }
    const TensorView* find(const std::string& name) const;
    // Throws "<file>: no tensor named <name>".
    const TensorView& get(const std::string& name) const;

private:
    SafetensorsFile() = default;
    std::filesystem::path m_path;
    SafetensorsHeader m_header;
    std::map<std::string, std::size_t> m_index;
    void* m_map = nullptr;
    std::size_t m_size = 0;
};

struct TensorToWrite {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    const void* data = nullptr;
    std::size_t nbytes = 0;
};

// Writes the file atomically (temp file, fsync, rename). Checks nbytes == dtype size x numel.
// Layout as the safetensors library writes it: tensors sorted by dtype size (largest first), then by
// name; header padded with spaces to a multiple of 8; metadata first.
void writeSafetensors(const std::filesystem::path& file, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata = {{"format", "pt"}});

}  // namespace ls
