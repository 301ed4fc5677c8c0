#include "remove_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace ls {
namespace {

// Removes the entry `name` inside the open folder `parent`.
bool removeAt(int parent, const char* name) {
    struct stat st;
    if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return errno == ENOENT;
    if (!S_ISDIR(st.st_mode)) return unlinkat(parent, name, 0) == 0 || errno == ENOENT;
    const int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return false;
    DIR* dir = fdopendir(fd);
    if (!dir) {
        close(fd);
        return false;
    }
    bool ok = true;
    while (struct dirent* e = readdir(dir)) {
        if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
        ok = removeAt(dirfd(dir), e->d_name) && ok;
    }
    closedir(dir);
    return (unlinkat(parent, name, AT_REMOVEDIR) == 0 || errno == ENOENT) && ok;
}

}  // namespace

bool removeTree(const std::filesystem::path& path) {
    if (path.empty()) return true;
    return removeAt(AT_FDCWD, path.c_str());
}

}  // namespace ls
