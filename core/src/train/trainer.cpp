#include "train/trainer.h"

#include <cmath>

#include "lora/lora_impl.h"
#include "model/model_impl.h"
#include "train/lm_loss.h"
#include "train/paged_memory.h"

namespace ls::train {

std::function<torch::Tensor(const torch::Tensor&)> optimizerStateAllocator(const TrainConfig& config) {
    if (!config.pagedOptimizer) return {};
    return [](const torch::Tensor& like) { return pagedZeros(like); };
}

namespace {

AdamWOptions adamOptions(const TrainConfig& c) {
    AdamWOptions o;
    o.beta1 = c.beta1;
    o.beta2 = c.beta2;
    o.eps = c.adamEps;
    o.weightDecay = c.weightDecay;
    return o;
}

// Streamed weights back where the next forward pass (or a graph's replay) expects them.
void afterBackward(const model::LlamaModel& decoder) {
    if (model::WeightStream* stream = decoder.weightStream()) stream->goHome();
}

}  // namespace

Trainer::Trainer(Model& model, LoraAdapter& adapter, const TrainConfig& config, const model::OffloadOptions& offload)
    : m_model(model),
      m_adapter(adapter),
      m_config(config),
      m_params(adapter.impl().trainableParameters()),
      m_optimizer(m_params, adamOptions(config), optimizerStateAllocator(config)) {
    for (const auto& m : adapter.impl().state->modules)
        if (m.site.projection == model::Projection::LmHead) m_headAdapted = true;
    // Dropout draws random numbers inside the layer: the recompute must see the same ones.
    model.impl().decoder.setGradientCheckpointing(config.gradCheckpointing, config.lora.dropout > 0.0);
    if (config.offloadActivations) {
        if (config.gradCheckpointing)
            m_offloadOff = "gradient checkpointing keeps no activations to offload";
        else
            m_offload = model::ActivationOffload::create(device(), offload, &m_offloadOff);
        model.impl().decoder.setActivationOffload(m_offload);
    }
    if (GraphedStep::available(config, device(), m_headAdapted, &m_graphsOff)) {
        const auto& decoder = model.impl().decoder;
        m_graphed = std::make_unique<GraphedStep>(
            config, m_params, m_optimizer,
            [&decoder](const MicroBatch& b) {
                return causalLmLossAllRows(decoder.forward(b.ids, b.mask, {}), decoder.weights().lmHead.weight,
                                           b.labels);
            },
            decoder.config().vocabSize, [&decoder] { afterBackward(decoder); });
    }
}

Trainer::~Trainer() {
    m_graphed.reset();
    m_model.impl().decoder.setActivationOffload(nullptr);
}

torch::Device Trainer::device() const { return m_model.impl().decoder.device(); }

torch::Tensor Trainer::loss(const MicroBatch& batch) const {
    const auto& decoder = m_model.impl().decoder;
    torch::Tensor hidden = decoder.forward(batch.ids, batch.mask, {});
    if (m_headAdapted) return causalLmLossFromLogits(decoder.lmHead(hidden), batch.labels);
    return causalLmLoss(hidden, decoder.weights().lmHead.weight, batch.labels);
}

double Trainer::evalLoss(const std::vector<MicroBatch>& batches) const {
    torch::NoGradGuard noGrad;
    const bool wasTraining = m_adapter.impl().state->training;
    m_adapter.impl().state->training = false;
    double sum = 0;
    int64_t count = 0;
    for (const auto& b : batches) {
        if (b.targetTokens == 0) continue;
        sum += loss(b).item<double>() * static_cast<double>(b.targetTokens);
        count += b.targetTokens;
    }
    m_adapter.impl().state->training = wasTraining;
    return count ? sum / static_cast<double>(count) : std::nan("");
}

StepOutcome Trainer::step(const std::function<MicroBatch(int)>& next, double lr, uint64_t seedBase,
                          const std::atomic<bool>* cancel) {
    if (m_graphed) return m_graphed->step(next, lr, cancel);
    StepOutcome out;
    const bool dropout = m_config.lora.dropout > 0.0;
    torch::Tensor lossSum = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat32).device(device()));
    for (int micro = 0; micro < m_config.gradAccum; ++micro) {
        if (cancel && cancel->load()) {
            m_optimizer.zeroGrad();
            return out;
        }
        if (dropout) torch::manual_seed(seedBase + static_cast<uint64_t>(micro));
        MicroBatch batch = next(micro);
        torch::Tensor l = loss(batch);
        (l / static_cast<double>(m_config.gradAccum)).backward();
        afterBackward(m_model.impl().decoder);
        lossSum += l.detach();
        out.tokens += batch.tokens;
    }
    torch::Tensor norm = clipGradNorm(m_params, m_config.maxGradNorm);
    // One host sync per step: both figures come back together.
    torch::Tensor both = torch::stack({lossSum / static_cast<double>(m_config.gradAccum), norm.to(lossSum.device())})
                             .to(torch::kCPU, torch::kDouble);
    out.loss = both[0].item<double>();
    out.gradNorm = both[1].item<double>();
    out.finite = std::isfinite(out.loss) && std::isfinite(out.gradNorm);
    if (out.finite) m_optimizer.step(lr);
    m_optimizer.zeroGrad();
    out.completed = true;
    return out;
}

}  // namespace ls::train
