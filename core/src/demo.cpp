#include "lorastudio/demo.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace ls {

std::filesystem::path demoModelDir() {
    if (const char* env = std::getenv("LS_DEMO_MODEL"); env && *env) return env;
    std::error_code ec;
    const std::filesystem::path installed = LS_DEMO_INSTALLED_DIR;
    if (std::filesystem::is_regular_file(installed / "config.json", ec)) return installed;
    return LS_DEMO_SOURCE_DIR;
}

std::filesystem::path resolveModelDir(const std::string& modelArg) {
    std::string lower = modelArg;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower == "demo" ? demoModelDir() : std::filesystem::path(modelArg);
}

}  // namespace ls
