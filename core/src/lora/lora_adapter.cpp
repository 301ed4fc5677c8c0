// LoraAdapter: new adapters on the selected modules, attaching them to a model, parameters.
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

#include "lora/lora_impl.h"
#include "model/model_impl.h"

namespace ls {

LoraAdapter::LoraAdapter(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
LoraAdapter::~LoraAdapter() = default;

std::unique_ptr<LoraAdapter> LoraAdapter::create(Model& model, const LoraOptions& options) {
    validateLoraOptions(options);
    auto& decoder = model.impl().decoder;
    auto refs = lora::decoderLinears(decoder);
    std::vector<LinearModuleInfo> infos;
    for (const auto& r : refs) infos.push_back(r.info);
    const auto targets = selectLoraTargets(infos, options);

    auto state = std::make_shared<lora::LoraState>();
    state->options = options;
    state->numLayers = static_cast<int64_t>(decoder.weights().layers.size());
    // One generator for all modules, on the CPU, so the same seed gives the same A on any device.
    torch::NoGradGuard noGrad;
    auto gen = at::detail::createCPUGenerator(options.seed);
    std::size_t next = 0;
    for (const auto& ref : refs) {
        if (next >= targets.size() || targets[next] != ref.info.name) continue;
        ++next;
        lora::LoraModule m;
        m.name = ref.info.name;
        m.site = ref.site;
        m.scaling = options.scaling();
        // PEFT's kaiming_uniform_(a=sqrt(5)) on [r, in]: U(-1/sqrt(in), 1/sqrt(in)).
        const double bound = 1.0 / std::sqrt(static_cast<double>(ref.info.inFeatures));
        m.a = torch::empty({options.r, ref.info.inFeatures}, torch::kFloat32).uniform_(-bound, bound, gen);
        m.a = m.a.to(decoder.device());
        m.b = torch::zeros({ref.info.outFeatures, options.r}, torch::dtype(torch::kFloat32).device(decoder.device()));
        m.a.set_requires_grad(options.method != LoraMethod::LoraFa);
        m.b.set_requires_grad(true);
        state->add(std::move(m));
    }
    auto impl = std::make_unique<Impl>();
    impl->state = std::move(state);
    return std::unique_ptr<LoraAdapter>(new LoraAdapter(std::move(impl)));
}

const LoraOptions& LoraAdapter::options() const { return m_impl->state->options; }

std::vector<std::string> LoraAdapter::targetNames() const {
    std::vector<std::string> out;
    for (const auto& m : m_impl->state->modules) out.push_back(m.name);
    return out;
}

int64_t LoraAdapter::trainableParameterCount() const {
    int64_t n = 0;
    for (const auto& p : m_impl->trainableParameters()) n += p.numel();
    return n;
}

void LoraAdapter::attach(Model& model) const {
    model.impl().decoder.setLinearHook(lora::makeLoraHook(m_impl->state));
    model.impl().decoder.setSwigluLinearHook(lora::makeLoraSwigluHook(m_impl->state));
    model.impl().decoder.setLinearGroupHook(lora::makeLoraGroupHook(m_impl->state));
}

void LoraAdapter::detach(Model& model) {
    model.impl().decoder.setLinearHook({});
    model.impl().decoder.setSwigluLinearHook({});
    model.impl().decoder.setLinearGroupHook({});
}

void LoraAdapter::setTraining(bool training) { m_impl->state->training = training; }

std::vector<torch::Tensor> LoraAdapter::Impl::trainableParameters() const {
    std::vector<torch::Tensor> out;
    for (const auto& m : state->modules) {
        if (state->options.method != LoraMethod::LoraFa) out.push_back(m.a);
        out.push_back(m.b);
    }
    return out;
}

}  // namespace ls
