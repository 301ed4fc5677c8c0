// Shared by the libFuzzer targets: an ls::Error is the expected way to refuse an input; anything else
// (another exception type, a crash, a sanitizer report) is a finding. A refusal must also keep the
// engine's promise about errors: one line, starting with the file's name.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <utility>

#include "lorastudio/error.h"

namespace lsfuzz {

[[noreturn]] inline void finding(const std::string& what) {
    std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
    std::abort();
}

inline void check(bool ok, const std::string& what) {
    if (!ok) finding(what);
}

// Checks an error message: one of the prefixes ("<file>: "), then the problem on one line, no control characters.
inline void checkErrorMessage(const std::string& message, std::initializer_list<std::string> prefixes) {
    bool named = false;
    for (const std::string& p : prefixes) named = named || message.compare(0, p.size(), p) == 0;
    if (!named) finding("error does not start with the file's name: " + message);
    for (unsigned char c : message)
        if (c < 0x20 || c == 0x7f) finding("error message has a control character: " + message);
}

// Runs f; an ls::Error counts as a clean refusal (after checking its message). Returns whether f finished.
template <typename F>
bool acceptsWithPrefixes(std::initializer_list<std::string> prefixes, F&& f) {
    try {
        f();
        return true;
    } catch (const ls::Error& e) {
        checkErrorMessage(e.what(), prefixes);
        return false;
    }
}
template <typename F>
bool accepts(const std::string& source, F&& f) {
    return acceptsWithPrefixes({source + ": "}, std::forward<F>(f));
}

}  // namespace lsfuzz
