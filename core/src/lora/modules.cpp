// The decoder's linear modules under transformers' names, and the public list of them.
#include "lora/lora_impl.h"
#include "model/model_impl.h"
#include "model/quantized_linear.h"

namespace ls::lora {

std::string moduleName(const model::LinearSite& site) {
    using model::Projection;
    if (site.projection == Projection::LmHead) return "lm_head";
    const bool attention = site.projection == Projection::Q || site.projection == Projection::K ||
                           site.projection == Projection::V || site.projection == Projection::O;
    return "model.layers." + std::to_string(site.layer) + (attention ? ".self_attn." : ".mlp.") +
           model::projectionName(site.projection);
}

std::vector<ModuleRef> decoderLinears(model::LlamaModel& decoder) {
    using model::Projection;
    std::vector<ModuleRef> out;
    auto add = [&](int64_t layer, Projection p, model::LinearWeights& w) {
        ModuleRef ref;
        ref.site = model::LinearSite{layer, p};
        ref.weights = &w;
        ref.info.name = moduleName(ref.site);
        ref.info.layer = layer;
        ref.info.type = w.quantized ? "Linear4bit" : "Linear";
        const std::vector<int64_t> shape = w.quantized ? w.quantized->tensor.shape : w.weight.sizes().vec();
        ref.info.outFeatures = shape.at(0);
        ref.info.inFeatures = shape.at(1);
        out.push_back(std::move(ref));
    };
    auto& weights = decoder.weights();
    for (std::size_t i = 0; i < weights.layers.size(); ++i) {
        auto& l = weights.layers[i];
        const auto layer = static_cast<int64_t>(i);
        add(layer, Projection::Q, l.q);
        add(layer, Projection::K, l.k);
        add(layer, Projection::V, l.v);
        add(layer, Projection::O, l.o);
        add(layer, Projection::Gate, l.gate);
        add(layer, Projection::Up, l.up);
        add(layer, Projection::Down, l.down);
    }
    add(-1, Projection::LmHead, weights.lmHead);
    return out;
}

}  // namespace ls::lora

namespace ls {

std::vector<LinearModuleInfo> linearModules(Model& model) {
    std::vector<LinearModuleInfo> out;
    for (auto& ref : lora::decoderLinears(model.impl().decoder)) out.push_back(ref.info);
    return out;
}

}  // namespace ls
