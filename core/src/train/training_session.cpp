// TrainingSession: a run folder, the training loop with pause / resume / cancel, evaluation, metrics,
// checkpoints and the final adapter. Errors become TrainResult values; nothing escapes run().
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <iomanip>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lora/lora_impl.h"
#include "lorastudio/atomic_file.h"
#include "lorastudio/demo.h"
#include "lorastudio/error.h"
#include "lorastudio/train.h"
#include "model/cuda_allocator.h"
#include "model/model_impl.h"
#include "model/quantized_linear.h"
#include "train/checkpoint.h"
#include "train/device_memory.h"
#include "train/run_memory.h"
#include "train/short_error.h"
#include "train/test_hooks.h"
#include "train/trainer.h"

namespace ls {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

struct TrainingSession::Impl {
    TrainConfig config;
    fs::path runDir;
    fs::path resumeFrom;  // empty for a new run

    std::mutex mutex;
    std::condition_variable wake;
    std::atomic<bool> pauseRequested{false};
    std::atomic<bool> cancelRequested{false};
    std::atomic<RunState> state{RunState::Idle};
    const TrainCallbacks* callbacks = nullptr;
    train::AfterStepHook afterStepHook;  // tests only

    void setState(RunState s) {
        state = s;
        if (callbacks && callbacks->onState) callbacks->onState(s);
    }
    void log(const std::string& line) const {
        if (callbacks && callbacks->onLog) callbacks->onLog(line);
    }
    // Blocks while paused; returns false when cancelled.
    bool waitWhilePaused() {
        if (pauseRequested && !cancelRequested) {
            setState(RunState::Paused);
            log("paused");
            std::unique_lock<std::mutex> lock(mutex);
            wake.wait(lock, [&] { return !pauseRequested || cancelRequested; });
            lock.unlock();
            if (!cancelRequested) {
                setState(RunState::Running);
                log("resumed");
            }
        }
        return !cancelRequested;
    }

