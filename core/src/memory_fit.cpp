#include "lorastudio/memory_fit.h"

#include <algorithm>
#include <vector>

namespace ls {

namespace {

constexpr int64_t kFirstUsefulStream = 3;  // two layers' weights stay on the GPU as the slots

std::string describeChange(const TrainConfig& from, const TrainConfig& to) {
    std::vector<std::string> parts;
    if (to.offloadActivations && !from.offloadActivations) parts.push_back("activation offload");
    if (to.gradCheckpointing && !from.gradCheckpointing) parts.push_back("gradient checkpointing");
    if (to.streamedLayers > from.streamedLayers)
        parts.push_back(std::to_string(to.streamedLayers) + " streamed layers");
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
    return out;
}

}  // namespace

std::optional<MemoryFit> fitToMemory(const TrainConfig& config, const ModelConfig& model, int64_t budget) {
    const auto estimate = [&](const TrainConfig& c) {
        return estimateTrainingMemory(model, c.lora, estimateOptionsFor(c, model));
    };
    const auto fitting = [&](const TrainConfig& c) -> std::optional<MemoryFit> {
        MemoryFit fit{c, estimate(c), describeChange(config, c)};
        if (fit.estimate.total() > budget) return std::nullopt;
        return fit;
    };
    if (auto fit = fitting(config)) return fit;
    if (config.device != Device::CUDA) return std::nullopt;

    const bool streams = config.lora.method != LoraMethod::QLora && !model.quantization;
    // Streamed layers from `first` up to `last` on top of `base`: the fewest that fit.
    const auto withStreaming = [&](TrainConfig base, int64_t last) -> std::optional<MemoryFit> {
        if (!streams) return std::nullopt;
        for (int64_t n = std::max(kFirstUsefulStream, config.streamedLayers + 1); n <= last; ++n) {
            base.streamedLayers = n;
            if (auto fit = fitting(base)) return fit;
        }
        return std::nullopt;
    };
    if (!config.gradCheckpointing) {
        TrainConfig offload = config;
        offload.offloadActivations = true;
        if (auto fit = fitting(offload)) return fit;
        if (auto fit = withStreaming(offload, model.numLayers / 4)) return fit;
    }
    TrainConfig checkpointed = config;
    checkpointed.gradCheckpointing = true;
    checkpointed.offloadActivations = false;  // checkpointing keeps nothing to offload
    if (auto fit = fitting(checkpointed)) return fit;
    return withStreaming(checkpointed, model.numLayers);
}

}  // namespace ls
