// LoRA adapters (LoRA, LoRA-FA, QLoRA) on the Llama-family decoder: target selection, options, PEFT
// adapter folders, and merging into the base weights. Torch-free header; the implementation lives in
// core/src/lora.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lorastudio/model.h"

namespace ls {

enum class LoraMethod {
    Lora,    // A and B trained
    LoraFa,  // A random and frozen, only B trained; the graph keeps X·Aᵀ instead of X
    QLora,   // LoRA on a 4-bit base model
};
const char* loraMethodName(LoraMethod method);        // "lora", "lora-fa", "qlora"
LoraMethod parseLoraMethod(const std::string& name);  // throws ls::Error on anything else

struct LoraOptions {
    int64_t r = 8;           // rank of the update B·A (PEFT "r"), 1..4096
    double alpha = 16.0;     // PEFT "lora_alpha"; scaling = alpha / r, or alpha / sqrt(r) with useRslora
    double dropout = 0.0;    // PEFT "lora_dropout": dropout on the adapter input while training, [0, 1)
    bool useRslora = false;  // PEFT "use_rslora": rank-stabilised scaling alpha / sqrt(r)
    // PEFT "target_modules" as a list: an entry matches a module whose name equals it or ends with
    // "." + entry ("q_proj", "self_attn.v_proj", "model.layers.0.mlp.up_proj"). The single entry
    // "all-linear" (any case) selects every decoder linear except lm_head.
    std::vector<std::string> targetModules = {"q_proj", "v_proj"};
    // When non-empty, replaces targetModules: a regular expression (std::regex, ECMAScript) that must
    // match the whole module name (PEFT's string "target_modules").
    std::string targetRegex;
    int64_t firstLayer = 0;                // layer filter: only decoder layers firstLayer..lastLayer are adapted
    int64_t lastLayer = -1;                // inclusive; -1 = through the last layer. A filter excludes lm_head
    LoraMethod method = LoraMethod::Lora;  // how the adapter is trained
    uint64_t seed = 0;                     // seed of A's Kaiming-uniform init (the same seed gives the same A)

    bool hasLayerFilter() const { return firstLayer > 0 || lastLayer >= 0; }
    double scaling() const;  // alpha / r or alpha / sqrt(r)
};

// Throws ls::Error("<source>: ...") for out-of-range values or a regex that does not compile.
void validateLoraOptions(const LoraOptions& options, const std::string& source = "LoRA options");
// JSON with PEFT's key names where they overlap (r, lora_alpha, lora_dropout, use_rslora,
// target_modules: a list, or a string for a regex) plus first_layer, last_layer, method, init_seed.
std::string loraOptionsToJson(const LoraOptions& options);
// Strict: unknown keys and wrong types are errors naming `source`. Missing keys keep their defaults.
LoraOptions loraOptionsFromJson(const std::string& jsonText, const std::string& source);
// PEFT's adapter_config.json (what LoraAdapter::loadPeft reads): method Lora, PEFT's defaults for missing
// keys; refuses what the engine cannot load (other peft_type, DoRA, fan_in_fan_out, rank/alpha patterns,
// modules_to_save). Errors name `source`.
LoraOptions parsePeftAdapterConfig(const std::string& jsonText, const std::string& source);

// One linear module of the decoder, named as transformers names it.
struct LinearModuleInfo {
    std::string name;    // "model.layers.0.self_attn.q_proj", ..., "lm_head"
    std::string type;    // "Linear", or "Linear4bit" for a 4-bit base weight
    int64_t layer = -1;  // decoder layer index; -1 for lm_head
    int64_t inFeatures = 0;
    int64_t outFeatures = 0;
};

// Every linear of the decoder in model order (layer 0 q,k,v,o,gate,up,down, ..., lm_head).
std::vector<LinearModuleInfo> linearModules(Model& model);

// The names of the modules the options select, in model order. Throws ls::Error when nothing matches
// (listing the model's linear module names and types) and when a list entry matches nothing.
std::vector<std::string> selectLoraTargets(const std::vector<LinearModuleInfo>& modules, const LoraOptions& options);

class LoraAdapter {
public:
    // New adapters on the selected modules: A ~ U(-1/sqrt(in), 1/sqrt(in)) from options.seed, B = 0,
    // float32 on the model's device.
    static std::unique_ptr<LoraAdapter> create(Model& model, const LoraOptions& options);
    // A PEFT adapter folder (adapter_config.json + adapter_model.safetensors) made for this model.
    // Errors name the file: wrong peft_type, bad r/alpha, unknown keys, shapes that do not fit.
    static std::unique_ptr<LoraAdapter> loadPeft(Model& model, const std::filesystem::path& dir);
    ~LoraAdapter();

    const LoraOptions& options() const;
    std::vector<std::string> targetNames() const;
    int64_t trainableParameterCount() const;

    // Routes every projection of `model` through base(x) + scaling·(dropout(x)·Aᵀ)·Bᵀ (replacing any
    // hook it had). The hook shares the adapter's weights, so it stays valid after the adapter is gone.
    void attach(Model& model) const;
    static void detach(Model& model);
    // Dropout is applied only while training.
    void setTraining(bool training);

    // Writes DIR/adapter_config.json and DIR/adapter_model.safetensors as PEFT saves them (F32;
    // LoRA-FA and QLoRA are written as plain LoRA). Both files are written atomically.
    void savePeft(const std::filesystem::path& dir, const std::string& baseModelNameOrPath) const;

    struct Impl;
    Impl& impl() { return *m_impl; }
    const Impl& impl() const { return *m_impl; }

private:
    explicit LoraAdapter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// W += scaling·B·A in every adapted module of `model` (a 4-bit weight is dequantized first and stays
// dense). Detaches any hook. lm_head tied to the embeddings is refused.
void mergeLora(Model& model, const LoraAdapter& adapter);

// Writes a Hugging Face folder (config.json + model.safetensors, tokenizer files copied) holding the
// model's weights with the adapter merged; the model itself is not changed. 4-bit layers are written
// dequantized. dtype: F32, BF16 or F16.
// `progress` (optional) is called after each weight with (done, total); returning false cancels the merge
// before anything is written (ls::Error "merge: cancelled").
void writeMergedModel(Model& model, const LoraAdapter& adapter, const std::filesystem::path& outDir,
                      ComputeType dtype = ComputeType::BF16,
                      const std::function<bool(int done, int total)>& progress = {});

}  // namespace ls
