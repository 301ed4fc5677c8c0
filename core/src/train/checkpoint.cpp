#include "train/checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lorastudio/atomic_file.h"
#include "lorastudio/error.h"
#include "lorastudio/safetensors.h"
#include "lorastudio/train.h"
#include "remove_tree.h"
#include "train/crc32.h"
#include "train/test_hooks.h"

namespace ls::train {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kManifest = "manifest.json";
constexpr const char* kState = "trainer_state.json";
constexpr const char* kOptimizer = "optimizer.safetensors";
constexpr int kFormat = 1;

// step-000100 -> 100; -1 for anything else (including .partial folders).
int64_t stepOf(const fs::path& dir) {
    const std::string name = dir.filename().string();
    if (name.size() < 6 || name.compare(0, 5, "step-") != 0) return -1;
    int64_t v = 0;
    for (std::size_t i = 5; i < name.size(); ++i) {
        if (name[i] < '0' || name[i] > '9' || v > (int64_t(1) << 50)) return -1;
        v = v * 10 + (name[i] - '0');
    }
    return v;
}

void removeAll(const fs::path& p) { removeTree(p); }

// Makes a rename inside `dir` durable (fsync of the folder itself).
void syncDir(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

bool killPointArmedForTesting(const char* point, int64_t step) {
    static const char* spec = std::getenv("LS_TEST_KILL_AT");
    return spec && std::string(point) + ":" + std::to_string(step) == spec;
}

void killPointForTesting(const char* point, int64_t step) {
    if (killPointArmedForTesting(point, step)) ::kill(::getpid(), SIGKILL);
}

fs::path checkpointPath(const fs::path& runDir, int64_t step) {
    std::ostringstream name;
    name << "step-" << std::setw(6) << std::setfill('0') << step;
    return runDir / "checkpoints" / name.str();
}

fs::path writeCheckpoint(const fs::path& runDir, const LoraAdapter& adapter, AdamW& optimizer,
                         const TrainerState& state, const std::string& baseModel) {
    const fs::path final = checkpointPath(runDir, state.step);
    const fs::path partial = final.string() + ".partial";
    removeAll(partial);
    // A write that fails (a full disk) removes its half-written folder, so the space comes back at once.
    struct RemoveOnFailure {
        const fs::path& dir;
        bool done = false;
        ~RemoveOnFailure() {
            if (!done) removeAll(dir);
        }
    } cleanup{partial};
    std::error_code ec;
    fs::create_directories(partial, ec);
    if (!fs::is_directory(partial)) failFile(partial, "cannot create the checkpoint folder");

    adapter.savePeft(partial, baseModel);
    killPointForTesting("checkpoint-adapter", state.step);

    // Optimizer moments, as float32 safetensors in parameter order.
    std::vector<torch::Tensor> keep;
    std::vector<TensorToWrite> tensors;
    auto add = [&](const std::string& name, const torch::Tensor& t) {
        torch::Tensor cpu = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
        keep.push_back(cpu);
        tensors.push_back(
            {name, DType::F32, cpu.sizes().vec(), cpu.data_ptr(), static_cast<std::size_t>(cpu.nbytes())});
    };
    for (std::size_t i = 0; i < optimizer.expAvg().size(); ++i) {
        add("exp_avg." + std::to_string(i), optimizer.expAvg()[i]);
        add("exp_avg_sq." + std::to_string(i), optimizer.expAvgSq()[i]);
    }
    writeSafetensors(partial / kOptimizer, tensors,
                     {{"format", "lora-studio-adamw"}, {"step", std::to_string(optimizer.stepCount())}});
    killPointForTesting("checkpoint-optimizer", state.step);

    json s;
    s["format"] = kFormat;
    s["step"] = state.step;
    s["micro_batches"] = state.microBatches;
    s["tokens"] = state.tokens;
    s["elapsed_s"] = state.elapsedS;
    s["last_loss"] = std::isfinite(state.lastLoss) ? json(state.lastLoss) : json(nullptr);
    s["optimizer_step"] = optimizer.stepCount();
    // Random numbers (dropout) are drawn from a generator seeded by (seed, step, micro-batch), so the
    // stream position above is all the random state there is.
    s["rng"] = "seeded per micro-batch from (seed, micro_batches)";
    writeFileAtomic(partial / kState, s.dump(2) + "\n");

    json files = json::object();
    for (const auto& entry : fs::directory_iterator(partial)) {
        if (!entry.is_regular_file()) continue;
        uint64_t bytes = 0;
        const uint32_t crc = crc32File(entry.path(), &bytes);
        files[entry.path().filename().string()] = {{"bytes", bytes}, {"crc32", crc}};
    }
    writeFileAtomic(partial / kManifest, json{{"format", kFormat}, {"files", files}}.dump(2) + "\n");
    killPointForTesting("checkpoint-manifest", state.step);

    // Replace an older checkpoint of the same step (a resumed run passing the same step again).
    if (fs::exists(final)) {
        const fs::path old = final.string() + ".old";
        removeAll(old);
        fs::rename(final, old, ec);
        removeAll(old);
    }
    fs::rename(partial, final, ec);
    if (ec) failFile(final, "cannot move the checkpoint into place: " + ec.message());
    cleanup.done = true;
    syncDir(final.parent_path());
    return final;
}

void verifyCheckpoint(const fs::path& dir) {
    LS_CHECK_FILE(fs::is_directory(dir), dir, "is not a checkpoint folder");
    const fs::path manifest = dir / kManifest;
    LS_CHECK_FILE(fs::is_regular_file(manifest), dir, "no manifest.json (incomplete or not a checkpoint)");
    json m = json::parse(readTextFile(manifest, 1u << 20), nullptr, false);
    LS_CHECK_FILE(!m.is_discarded() && m.is_object() && m.contains("files") && m["files"].is_object(), manifest,
                  "malformed manifest");
    for (const char* required : {kState, kOptimizer, "adapter_model.safetensors", "adapter_config.json"})
        LS_CHECK_FILE(m["files"].contains(required), manifest, std::string("does not list ") + required);
    for (const auto& [name, info] : m["files"].items()) {
        // Names come from the file: a path separator or ".." would leave the folder.
        LS_CHECK_FILE(name.find('/') == std::string::npos && name != ".." && name != "." && !name.empty(), manifest,
                      "file name '" + name + "' is not a plain file name");
        LS_CHECK_FILE(info.is_object() && info.contains("bytes") && info["bytes"].is_number_unsigned() &&
                          info.contains("crc32") && info["crc32"].is_number_unsigned(),
                      manifest, "entry '" + name + "' needs bytes and crc32");
        const fs::path file = dir / name;
        LS_CHECK_FILE(fs::is_regular_file(file), file, "is missing from the checkpoint");
        uint64_t bytes = 0;
        const uint32_t crc = crc32File(file, &bytes);
        LS_CHECK_FILE(bytes == info["bytes"].get<uint64_t>(), file,
                      "has " + std::to_string(bytes) + " bytes, the manifest says " +
                          std::to_string(info["bytes"].get<uint64_t>()) + " (the checkpoint is damaged)");
        LS_CHECK_FILE(crc == info["crc32"].get<uint64_t>(), file, "checksum mismatch (the checkpoint is corrupted)");
    }
}

TrainerState readTrainerState(const fs::path& dir) {
    const fs::path file = dir / kState;
    json s = json::parse(readTextFile(file, 1u << 20), nullptr, false);
    LS_CHECK_FILE(!s.is_discarded() && s.is_object(), file, "not a JSON object");
    auto integer = [&](const char* key) {
        LS_CHECK_FILE(s.contains(key) && s[key].is_number_integer() && s[key].get<int64_t>() >= 0, file,
                      std::string("field '") + key + "' must be a non-negative integer");
        return s[key].get<int64_t>();
    };
    LS_CHECK_FILE(integer("format") == kFormat, file, "unknown checkpoint format");
    TrainerState st;
    st.step = integer("step");
    st.microBatches = integer("micro_batches");
    st.tokens = integer("tokens");
    LS_CHECK_FILE(s.contains("elapsed_s") && s["elapsed_s"].is_number(), file, "field 'elapsed_s' must be a number");
    st.elapsedS = s["elapsed_s"].get<double>();
    st.lastLoss = s.contains("last_loss") && s["last_loss"].is_number() ? s["last_loss"].get<double>() : std::nan("");
    return st;
}

void loadOptimizerState(const fs::path& dir, AdamW& optimizer) {
    const fs::path file = dir / kOptimizer;
    auto st = SafetensorsFile::open(file);
    torch::NoGradGuard noGrad;
    auto load = [&](const std::string& name, torch::Tensor& into) {
        const TensorView& v = st->get(name);
        LS_CHECK_FILE(v.dtype == DType::F32, file, "tensor " + name + " must be F32");
        LS_CHECK_FILE(v.shape == into.sizes().vec(), file, "tensor " + name + " does not match the adapter's shape");
        auto src = torch::from_blob(const_cast<std::uint8_t*>(v.data), v.shape, torch::kFloat32);
        into.copy_(src);
    };
    for (std::size_t i = 0; i < optimizer.expAvg().size(); ++i) {
        load("exp_avg." + std::to_string(i), optimizer.expAvg()[i]);
        load("exp_avg_sq." + std::to_string(i), optimizer.expAvgSq()[i]);
    }
    LS_CHECK_FILE(st->tensors().size() == 2 * optimizer.expAvg().size(), file,
                  "holds " + std::to_string(st->tensors().size()) + " tensors, expected " +
                      std::to_string(2 * optimizer.expAvg().size()));
    auto it = st->metadata().find("step");
    LS_CHECK_FILE(it != st->metadata().end(), file, "metadata has no step");
    try {
        optimizer.setStepCount(std::stoll(it->second));
    } catch (const std::exception&) {
        failFile(file, "metadata step is not a number");
    }
}

void pruneCheckpoints(const fs::path& runDir, int keep) {
    const fs::path dir = runDir / "checkpoints";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return;
    auto endsWith = [](const std::string& n, const std::string& suffix) {
        return n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    // Leftovers of a process killed mid-write (.partial), mid-replace (.old) or mid-delete (.deleting).
    std::vector<fs::path> stale;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string n = e.path().filename().string();
        if (endsWith(n, ".partial") || endsWith(n, ".old") || endsWith(n, ".deleting")) stale.push_back(e.path());
    }
    for (const auto& p : stale) removeAll(p);
    if (keep <= 0) return;
    auto all = listCheckpoints(runDir);
    for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < all.size(); ++i) {
        // Renamed out of the step-N namespace first: a kill while the files are being deleted must not
        // leave a step-N folder that still has its manifest but lacks files.
        const fs::path doomed = all[i].string() + ".deleting";
        std::error_code renameError;
        fs::rename(all[i], doomed, renameError);
        removeAll(renameError ? all[i] : doomed);
    }
}

}  // namespace ls::train

namespace ls {

std::vector<std::filesystem::path> listCheckpoints(const std::filesystem::path& runDir) {
    std::vector<std::pair<int64_t, std::filesystem::path>> found;
    std::error_code ec;
    const auto dir = runDir / "checkpoints";
    if (!std::filesystem::is_directory(dir, ec)) return {};
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        const int64_t step = train::stepOf(e.path());
        if (step >= 0 && std::filesystem::is_regular_file(e.path() / train::kManifest))
            found.push_back({step, e.path()});
    }
    std::sort(found.begin(), found.end());
    std::vector<std::filesystem::path> out;
    for (auto& f : found) out.push_back(f.second);
    return out;
}

}  // namespace ls
