#include "lorastudio/error.h"

namespace ls {

void failFile(const std::filesystem::path& file, const std::string& problem) {
    throw Error(file.string() + ": " + problem);
}

void fail(const std::string& message) { throw Error(message); }

}  // namespace ls
