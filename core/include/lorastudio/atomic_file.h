// Writes that never leave a half-written file under the final name: temp file, fsync, rename, fsync dir.
#pragma once

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <string>

namespace ls {

class AtomicFileWriter {
public:
    // Opens "<target>.tmp-<pid>-<n>" beside target. Throws ls::Error naming target on failure.
    explicit AtomicFileWriter(const std::filesystem::path& target);
    ~AtomicFileWriter();  // an uncommitted writer removes its temp file
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    void write(const void* data, std::size_t size);
    void write(const std::string& text) { write(text.data(), text.size()); }
    // fsync, rename over the target, fsync the folder. After this the file is durable.
    void commit();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    std::FILE* m_file = nullptr;
    bool m_committed = false;
};

void writeFileAtomic(const std::filesystem::path& target, const std::string& contents);

// Reads a whole regular file, refusing anything larger than maxBytes (and named pipes or devices).
std::string readTextFile(const std::filesystem::path& file, std::size_t maxBytes = 64u << 20);

}  // namespace ls