    TrainResult train();
};

namespace {

constexpr const char* kConfigFile = "config.json";
constexpr const char* kMetricsFile = "metrics.jsonl";

bool isOutOfMemory(const std::string& what) {
    return what.find("out of memory") != std::string::npos ||
           what.find("CUDA_ERROR_OUT_OF_MEMORY") != std::string::npos;
}

// Appends one line and flushes it (a torn last line after a crash is left out by readMetrics, and
// resuming cuts the file back to the checkpoint's step, which drops it).
class MetricsLog {
public:
    explicit MetricsLog(const fs::path& file) : m_file(file) {
        m_f = std::fopen(file.c_str(), "a");
        if (!m_f) failFile(file, "cannot be opened for writing");
    }
    ~MetricsLog() {
        if (m_f) std::fclose(m_f);
    }
    void append(const StepMetrics& m) {
        const std::string line = stepMetricsToJson(m) + "\n";
        if (train::killPointArmedForTesting("metrics-append", m.step)) {
            std::fwrite(line.data(), 1, line.size() / 2, m_f);
            std::fflush(m_f);
            train::killPointForTesting("metrics-append", m.step);
        }
        if (std::fwrite(line.data(), 1, line.size(), m_f) != line.size() || std::fflush(m_f) != 0)
            failFile(m_file, "write failed (disk full?)");
    }

private:
    fs::path m_file;
    std::FILE* m_f = nullptr;
};

// Keeps the lines of steps 1..step (resume from a checkpoint of that step).
void truncateMetrics(const fs::path& file, int64_t step) {
    if (!fs::exists(file)) return;
    std::string kept;
    for (const auto& m : readMetrics(file))
        if (m.step <= step) kept += stepMetricsToJson(m) + "\n";
    writeFileAtomic(file, kept);
}

// What a run writes inside its folder. None of them may be a symbolic link: a run folder from elsewhere
// (or a mistake) must not make training write or append outside that folder.
void checkRunEntriesStayInside(const fs::path& runDir) {
    for (const char* name : {kConfigFile, kMetricsFile, "adapter", "checkpoints", "memory.json"}) {
        std::error_code ec;
        if (fs::is_symlink(runDir / name, ec))
            failFile(runDir / name,
                     "is a symbolic link; a run writes only inside its own folder (replace the link "
                     "with a real folder or file)");
    }
}

uint64_t microSeed(uint64_t seed, int64_t microBatch) {
    // splitmix64 of (seed, position): independent streams per micro-batch.
    uint64_t z = seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(microBatch) + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

bool adapterIsFinite(const LoraAdapter& adapter) {
    torch::NoGradGuard noGrad;
    for (const auto& m : adapter.impl().state->modules)
        if (!torch::isfinite(m.a).all().item<bool>() || !torch::isfinite(m.b).all().item<bool>()) return false;
    return true;
}

WeightSnapshot takeSnapshot(const lora::LoraState& state, model::LlamaModel& decoder,
                            const std::vector<std::string>& wanted, int64_t step) {
    std::map<std::string, double> quantError;
    for (const auto& ref : lora::decoderLinears(decoder))
        if (ref.weights->quantized) quantError[ref.info.name] = ref.weights->quantized->quantErrorNorm;
    torch::NoGradGuard noGrad;
    WeightSnapshot snap;
    snap.step = step;
    for (const auto& m : state.modules) {
        // ‖s·B·A‖_F² = s²·trace((BᵀB)(AAᵀ)): r×r products, no [out, in] matrix.
        auto a = m.a.to(torch::kFloat64), b = m.b.to(torch::kFloat64);
        const double sq = torch::trace(torch::matmul(b.t().mm(b), a.mm(a.t()))).item<double>();
        auto qe = quantError.find(m.name);
        snap.updateNorms.push_back({m.name, m.site.layer, m.scaling * std::sqrt(std::max(0.0, sq)),
                                    qe == quantError.end() ? -1.0 : qe->second});
        const bool chosen =
            wanted.empty() ? snap.tensors.empty() : std::find(wanted.begin(), wanted.end(), m.name) != wanted.end();
        if (!chosen) continue;
        for (const auto& [name, t] : {std::pair<const char*, torch::Tensor>{"lora_A", m.a}, {"lora_B", m.b}}) {
            auto cpu = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
            TensorSnapshot ts{m.name, name, cpu.sizes().vec(), {}};
            ts.values.assign(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
            snap.tensors.push_back(std::move(ts));
        }
    }
    return snap;
}

}  // namespace

TrainResult TrainingSession::Impl::train() {
    TrainResult result;
    const TrainConfig& c = config;
    const auto started = Clock::now();

    // The model, with the base quantized to NF4 for QLoRA.
    LoadOptions load;
    load.device = c.device;
    load.dtype = c.dtype ? *c.dtype : (c.device == Device::CUDA ? ComputeType::BF16 : ComputeType::F32);
    load.quantizeNf4 = c.lora.method == LoraMethod::QLora;
    load.streamedLayers = c.streamedLayers;
    const fs::path modelDir = resolveModelDir(c.modelDir);
    log("loading " + modelDir.string() + (load.quantizeNf4 ? " (quantizing to NF4)" : ""));
    auto model = Model::load(modelDir, load);
    const torch::Device device = model->impl().decoder.device();
    const Tokenizer tok = Tokenizer::fromFolder(modelDir);

    log("reading " + c.dataFile);
    TrainingData data = prepareTrainingData(c.dataFile, tok, c.data);
    LS_CHECK_FILE(!data.train.empty(), c.dataFile, "no training examples (every row was empty or dropped)");
    log("data: " + std::to_string(data.rows) + " rows (" + dataFormatName(data.format) + ", template " +
        promptTemplateName(data.resolvedTemplate) + "), " + std::to_string(data.train.size()) + " train / " +
        std::to_string(data.eval.size()) + " eval sequences" +
        (data.truncated ? ", " + std::to_string(data.truncated) + " truncated" : ""));

    // The adapter: new, or the checkpoint's (its A and B exactly, method and seed from the config).
    std::unique_ptr<LoraAdapter> adapter;
    if (resumeFrom.empty()) {
        adapter = LoraAdapter::create(*model, c.lora);
    } else {
        adapter = LoraAdapter::loadPeft(*model, resumeFrom);
        auto& st = *adapter->impl().state;
        st.options = c.lora;
        for (auto& m : st.modules) {
            m.a.set_requires_grad(c.lora.method != LoraMethod::LoraFa);
            m.b.set_requires_grad(true);
        }
    }
    adapter->attach(*model);
    adapter->setTraining(true);
    log("adapter: " + std::to_string(adapter->targetNames().size()) + " modules, " +
        std::to_string(adapter->trainableParameterCount()) + " trainable parameters (" + loraMethodName(c.lora.method) +
        ", r " + std::to_string(c.lora.r) + ")");

    train::Trainer trainer(*model, *adapter, c);
    if (device.is_cuda()) {
        log(trainer.cudaGraphs() ? "CUDA graphs: on (a batch shape's second step is captured, then replayed)"
                                 : "CUDA graphs: off (" + trainer.graphsOffReason() + ")");
        log("CUDA allocator: " + model::cudaAllocatorSettings());
        if (model->hostEmbeddingBytes() > 0)
            log("embedding table: in host memory (" + std::to_string(model->hostEmbeddingBytes() >> 20) +
                " MiB less on the GPU; each step reads only its tokens' rows)");
        else if (!model->hostEmbeddingProblem().empty())
            log("embedding table: on the GPU (host memory could not be mapped: " + model->hostEmbeddingProblem() + ")");
    }
    if (model->streamedLayers() > 0)
        log("weight streaming: " + std::to_string(model->streamedLayers()) + " layers' weights in host memory (" +
            std::to_string(model->streamedWeightBytes() >> 20) + " MiB page-locked, copied in before each use)");
    else if (c.streamedLayers > 0)
        log("weight streaming: off (" + model->weightStreamProblem() + ")");
    if (c.offloadActivations && !trainer.offloadingActivations())
        log("activation offload: off (" + trainer.offloadOffReason() + ")");
    bool offloadReported = !trainer.offloadingActivations();
    bool graphsWereOn = trainer.cudaGraphs();
    train::TrainerState ts;
    if (!resumeFrom.empty()) {
        ts = train::readTrainerState(resumeFrom);
        train::loadOptimizerState(resumeFrom, trainer.optimizer());
        truncateMetrics(runDir / kMetricsFile, ts.step);
        log("resumed from " + resumeFrom.string() + " at step " + std::to_string(ts.step));
    }

    const TokenId pad = tok.eosId().value_or(0);
    train::ExampleStream stream(data.train, c.batchSize, c.seed, pad);
    const int64_t totalSteps =
        c.steps > 0 ? c.steps
                    : std::max<int64_t>(1, static_cast<int64_t>(std::ceil(c.epochs * stream.microBatchesPerEpoch() /
                                                                          static_cast<double>(c.gradAccum))));
    std::vector<train::MicroBatch> evalBatches;
    for (std::size_t i = 0; i < data.eval.size(); i += static_cast<std::size_t>(c.batchSize)) {
        if (c.evalBatches > 0 && static_cast<int64_t>(evalBatches.size()) >= c.evalBatches) break;
        std::vector<const Example*> rows;
        for (std::size_t k = i; k < std::min(data.eval.size(), i + static_cast<std::size_t>(c.batchSize)); ++k)
            rows.push_back(&data.eval[k]);
        evalBatches.push_back(train::collate(rows, pad, device));
    }

    MetricsLog metrics(runDir / kMetricsFile);
    train::RunMemoryRecord memoryRecord(runDir, *model, c);
    train::resetPeakMemory(device);
    const double elapsedBefore = ts.elapsedS;
    auto elapsed = [&] { return elapsedBefore + std::chrono::duration<double>(Clock::now() - started).count(); };
    const std::string baseName = modelDir.string();
    int64_t lastCheckpointStep = resumeFrom.empty() ? -1 : ts.step;
    if (!resumeFrom.empty()) result.lastCheckpoint = resumeFrom;
    auto checkpoint = [&] {
        if (ts.step == lastCheckpointStep || ts.step == 0) return;
        ts.elapsedS = elapsed();
        result.lastCheckpoint = train::writeCheckpoint(runDir, *adapter, trainer.optimizer(), ts, baseName);
        lastCheckpointStep = ts.step;
        train::killPointForTesting("checkpoint-renamed", ts.step);
        train::pruneCheckpoints(runDir, c.keepCheckpoints);
        log("checkpoint " + result.lastCheckpoint.string());
    };
    auto writeAdapter = [&] {
        if (ts.step == 0) return;
        adapter->savePeft(runDir / "adapter", baseName);
        result.adapterDir = runDir / "adapter";
    };

    double stepSeconds = 0;  // moving average, for the ETA
    while (ts.step < totalSteps) {
        if (!waitWhilePaused()) break;
        const auto t0 = Clock::now();
        const double lr = learningRateAt(c.schedule, c.lr, ts.step, c.warmupSteps, totalSteps);
        const int64_t firstMicro = ts.microBatches;
        train::StepOutcome out = trainer.step([&](int micro) { return stream.batch(firstMicro + micro, device); }, lr,
                                              microSeed(c.seed, firstMicro), &cancelRequested);
        if (!out.completed) break;  // cancelled mid-step: the step is abandoned, nothing was applied
        if (!offloadReported) {
            const int64_t layers = model->config().numLayers;
            log("activation offload: " + std::to_string(trainer.offloadedBytes() >> 20) +
                " MiB per micro-batch to host memory (gate and up of the first " +
                std::to_string(layers - offloadKeptLayers(layers)) + " of " + std::to_string(layers) + " layers; " +
                std::to_string(trainer.offloadPinnedBytes() >> 20) + " MiB page-locked)");
            offloadReported = true;
        }
        if (graphsWereOn && !trainer.cudaGraphs()) {
            log("CUDA graphs: off from step " + std::to_string(ts.step + 1) + ", a capture failed (" +
                trainer.graphsOffReason() + "); training goes on without them");
            graphsWereOn = false;
        }
        if (!out.finite) {
            // The update was not applied, so the weights are those of the last finite step; write them
            // only if they are finite themselves.
            if (adapterIsFinite(*adapter)) writeAdapter();
            result.state = RunState::Failed;
            std::ostringstream msg;
            msg << (std::isfinite(out.loss) ? "gradient norm" : "loss") << " became "
                << (std::isnan(std::isfinite(out.loss) ? out.gradNorm : out.loss) ? "NaN" : "Inf") << " at step "
                << ts.step + 1 << "; training stopped before applying it (try a lower learning rate)";
            if (!result.lastCheckpoint.empty()) msg << "; last good checkpoint: " << result.lastCheckpoint.string();
            result.message = msg.str();
            result.steps = ts.step;
            return result;
        }
        ts.step += 1;
        ts.microBatches += c.gradAccum;
        ts.tokens += out.tokens;
        ts.lastLoss = out.loss;
        const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
        stepSeconds = stepSeconds == 0 ? dt : 0.9 * stepSeconds + 0.1 * dt;

        StepMetrics m;
        m.step = ts.step;
        m.totalSteps = totalSteps;
        m.epoch = stream.epochAfter(ts.microBatches);
        m.loss = out.loss;
        m.lr = lr;
        m.gradNorm = out.gradNorm;
        m.tokensPerS = dt > 0 ? static_cast<double>(out.tokens) / dt : 0;
        m.tokens = ts.tokens;
        m.elapsedS = elapsed();
        m.etaS = stepSeconds * static_cast<double>(totalSteps - ts.step);
        const train::DeviceMemory mem = train::deviceMemory(device);
        m.memAllocated = mem.allocated;
        m.memReserved = mem.reserved;
        m.memPeak = mem.footprint(trainer.cudaGraphs());
        const bool evalNow =
            !evalBatches.empty() && ((c.evalEvery > 0 && ts.step % c.evalEvery == 0) || ts.step == totalSteps);
        if (evalNow) {
            m.evalLoss = trainer.evalLoss(evalBatches);
            result.finalEvalLoss = m.evalLoss;
        }
        metrics.append(m);
        memoryRecord.observe(ts.step, m.memPeak);
        if (callbacks && callbacks->onMetrics) callbacks->onMetrics(m);
        if (c.snapshotEvery > 0 && ts.step % c.snapshotEvery == 0 && callbacks && callbacks->onSnapshot)
            callbacks->onSnapshot(
                takeSnapshot(*adapter->impl().state, model->impl().decoder, c.snapshotModules, ts.step));
        result.finalLoss = out.loss;
        if (c.checkpointEvery > 0 && ts.step % c.checkpointEvery == 0) checkpoint();
        if (afterStepHook) afterStepHook(ts.step, *adapter);
    }

    checkpoint();
    writeAdapter();
    result.steps = ts.step;
    if (cancelRequested && ts.step < totalSteps) {
        result.state = RunState::Cancelled;
        result.message = "cancelled at step " + std::to_string(ts.step) + " of " + std::to_string(totalSteps) +
                         (ts.step ? "; adapter and checkpoint saved" : "");
    } else {
        result.state = RunState::Finished;
        std::ostringstream msg;
        msg << "finished " << ts.step << " steps, loss " << std::setprecision(4) << result.finalLoss;
        if (result.finalEvalLoss) msg << ", eval loss " << *result.finalEvalLoss;
        result.message = msg.str();
    }
    adapter->setTraining(false);
    return result;
}

TrainingSession::TrainingSession(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
TrainingSession::~TrainingSession() = default;

std::unique_ptr<TrainingSession> TrainingSession::create(const TrainConfig& config, const fs::path& runDir) {
    validateTrainConfig(config);
    std::error_code ec;
    // A folder whose run never completed a step (e.g. it failed on a bad data path) may be reused.
    const bool trained = !listCheckpoints(runDir).empty() || (fs::is_regular_file(runDir / kMetricsFile, ec) &&
                                                              fs::file_size(runDir / kMetricsFile, ec) > 0);
    LS_CHECK_FILE(
        !trained, runDir,
        "already holds a run (metrics or checkpoints exist); resume from one of its checkpoints or pick a new "
        "folder");
    fs::create_directories(runDir, ec);
    LS_CHECK_FILE(fs::is_directory(runDir, ec), runDir, "cannot create the run folder");
    checkRunEntriesStayInside(runDir);
    writeFileAtomic(runDir / kConfigFile, trainConfigToJson(config));
    auto impl = std::make_unique<Impl>();
    impl->config = config;
    impl->runDir = runDir;
    return std::unique_ptr<TrainingSession>(new TrainingSession(std::move(impl)));
}

std::unique_ptr<TrainingSession> TrainingSession::resume(const fs::path& checkpointArg) {
    // "RUN/checkpoints/step-000100/" (a shell completes the slash) names the same checkpoint.
    fs::path checkpointDir = checkpointArg.lexically_normal();
    while (checkpointDir.has_parent_path() && checkpointDir.filename().empty())
        checkpointDir = checkpointDir.parent_path();
    train::verifyCheckpoint(checkpointDir);
    const fs::path runDir = checkpointDir.parent_path().parent_path();
    checkRunEntriesStayInside(runDir);
    const fs::path configFile = runDir / kConfigFile;
    LS_CHECK_FILE(fs::is_regular_file(configFile), checkpointDir,
                  "is not inside a run folder (no " + configFile.string() + ")");
    auto impl = std::make_unique<Impl>();
    impl->config = trainConfigFromJson(readTextFile(configFile, 1u << 20), configFile.string());
    impl->runDir = runDir;
    impl->resumeFrom = checkpointDir;
    return std::unique_ptr<TrainingSession>(new TrainingSession(std::move(impl)));
}

namespace train {
void setAfterStepHookForTesting(TrainingSession& session, AfterStepHook hook) {
    session.m_impl->afterStepHook = std::move(hook);
}
}  // namespace train

const TrainConfig& TrainingSession::config() const { return m_impl->config; }
const fs::path& TrainingSession::runDir() const { return m_impl->runDir; }
RunState TrainingSession::state() const { return m_impl->state; }

void TrainingSession::pause() { m_impl->pauseRequested = true; }

void TrainingSession::resume() {
    {
        std::lock_guard<std::mutex> lock(m_impl->mutex);
        m_impl->pauseRequested = false;
    }
    m_impl->wake.notify_all();
}

void TrainingSession::cancel() {
    {
        std::lock_guard<std::mutex> lock(m_impl->mutex);
        m_impl->cancelRequested = true;
    }
    m_impl->wake.notify_all();
}

TrainResult TrainingSession::run(const TrainCallbacks& callbacks) {
    m_impl->callbacks = &callbacks;
    m_impl->setState(RunState::Running);
    TrainResult result;
    try {
        result = m_impl->train();
    } catch (const Error& e) {
        result.state = RunState::Failed;
        result.message = e.what();
    } catch (const c10::Error& e) {
        result.state = RunState::Failed;
        const std::string what = e.what();
        result.message = isOutOfMemory(what)
                             ? train::outOfMemoryMessage(m_impl->runDir, m_impl->config, describeDevice().totalMemory)
                             : "training failed: " + train::shortError(what);
    } catch (const std::bad_alloc&) {
        result.state = RunState::Failed;
        result.message = "out of host memory; try a smaller batch or sequence length";
    } catch (const std::exception& e) {
        result.state = RunState::Failed;
        result.message = "training failed: " + train::shortError(e.what());
    }
    if (result.lastCheckpoint.empty()) {
        auto all = listCheckpoints(m_impl->runDir);
        if (!all.empty()) result.lastCheckpoint = all.back();
    }
    m_impl->setState(result.state);
    m_impl->callbacks = nullptr;
    return result;
}

}  // namespace ls
