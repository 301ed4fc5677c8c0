// The first line of an exception's text: c10 errors carry a C++ backtrace after it.
#pragma once

#include <string>

namespace ls::train {

inline std::string shortError(const std::string& what) { return what.substr(0, what.find('\n')); }

}  // namespace ls::train
