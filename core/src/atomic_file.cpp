#include "lorastudio/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "lorastudio/error.h"

namespace ls {
namespace fs = std::filesystem;

namespace {
std::atomic<unsigned> g_tempCounter{0};

std::string errnoText() { return std::strerror(errno); }

void fsyncFolder(const fs::path& folder) {
    int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}
}  // namespace

AtomicFileWriter::AtomicFileWriter(const fs::path& target) : m_target(target) {
    m_temp = target;
    m_temp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(g_tempCounter++);
    m_file = std::fopen(m_temp.c_str(), "wb");
    if (!m_file) failFile(target, "cannot create file (" + errnoText() + ")");
}

AtomicFileWriter::~AtomicFileWriter() {
    if (m_file) std::fclose(m_file);
    if (!m_committed) {
        std::error_code ec;
        fs::remove(m_temp, ec);
    }
}

void AtomicFileWriter::write(const void* data, std::size_t size) {
    if (size == 0) return;
    if (std::fwrite(data, 1, size, m_file) != size) failFile(m_target, "write failed (" + errnoText() + ")");
}

void AtomicFileWriter::commit() {
    if (std::fflush(m_file) != 0) failFile(m_target, "write failed (" + errnoText() + ")");
    if (::fsync(::fileno(m_file)) != 0) failFile(m_target, "fsync failed (" + errnoText() + ")");
    if (std::fclose(m_file) != 0) {
        m_file = nullptr;
        failFile(m_target, "close failed (" + errnoText() + ")");
    }
    m_file = nullptr;
    if (std::rename(m_temp.c_str(), m_target.c_str()) != 0) failFile(m_target, "rename failed (" + errnoText() + ")");
    m_committed = true;
    fsyncFolder(m_target.parent_path());
}

void writeFileAtomic(const fs::path& target, const std::string& contents) {
    AtomicFileWriter writer(target);
    writer.write(contents);
    writer.commit();
}

std::string readTextFile(const fs::path& file, std::size_t maxBytes) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) failFile(file, "cannot open (" + errnoText() + ")");
    if (!S_ISREG(st.st_mode)) failFile(file, "not a regular file");
    if (static_cast<std::uint64_t>(st.st_size) > maxBytes)
        failFile(file, "file is too large (" + std::to_string(st.st_size) + " bytes, limit " +
                           std::to_string(maxBytes) + ")");
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (!f) failFile(file, "cannot open (" + errnoText() + ")");
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = text.empty() ? 0 : std::fread(text.data(), 1, text.size(), f);
    std::fclose(f);
    if (got != text.size()) failFile(file, "read failed");
    return text;
}

}  // namespace ls
