// describeRun / findRuns: what the run history reads from run folders (no weights are loaded).
#include <algorithm>

#include "lorastudio/atomic_file.h"
#include "lorastudio/train.h"

namespace ls {

namespace fs = std::filesystem;

RunSummary describeRun(const fs::path& runDir) {
    RunSummary r;
    r.dir = runDir;
    std::error_code ec;
    try {
        const fs::path configFile = runDir / "config.json";
        r.config = trainConfigFromJson(readTextFile(configFile, 1u << 20), configFile.string());
    } catch (const std::exception& e) {
        r.error = e.what();
    }
    try {
        if (fs::is_regular_file(runDir / "metrics.jsonl", ec)) r.metrics = readMetrics(runDir / "metrics.jsonl");
    } catch (const std::exception& e) {
        if (r.error.empty()) r.error = e.what();
    }
    r.checkpoints = listCheckpoints(runDir);
    r.hasAdapter = fs::is_regular_file(runDir / "adapter" / "adapter_model.safetensors", ec) &&
                   fs::is_regular_file(runDir / "adapter" / "adapter_config.json", ec);
    if (!r.metrics.empty()) {
        r.stepsDone = r.metrics.back().step;
        r.totalSteps = r.metrics.back().totalSteps;
    }
    return r;
}

std::vector<fs::path> findRuns(const fs::path& folder) {
    std::vector<std::pair<fs::file_time_type, fs::path>> found;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return {};
    for (const auto& e : fs::directory_iterator(folder, ec)) {
        if (!e.is_directory(ec) || !fs::is_regular_file(e.path() / "config.json", ec)) continue;
        found.push_back({fs::last_write_time(e.path() / "config.json", ec), e.path()});
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<fs::path> out;
    for (auto& f : found) out.push_back(f.second);
    return out;
}

}  // namespace ls
