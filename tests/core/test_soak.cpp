// Soak (issue 9, item 6): 2,000 CPU steps on the llama3 fixture through pause / resume / cancel / resume
// cycles, as a user leaving the app for hours would. Checks: the process's resident memory stays flat
// (sampled from /proc/self/statm every few steps), metrics.jsonl holds every step exactly once in order,
// every pause stops the steps, every cancel leaves an adapter and a checkpoint to resume from.
// Label "soak" (and "core"): it runs in CI with the rest of ctest, in well under the 3-minute budget.
#include <torch/torch.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "lorastudio/train.h"
// clang-format off
#include "check.h"  // last: glog (via torch) defines CHECK
// clang-format on

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int64_t kSteps = 2000;
// Memory: after the warm-up (the first segment's first steps: allocator pools, oneDNN/BLAS workspaces,
// lazily loaded code), the resident size may grow by at most this fraction of the post-warm-up value,
// counted at any sample of any later segment (each resume loads the model afresh).
constexpr int64_t kWarmupSteps = 200;
constexpr double kMaxRssGrowth = 0.10;
constexpr int kRssEvery = 10;                 // sample every N steps
constexpr int kPauseQuietMs = 100;            // a paused run makes no step for this long
constexpr int kStateTimeoutMs = 30000;        // a pause or cancel takes effect well within this
// Where each segment is cancelled (the last runs to the end); between, pauses at these offsets.
const std::vector<int64_t> kCancelAt = {450, 900, 1400};
const std::vector<int64_t> kPauseEvery = {97, 211};

int64_t rssBytes() {
    std::ifstream statm("/proc/self/statm");
    int64_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<int64_t>(::sysconf(_SC_PAGESIZE));
}

fs::path scratchDir() {
    char tmpl[] = "/tmp/ls_test_soak_XXXXXX";
    const char* made = mkdtemp(tmpl);
    if (!made) throw ls::test::Failure{"mkdtemp failed"};
    return made;
}

fs::path writeDataset(const fs::path& dir) {
    const fs::path file = dir / "train.jsonl";
    std::ofstream out(file);
    const char* words[] = {"red", "blue", "green", "cat", "dog", "sun", "moon", "tree"};
    for (int i = 0; i < 64; ++i)
        out << nlohmann::json{{"instruction", "Name thing " + std::to_string(i)},
                              {"output", std::string("ANSWER: ") + words[i % 8] + "."}}
                   .dump()
            << "\n";
    return file;
}

