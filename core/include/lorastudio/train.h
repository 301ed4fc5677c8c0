// Training an adapter: the run's configuration (config.json), per-step metrics (metrics.jsonl), and a
// training session that can be paused, resumed and cancelled from another thread. Torch-free header;
// the implementation lives in core/src/train.
//
// A run is a folder:
//   RUN/config.json                    TrainConfig, everything needed to reproduce the run
//   RUN/metrics.jsonl                  one StepMetrics per line (eval lines carry eval_loss)
//   RUN/checkpoints/step-000100/       adapter (PEFT), optimizer, trainer state, manifest with CRC-32s
//   RUN/adapter/                       the final adapter (PEFT folder), also written on cancel
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lorastudio/dataset.h"
#include "lorastudio/lora.h"
#include "lorastudio/model.h"

namespace ls {

class TrainingSession;
namespace train {
void setAfterStepHookForTesting(TrainingSession& session, std::function<void(int64_t, LoraAdapter&)> hook);
}

enum class LrSchedule { Constant, Linear, Cosine };
const char* lrScheduleName(LrSchedule s);          // "constant", "linear", "cosine"
LrSchedule parseLrSchedule(const std::string& s);  // throws ls::Error on anything else

// The learning rate at optimizer step `step` (0-based) of `total`: linear warmup from 0 over `warmup`
// steps, then constant, linear decay to 0, or half a cosine to 0 at step `total`.
double learningRateAt(LrSchedule schedule, double peak, int64_t step, int64_t warmup, int64_t total);

// Activation offload keeps the last 9 of every 32 layers on the GPU: backward needs them first, and the rest
// should be what PCIe can move while the forward pass runs. On an H100 with llama-8b 2 × 1024, offloading 28
// of 32 layers made each step 10% slower (the link, 55 GB/s, needs 60 ms for them; the forward pass takes
// about 50); 23 layers cost 1.5% (README, Performance).
inline int64_t offloadKeptLayers(int64_t layers) { return (layers * 9 + 31) / 32; }

struct TrainConfig {
    std::string modelDir;  // Hugging Face folder, or "demo"
    std::string dataFile;  // JSON / JSONL (alpaca, chat or text)
    LoraOptions lora;      // rank, alpha, targets, method (QLoRA quantizes the base to NF4 + double quant)
    DataOptions data;      // sequence length, packing, eval split, template

    Device device = Device::CPU;
    // Compute dtype of the frozen base. Adapters are kept in float32 and compute in this dtype.
    // Default: bf16 on CUDA, fp32 on the CPU (bit-reproducible there).
    std::optional<ComputeType> dtype;

    int64_t steps = 0;    // optimizer steps; 0 = derived from epochs
    double epochs = 1.0;  // used when steps == 0
    int batchSize = 4;    // sequences per micro-batch
    int gradAccum = 1;    // micro-batches per optimizer step
    double lr = 2e-4;     // peak learning rate
    LrSchedule schedule = LrSchedule::Cosine;
    int64_t warmupSteps = 0;
    double weightDecay = 0.0;  // AdamW decoupled weight decay on the adapter weights
    double beta1 = 0.9, beta2 = 0.999, adamEps = 1e-8;
    double maxGradNorm = 1.0;        // clip the global norm to this; 0 = no clipping (the norm is still reported)
    bool gradCheckpointing = false;  // recompute each decoder layer in backward instead of keeping it
    bool pagedOptimizer = false;     // CUDA only: optimizer state in managed memory that may move to the host
    bool cudaGraphs = true;          // CUDA: replay each step from CUDA graphs when batch shapes repeat (no dropout)
    // CUDA, without checkpointing: SwiGLU's gate and up of all but the last offloadKeptLayers() layers wait in
    // page-locked host memory between forward and backward (less GPU memory at the peak)
    bool offloadActivations = false;
    // CUDA, LoRA and LoRA-FA: the frozen projection weights of this many decoder layers stay in page-locked
    // host memory and are copied in before each use (LoadOptions::streamedLayers); 0 = none
    int64_t streamedLayers = 0;
    uint64_t seed = 0;               // data order, dropout and A's init; the same seed gives the same run on CPU

