#include "train/run_memory.h"

#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lorastudio/atomic_file.h"
#include "lorastudio/demo.h"
#include "lorastudio/memory_fit.h"
#include "lorastudio/model_config.h"
#include "lorastudio/train_errors.h"

namespace ls::train {

namespace {

std::string gib(int64_t bytes) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(2) << static_cast<double>(bytes) / double(int64_t(1) << 30) << " GiB";
    return os.str();
}

}  // namespace

RunMemoryRecord::RunMemoryRecord(const std::filesystem::path& runDir, const Model& model, const TrainConfig& config)
    : m_runDir(runDir) {
    try {
        m_estimate = estimateTrainingMemory(model.config(), config.lora, estimateOptionsFor(config, model.config()));
        m_valid = config.device == Device::CUDA;
    } catch (const std::exception&) {
        m_valid = false;  // the estimate is advisory; training goes on without it
    }
}

void RunMemoryRecord::observe(int64_t step, int64_t measuredPeak) {
    if (!m_valid || m_written || step < kRecordAfterStep) return;
    m_written = true;
    nlohmann::json j;
    j["after_step"] = step;
    j["estimate"] = nlohmann::json::parse(memoryBreakdownToJson(m_estimate));
    j["measured_peak"] = measuredPeak;
    j["estimate_error"] =
        measuredPeak > 0 ? static_cast<double>(m_estimate.total() - measuredPeak) / static_cast<double>(measuredPeak)
                         : 0.0;
    writeFileAtomic(m_runDir / "memory.json", j.dump(2) + "\n");
}

std::string outOfMemoryMessage(const std::filesystem::path&, const TrainConfig& c, int64_t gpuBytes) {
    std::string estimate;
    std::optional<MemoryFit> fit;
    bool fitted = false;  // whether fitToMemory could run: the model's config.json read and the GPU's size known
    try {
        const ModelConfig mc = loadModelConfig(resolveModelDir(c.modelDir) / "config.json");
        estimate =
            " (estimated need " + gib(estimateTrainingMemory(mc, c.lora, estimateOptionsFor(c, mc)).total()) + ")";
        if (gpuBytes > 0) {
            fit = fitToMemory(c, mc, static_cast<int64_t>(kGpuBudgetShare * static_cast<double>(gpuBytes)));
            fitted = true;
        }
    } catch (const std::exception&) {
    }
    const std::string smaller = "lower the batch size or sequence length";
    const std::string head = kOutOfMemoryPrefix + estimate + ": ";
    // The estimate's own pick is the most useful hint, unless the estimate thinks the run already fits.
    if (fit && !fit->change.empty())
        return head + "turn on " + fit->change + " (estimate " + gib(fit->estimate.total()) + kOutOfMemoryFitMarker +
               " --fit gpu or Fit to GPU memory does it), or " + smaller;
    if (fitted && !fit)
        return head + "no memory option fits this GPU's " + gib(gpuBytes) + ": " +
               (c.lora.method != LoraMethod::QLora ? "use QLoRA, or " : "") + smaller;

    std::string hint;
    if (!c.gradCheckpointing) hint += "turn on gradient checkpointing, ";
    if (!c.gradCheckpointing && !c.offloadActivations) hint += "offload activations to host memory, ";
    if (c.lora.method != LoraMethod::QLora && c.streamedLayers == 0)
        hint += "stream layers' weights from host memory, ";
    if (c.lora.method != LoraMethod::QLora) hint += "use QLoRA, ";
    return head + hint + "or " + smaller;
}

}  // namespace ls::train
