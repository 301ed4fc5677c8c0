// Recursive removal through POSIX calls. pip LibTorch 2.x exports a std::filesystem::remove_all of its
// own that crashes when our code calls it, so core never uses the recursive std::filesystem calls.
#pragma once

#include <filesystem>

namespace ls {

// Removes a file or a folder tree (symbolic links are removed, never followed). Missing is fine.
// Returns false when something could not be removed.
bool removeTree(const std::filesystem::path& path);

}  // namespace ls