    int64_t evalEvery = 0;        // eval loss every N steps (0 = only at the end, when there is an eval split)
    int64_t evalBatches = 0;      // eval on at most this many batches (0 = the whole eval split)
    int64_t checkpointEvery = 0;  // checkpoint every N steps (0 = only at the end and on cancel)
    int keepCheckpoints = 3;      // older checkpoints beyond this many are deleted (0 = keep all)
    int64_t snapshotEvery = 0;    // weight snapshots for the live histograms every N steps (0 = none)
    std::vector<std::string> snapshotModules;  // module names to snapshot (empty: the first adapted one)
};

// JSON with snake_case keys; the "lora" and "data" blocks as their own option objects. Strict: unknown
// keys and wrong types are errors naming `source`.
std::string trainConfigToJson(const TrainConfig& config);
TrainConfig trainConfigFromJson(const std::string& jsonText, const std::string& source);
// Throws ls::Error("<source>: <field> ...") for out-of-range values.
void validateTrainConfig(const TrainConfig& config, const std::string& source = "training config");

struct StepMetrics {
    int64_t step = 0;  // optimizer steps done (1-based)
    int64_t totalSteps = 0;
    double epoch = 0;                                        // fractional epoch reached
    double loss = 0;                                         // mean train loss over the step's micro-batches
    double lr = 0;                                           // learning rate used for this step
    double gradNorm = 0;                                     // global L2 norm before clipping
    double tokensPerS = 0;                                   // trained (non-padding) tokens per second over this step
    int64_t tokens = 0;                                      // tokens seen so far
    double elapsedS = 0;                                     // wall time of the run so far (all sessions)
    double etaS = 0;                                         // estimated time to the last step
    // Bytes. CUDA: the caching allocator's allocated, reserved and peak allocated. CPU: the process's
    // resident memory and its peak (reserved 0).
    int64_t memAllocated = 0, memReserved = 0, memPeak = 0;
    std::optional<double> evalLoss;
};
std::string stepMetricsToJson(const StepMetrics& m);  // one line, no newline
StepMetrics stepMetricsFromJson(const std::string& line, const std::string& source);
// All lines of RUN/metrics.jsonl; a malformed line is an error naming the file and line, except an
// unterminated last line that does not parse (an append cut short by a crash), which is left out.
std::vector<StepMetrics> readMetrics(const std::filesystem::path& metricsFile);

// Weights of chosen adapted modules for the live histograms, and the size of every module's update.
struct TensorSnapshot {
    std::string module;  // "model.layers.0.self_attn.q_proj"
    std::string tensor;  // "lora_A" or "lora_B"
    std::vector<int64_t> shape;
    std::vector<float> values;
};
struct ModuleUpdateNorm {
    std::string module;
    int64_t layer = -1;
    double norm = 0;  // ‖scaling·B·A‖_F
    // QLoRA: ‖W − dequant(quant(W))‖_F of the same base weight, the error the adapter can make up for;
    // −1 when the base is not quantized by the engine.
    double quantErrorNorm = -1;
};
struct WeightSnapshot {
    int64_t step = 0;
    std::vector<TensorSnapshot> tensors;        // the config's snapshotModules (or the first adapted module)
    std::vector<ModuleUpdateNorm> updateNorms;  // every adapted module, in model order
};

enum class RunState { Idle, Running, Paused, Finished, Failed, Cancelled };
const char* runStateName(RunState s);  // "idle", "running", ...

struct TrainResult {
    RunState state = RunState::Idle;       // Finished, Failed or Cancelled
    std::string message;                   // one line; the error when Failed
    int64_t steps = 0;                     // optimizer steps done
    std::filesystem::path adapterDir;      // RUN/adapter when an adapter was written
    std::filesystem::path lastCheckpoint;  // the newest loadable checkpoint, if any
    double finalLoss = 0;
    std::optional<double> finalEvalLoss;
};

struct TrainCallbacks {
    std::function<void(const StepMetrics&)> onMetrics;  // after every step, and eval lines
    std::function<void(const WeightSnapshot&)> onSnapshot;
    std::function<void(const std::string&)> onLog;  // human-readable lines (loading, checkpoints)
    std::function<void(RunState)> onState;
};

// One training run. run() trains in the calling thread; pause(), resume() and cancel() may be called
// from any thread and take effect between micro-batches. Errors never escape run(): they come back as
// TrainResult{Failed, message}. A cancelled or failed run keeps its last checkpoint and (when any step
// was done) writes its adapter.
class TrainingSession {
public:
    // A new run in runDir (created; refused if it already holds a run).
    static std::unique_ptr<TrainingSession> create(const TrainConfig& config, const std::filesystem::path& runDir);
    // Continues the run a checkpoint belongs to (RUN/checkpoints/step-N): config, adapter, optimizer,
    // data position are restored after their checksums are verified; metrics.jsonl is cut back to step N.
    static std::unique_ptr<TrainingSession> resume(const std::filesystem::path& checkpointDir);
    ~TrainingSession();

    const TrainConfig& config() const;
    const std::filesystem::path& runDir() const;

    TrainResult run(const TrainCallbacks& callbacks = {});
    void pause();
    void resume();
    void cancel();
    RunState state() const;

private:
    struct Impl;
    explicit TrainingSession(std::unique_ptr<Impl> impl);
    friend void train::setAfterStepHookForTesting(TrainingSession&, std::function<void(int64_t, LoraAdapter&)>);
    std::unique_ptr<Impl> m_impl;
};

// Loss and perplexity of a model (with an optional PEFT adapter) on a dataset.
struct EvalResult {
    double loss = 0, perplexity = 0;
    int64_t tokens = 0, sequences = 0;
};
EvalResult evaluateModel(const std::string& modelDir, const std::string& adapterDir, const std::string& dataFile,
                         const DataOptions& data, Device device, int batchSize = 4,
                         const std::function<bool(int done, int total)>& progress = {});

// Checkpoints of a run, oldest first.
std::vector<std::filesystem::path> listCheckpoints(const std::filesystem::path& runDir);

// A run folder as the run history shows it. describeRun never throws: a damaged folder comes back with
// `error` set (one line naming the file) and whatever could be read.
struct RunSummary {
    std::filesystem::path dir;
    std::optional<TrainConfig> config;
    std::vector<StepMetrics> metrics;
    std::vector<std::filesystem::path> checkpoints;
    bool hasAdapter = false;  // RUN/adapter holds a PEFT adapter
    int64_t stepsDone = 0;    // the last metrics line's step
    int64_t totalSteps = 0;   // from the metrics (0 when no step was done)
    std::string error;
};
RunSummary describeRun(const std::filesystem::path& runDir);
// Folders directly under `folder` that hold a config.json, newest first by modification time.
std::vector<std::filesystem::path> findRuns(const std::filesystem::path& folder);

}  // namespace ls
