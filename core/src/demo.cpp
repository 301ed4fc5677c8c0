#include "lorastudio/demo.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace ls {

namespace {

// <prefix>/bin/<exe> -> <prefix>/share/lora-studio/demo/model: a package (prefix /usr) or an unpacked
// archive finds its demo whatever CMAKE_INSTALL_PREFIX the build folder was configured with.
std::filesystem::path besideExecutable() {
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    return exe.parent_path().parent_path() / "share" / "lora-studio" / "demo" / "model";
}

}  // namespace

std::filesystem::path demoModelDir() {
    if (const char* env = std::getenv("LS_DEMO_MODEL"); env && *env) return env;
    std::error_code ec;
    for (const std::filesystem::path& installed : {besideExecutable(), std::filesystem::path(LS_DEMO_INSTALLED_DIR)}) {
        if (!installed.empty() && std::filesystem::is_regular_file(installed / "config.json", ec)) return installed;
    }
    return LS_DEMO_SOURCE_DIR;
}

std::filesystem::path demoDatasetFile() {
    std::error_code ec;
    // The installed layout is share/lora-studio/demo/{model/, dataset.jsonl}; the source tree's resources/demo/.
    const std::filesystem::path model = demoModelDir();
    const std::filesystem::path candidates[] = {
        model.filename() == "model" ? model.parent_path() / "dataset.jsonl" : std::filesystem::path(),
        std::filesystem::path(LS_DEMO_INSTALLED_DIR).parent_path() / "dataset.jsonl"};
    for (const std::filesystem::path& file : candidates)
        if (!file.empty() && std::filesystem::is_regular_file(file, ec)) return file;
    return std::filesystem::path(LS_DEMO_SOURCE_DIR).parent_path() / "dataset.jsonl";
}

std::filesystem::path resolveModelDir(const std::string& modelArg) {
    std::string lower = modelArg;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower == "demo" ? demoModelDir() : std::filesystem::path(modelArg);
}

}  // namespace ls
