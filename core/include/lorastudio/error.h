// Errors that reach the user: one line that names the file (or flag) and the problem.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace ls {

// Bad input from outside (a file, a flag, a setting). Bugs use assert, never this.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws ls::Error("<file>: <problem>").
[[noreturn]] void failFile(const std::filesystem::path& file, const std::string& problem);
// Throws ls::Error(message).
[[noreturn]] void fail(const std::string& message);

}  // namespace ls

// A user-facing check: LS_CHECK(cond, "message") throws ls::Error(message) when cond is false.
#define LS_CHECK(cond, message)                  \
    do {                                         \
        if (!(cond)) ::ls::fail(message);        \
    } while (0)
#define LS_CHECK_FILE(cond, file, problem)              \
    do {                                                \
        if (!(cond)) ::ls::failFile((file), (problem)); \
    } while (0)
