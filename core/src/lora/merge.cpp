// Merging: W' = W + scaling · B A, in place or written as a new Hugging Face folder.
#include "lora/lora_impl.h"
#include "lorastudio/atomic_file.h"
#include "lorastudio/error.h"
#include "lorastudio/safetensors.h"
#include "model/model_impl.h"
#include "model/quantized_linear.h"
#include "model/torch_types.h"

namespace ls::lora {

torch::Tensor mergedWeight(const model::LinearWeights& w, const LoraModule* m) {
    torch::Tensor base = w.quantized ? quant::dequantize4bit(w.quantized->tensor) : w.weight;
    torch::Tensor out = base.detach().to(torch::kFloat32);
    if (!m) return out;
    return out + torch::mm(m->b.detach(), m->a.detach()).to(out.device()) * m->scaling;
}

}  // namespace ls::lora

namespace ls {

namespace fs = std::filesystem;

namespace {

// A streamed layer's weights are whichever layer last used its GPU slot: merging must read them whole.
void refuseStreamed(Model& model, const std::string& what) {
    if (model.streamedLayers() > 0)
        fail(what + ": the model streams its weights from host memory; load it without streamed_layers to merge");
}

void refuseTiedHead(Model& model, const lora::LoraState& state, const std::string& what) {
    const bool tied = model.impl().decoder.config().tieWordEmbeddings;
    if (tied && state.find(model::LinearSite{-1, model::Projection::LmHead}))
        fail(what +
             ": lm_head shares its weight with embed_tokens (tie_word_embeddings); merging its adapter would "
             "change the embeddings too");
}

}  // namespace

void mergeLora(Model& model, const LoraAdapter& adapter) {
    const lora::LoraState& state = *adapter.impl().state;
    refuseStreamed(model, "merge");
    refuseTiedHead(model, state, "merge");
    auto& decoder = model.impl().decoder;
    decoder.setLinearHook({});
    decoder.setSwigluLinearHook({});
    decoder.setLinearGroupHook({});
    torch::NoGradGuard noGrad;
    for (auto& ref : lora::decoderLinears(decoder)) {
        const lora::LoraModule* m = state.find(ref.site);
        if (!m) continue;
        ref.weights->weight = lora::mergedWeight(*ref.weights, m).to(decoder.device(), decoder.dtype());
        ref.weights->quantized.reset();
    }
}

void writeMergedModel(Model& model, const LoraAdapter& adapter, const fs::path& outDir, ComputeType dtype,
                      const std::function<bool(int, int)>& progress) {
    const lora::LoraState& state = *adapter.impl().state;
    refuseStreamed(model, outDir.string());
    refuseTiedHead(model, state, outDir.string());
    auto& decoder = model.impl().decoder;
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (!fs::is_directory(outDir)) failFile(outDir, "cannot create the output folder");

    torch::NoGradGuard noGrad;
    const torch::Dtype target = model::toTorchDtype(dtype);
    std::vector<std::pair<std::string, torch::Tensor>> named;
    auto add = [&](const std::string& name, const torch::Tensor& t) {
        named.emplace_back(name, t.detach().to(torch::kCPU, target).contiguous());
    };
    const auto& w = decoder.weights();
    add("model.embed_tokens.weight", w.embedTokens);
    const auto linears = lora::decoderLinears(decoder);
    int done = 0;
    for (const auto& ref : linears) {
        if (progress && !progress(done++, static_cast<int>(linears.size()))) fail("merge: cancelled");
        if (ref.site.projection == model::Projection::LmHead && decoder.config().tieWordEmbeddings) continue;
        add(ref.info.name + ".weight", lora::mergedWeight(*ref.weights, state.find(ref.site)));
        if (ref.weights->bias.defined()) add(ref.info.name + ".bias", ref.weights->bias);
    }
    if (progress && !progress(done, static_cast<int>(linears.size()))) fail("merge: cancelled");
    for (std::size_t i = 0; i < w.layers.size(); ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        add(p + "input_layernorm.weight", w.layers[i].inputNorm);
        add(p + "post_attention_layernorm.weight", w.layers[i].postAttentionNorm);
        if (w.layers[i].qNorm.defined()) {
            add(p + "self_attn.q_norm.weight", w.layers[i].qNorm);
            add(p + "self_attn.k_norm.weight", w.layers[i].kNorm);
        }
    }
    add("model.norm.weight", w.norm);

    std::vector<TensorToWrite> tensors;
    for (const auto& [name, t] : named)
        tensors.push_back(
            {name, computeTypeStorage(dtype), t.sizes().vec(), t.data_ptr(), static_cast<std::size_t>(t.nbytes())});
    ModelConfig config = decoder.config();
    config.quantization.reset();
    config.dtype = computeTypeConfigName(dtype);
    writeSafetensors(outDir / "model.safetensors", tensors, {{"format", "pt"}});
    writeFileAtomic(outDir / "config.json", modelConfigToJson(config));
    const fs::path source = model.impl().dir;
    for (const char* f :
         {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "generation_config.json"})
        if (fs::is_regular_file(source / f, ec)) writeFileAtomic(outDir / f, readTextFile(source / f, 256u << 20));
}

}  // namespace ls
