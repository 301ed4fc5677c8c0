// StepMetrics as one JSON line of metrics.jsonl, and reading the file back.
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "lorastudio/atomic_file.h"
#include "lorastudio/error.h"
#include "lorastudio/train.h"

namespace ls {

using json = nlohmann::json;

const char* runStateName(RunState s) {
    switch (s) {
        case RunState::Idle:
            return "idle";
        case RunState::Running:
            return "running";
        case RunState::Paused:
            return "paused";
        case RunState::Finished:
            return "finished";
        case RunState::Failed:
            return "failed";
        case RunState::Cancelled:
            return "cancelled";
    }
    return "?";
}

namespace {

// JSON has no NaN: a non-finite number is written as null (and read back as NaN).
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

double readNumber(const json& j, const char* key, const std::string& source) {
    auto it = j.find(key);
    if (it == j.end()) fail(source + ": missing field '" + key + "'");
    if (it->is_null()) return std::nan("");
    if (!it->is_number()) fail(source + ": field '" + key + "' must be a number");
    return it->get<double>();
}

int64_t readInt(const json& j, const char* key, const std::string& source) {
    auto it = j.find(key);
    if (it == j.end()) fail(source + ": missing field '" + key + "'");
    if (!it->is_number_integer()) fail(source + ": field '" + key + "' must be an integer");
    return it->get<int64_t>();
}

}  // namespace

std::string stepMetricsToJson(const StepMetrics& m) {
    json j;
    j["step"] = m.step;
    j["total_steps"] = m.totalSteps;
    j["epoch"] = number(m.epoch);
    j["loss"] = number(m.loss);
    j["lr"] = number(m.lr);
    j["grad_norm"] = number(m.gradNorm);
    j["tokens_per_s"] = number(m.tokensPerS);
    j["tokens"] = m.tokens;
    j["elapsed_s"] = number(m.elapsedS);
    j["eta_s"] = number(m.etaS);
    j["mem_allocated"] = m.memAllocated;
    j["mem_reserved"] = m.memReserved;
    j["mem_peak"] = m.memPeak;
    if (m.evalLoss) j["eval_loss"] = number(*m.evalLoss);
    return j.dump();
}

StepMetrics stepMetricsFromJson(const std::string& line, const std::string& source) {
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) fail(source + ": not a JSON object");
    StepMetrics m;
    m.step = readInt(j, "step", source);
    m.totalSteps = readInt(j, "total_steps", source);
    m.epoch = readNumber(j, "epoch", source);
    m.loss = readNumber(j, "loss", source);
    m.lr = readNumber(j, "lr", source);
    m.gradNorm = readNumber(j, "grad_norm", source);
    m.tokensPerS = readNumber(j, "tokens_per_s", source);
    m.tokens = readInt(j, "tokens", source);
    m.elapsedS = readNumber(j, "elapsed_s", source);
    m.etaS = readNumber(j, "eta_s", source);
    m.memAllocated = readInt(j, "mem_allocated", source);
    m.memReserved = readInt(j, "mem_reserved", source);
    m.memPeak = readInt(j, "mem_peak", source);
    if (j.contains("eval_loss")) m.evalLoss = readNumber(j, "eval_loss", source);
    return m;
}

std::vector<StepMetrics> readMetrics(const std::filesystem::path& file) {
    std::vector<StepMetrics> out;
    const std::string text = readTextFile(file, size_t(1) << 30);
    std::size_t start = 0;
    int lineNo = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        ++lineNo;
        const bool terminated = end < text.size();
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        // A last line without its newline that does not parse is an append cut short by a kill (a write
        // of a line that crosses a page boundary can stop between pages): that step is not on record.
        if (!terminated && json::parse(line, nullptr, false).is_discarded()) break;
        out.push_back(stepMetricsFromJson(line, file.string() + ": line " + std::to_string(lineNo)));
    }
    return out;
}

}  // namespace ls