bool waitFor(const std::function<bool()>& cond) {
    for (int i = 0; i < kStateTimeoutMs / 2; ++i) {
        if (cond()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return cond();
}

struct Samples {
    std::mutex mutex;
    std::vector<std::pair<int64_t, int64_t>> rss;  // (step, bytes)
};

}  // namespace

TEST_CASE("soak: 2000 steps with pause / resume / cancel / resume; RSS flat; metrics complete") {
    const auto started = Clock::now();
    at::set_num_threads(1);  // steady timing on a shared 2-core machine; the test is about state, not speed
    const fs::path dir = scratchDir();
    ls::TrainConfig c;
    c.modelDir = (ls::test::fixtures() / "models" / "llama3").string();
    c.dataFile = writeDataset(dir).string();
    c.lora.r = 4;
    c.lora.alpha = 8;
    c.lora.targetModules = {"q_proj", "v_proj"};
    c.data.seqLen = 40;
    c.steps = kSteps;
    c.batchSize = 2;
    c.lr = 1e-3;
    c.schedule = ls::LrSchedule::Cosine;
    c.checkpointEvery = 250;
    c.keepCheckpoints = 2;
    c.evalEvery = 0;
    const fs::path runDir = dir / "run";

    Samples samples;
    std::unique_ptr<ls::TrainingSession> session = ls::TrainingSession::create(c, runDir);
    int segment = 0, pauses = 0, cancels = 0;
    int64_t lastStep = 0;
    bool finished = false;
    while (!finished) {
        REQUIRE(segment < 10);
        std::atomic<int64_t> step{0};
        ls::TrainCallbacks cb;
        cb.onMetrics = [&](const ls::StepMetrics& m) {
            step = m.step;
            if (m.step % kRssEvery == 0) {
                std::lock_guard<std::mutex> lock(samples.mutex);
                samples.rss.push_back({m.step, rssBytes()});
            }
        };
        ls::TrainResult result;
        std::thread worker([&] { result = session->run(cb); });
        const int64_t cancelAt =
            segment < static_cast<int>(kCancelAt.size()) ? kCancelAt[static_cast<std::size_t>(segment)] : -1;
        // Pauses inside the segment: at a few offsets from where it started.
        for (int64_t offset : kPauseEvery) {
            const int64_t at = lastStep + offset;
            if ((cancelAt > 0 && at >= cancelAt) || at >= kSteps) break;
            auto ended = [&] {
                const ls::RunState st = session->state();
                return st == ls::RunState::Finished || st == ls::RunState::Failed || st == ls::RunState::Cancelled;
            };
            if (!waitFor([&] { return step >= at || ended(); }) || ended()) break;
            session->pause();
            CHECK(waitFor([&] { return session->state() == ls::RunState::Paused; }));
            const int64_t pausedAt = step;
            std::this_thread::sleep_for(std::chrono::milliseconds(kPauseQuietMs));
            CHECK_EQ(step.load(), pausedAt);  // no step while paused
            session->resume();
            CHECK(waitFor([&] { return step > pausedAt; }));
            ++pauses;
        }
        if (cancelAt > 0) {
            CHECK(waitFor([&] { return step >= cancelAt || session->state() == ls::RunState::Failed; }));
            // A cancel while paused, once: it must still end the run and save.
            if (segment == 1) {
                session->pause();
                CHECK(waitFor([&] { return session->state() == ls::RunState::Paused; }));
            }
            session->cancel();
        }
        worker.join();
        std::cout << "  segment " << segment << ": " << result.message << "\n";
        if (cancelAt > 0) {
            REQUIRE(result.state == ls::RunState::Cancelled);
            ++cancels;
            CHECK(fs::is_regular_file(runDir / "adapter/adapter_model.safetensors"));
            REQUIRE(!result.lastCheckpoint.empty());
            CHECK_EQ(result.lastCheckpoint.filename().string(),
                     ls::listCheckpoints(runDir).back().filename().string());
            CHECK(result.steps >= cancelAt && result.steps < kSteps);
            lastStep = result.steps;
            session = ls::TrainingSession::resume(result.lastCheckpoint);
        } else {
            if (result.state != ls::RunState::Finished) std::cout << "  run ended: " << result.message << "\n";
            REQUIRE(result.state == ls::RunState::Finished);
            CHECK_EQ(result.steps, kSteps);
            finished = true;
        }
        ++segment;
    }
    session.reset();

    // metrics.jsonl: steps 1..2000, each once, in order.
    const auto metrics = ls::readMetrics(runDir / "metrics.jsonl");
    CHECK_EQ(metrics.size(), static_cast<std::size_t>(kSteps));
    int64_t gaps = 0;
    for (std::size_t i = 0; i < metrics.size(); ++i)
        if (metrics[i].step != static_cast<int64_t>(i) + 1) ++gaps;
    CHECK_EQ(gaps, int64_t(0));
    {
        std::ifstream in(runDir / "metrics.jsonl");
        std::string line;
        std::vector<int64_t> steps;
        while (std::getline(in, line)) steps.push_back(nlohmann::json::parse(line).at("step").get<int64_t>());
        std::vector<int64_t> sorted = steps;
        std::sort(sorted.begin(), sorted.end());
        CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());  // no duplicates
        CHECK_EQ(steps.size(), static_cast<std::size_t>(kSteps));
    }
    for (const auto& m : metrics) CHECK(std::isfinite(m.loss));
    CHECK(metrics.back().loss < metrics.front().loss);

    // RSS: flat after the warm-up.
    int64_t baseline = 0, peak = 0, last = 0;
    for (const auto& [s, bytes] : samples.rss) {
        if (s == kWarmupSteps && baseline == 0) baseline = bytes;
        if (s > kWarmupSteps) peak = std::max(peak, bytes);
        last = bytes;
    }
    REQUIRE(baseline > 0);
    const double growth = static_cast<double>(peak - baseline) / static_cast<double>(baseline);
    const double secs = std::chrono::duration<double>(Clock::now() - started).count();
    std::cout << "  soak figures: " << kSteps << " steps in " << segment << " segments, " << pauses << " pauses, "
              << cancels << " cancels + resumes, " << samples.rss.size() << " RSS samples; RSS at step "
              << kWarmupSteps << " " << baseline / (1 << 20) << " MiB, peak after " << peak / (1 << 20)
              << " MiB, at the end " << last / (1 << 20) << " MiB (growth " << growth * 100 << "%, limit "
              << kMaxRssGrowth * 100 << "%); " << secs << " s\n";
    CHECK(growth < kMaxRssGrowth);
    CHECK(pauses >= 6);
    CHECK_EQ(cancels, static_cast<int>(kCancelAt.size()));
    ls::test::removeTree(dir);
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
