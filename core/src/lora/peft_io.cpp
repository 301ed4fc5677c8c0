// PEFT adapter folders: adapter_config.json + adapter_model.safetensors, written and read back.
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "lora/lora_impl.h"
#include "lorastudio/atomic_file.h"
#include "lorastudio/error.h"
#include "lorastudio/safetensors.h"
#include "model/model_impl.h"
#include "model/torch_types.h"

namespace ls {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kKeyPrefix = "base_model.model.";

// A compact target_modules: the short names ("q_proj") when every layer has that module adapted,
// else the full module names (PEFT matches a list entry by equality or "." + entry suffix).
json exportTargets(const lora::LoraState& state) {
    std::map<std::string, std::set<int64_t>> layersByShortName;
    std::vector<std::string> full;
    for (const auto& m : state.modules) {
        layersByShortName[m.name.substr(m.name.rfind('.') + 1)].insert(m.site.layer);
        full.push_back(m.name);
    }
    std::vector<std::string> shortNames;
    for (const auto& [name, layers] : layersByShortName) {
        const bool covers = name == "lm_head" || static_cast<int64_t>(layers.size()) == state.numLayers;
        if (!covers) return json(full);
        shortNames.push_back(name);
    }
    return json(shortNames);
}

json numberJson(double v) {
    if (std::floor(v) == v && std::fabs(v) < 1e15) return json(static_cast<int64_t>(v));
    return json(v);
}

}  // namespace

void LoraAdapter::savePeft(const fs::path& dir, const std::string& baseModelNameOrPath) const {
    const lora::LoraState& state = *m_impl->state;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::is_directory(dir)) failFile(dir, "cannot create the adapter folder");

    const json targets = exportTargets(state);

    json c = json::object();
    c["alpha_pattern"] = json::object();
    c["auto_mapping"] = nullptr;
    c["base_model_name_or_path"] = baseModelNameOrPath;
    c["bias"] = "none";
    c["eva_config"] = nullptr;
    c["exclude_modules"] = nullptr;
    c["fan_in_fan_out"] = false;
    c["inference_mode"] = true;
    c["init_lora_weights"] = true;
    c["layer_replication"] = nullptr;
    c["layers_pattern"] = nullptr;
    c["layers_to_transform"] = nullptr;
    c["loftq_config"] = json::object();
    c["lora_alpha"] = numberJson(state.options.alpha);
    c["lora_bias"] = false;
    c["lora_dropout"] = state.options.dropout;
    c["megatron_config"] = nullptr;
    c["megatron_core"] = "megatron.core";
    c["modules_to_save"] = nullptr;
    c["peft_type"] = "LORA";
    c["r"] = state.options.r;
    c["rank_pattern"] = json::object();
    c["revision"] = nullptr;
    c["target_modules"] = targets;
    c["task_type"] = "CAUSAL_LM";
    c["use_dora"] = false;
    c["use_rslora"] = state.options.useRslora;

    std::vector<torch::Tensor> keep;
    std::vector<TensorToWrite> tensors;
    for (const auto& m : state.modules) {
        for (const auto& [suffix, t] : {std::pair<const char*, torch::Tensor>{".lora_A.weight", m.a},
                                        std::pair<const char*, torch::Tensor>{".lora_B.weight", m.b}}) {
            torch::Tensor cpu = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
            keep.push_back(cpu);
            tensors.push_back({kKeyPrefix + m.name + suffix, DType::F32, cpu.sizes().vec(), cpu.data_ptr(),
                               static_cast<std::size_t>(cpu.nbytes())});
        }
    }
    writeSafetensors(dir / "adapter_model.safetensors", tensors, {{"format", "pt"}});
    writeFileAtomic(dir / "adapter_config.json", c.dump(2) + "\n");
}

std::unique_ptr<LoraAdapter> LoraAdapter::loadPeft(Model& model, const fs::path& dir) {
    const fs::path configFile = dir / "adapter_config.json";
    const fs::path weightsFile = dir / "adapter_model.safetensors";
    LS_CHECK_FILE(fs::is_regular_file(configFile), dir, "no adapter_config.json (not a PEFT adapter folder)");
    if (!fs::exists(weightsFile) && fs::exists(dir / "adapter_model.bin"))
        failFile(dir / "adapter_model.bin", "pickle adapters are not read; save the adapter as safetensors");
    LS_CHECK_FILE(fs::is_regular_file(weightsFile), dir, "no adapter_model.safetensors");
    LoraOptions options = parsePeftAdapterConfig(readTextFile(configFile, 16u << 20), configFile.string());

    auto& decoder = model.impl().decoder;
    auto refs = lora::decoderLinears(decoder);
    std::map<std::string, const lora::ModuleRef*> byName;
    for (const auto& r : refs) byName[r.info.name] = &r;

    auto file = SafetensorsFile::open(weightsFile);
    std::map<std::string, std::pair<const TensorView*, const TensorView*>> pairs;  // module -> (A, B)
    for (const auto& t : file->tensors()) {
        const std::string& key = t.name;
        const std::string prefix = kKeyPrefix;
        bool isA = false;
        std::string module;
        for (const char* suffix : {".lora_A.weight", ".lora_B.weight"}) {
            const std::string s = suffix;
            if (key.size() > prefix.size() + s.size() && key.compare(0, prefix.size(), prefix) == 0 &&
                key.compare(key.size() - s.size(), s.size(), s) == 0) {
                module = key.substr(prefix.size(), key.size() - prefix.size() - s.size());
                isA = s == ".lora_A.weight";
            }
        }
        LS_CHECK_FILE(!module.empty(), weightsFile,
                      "unexpected tensor '" + key + "' (only lora_A/lora_B weights are supported)");
        LS_CHECK_FILE(byName.count(module), weightsFile,
                      "tensor '" + key + "' names module '" + module + "', which the model does not have");
        LS_CHECK_FILE(model::floatStorageDtype(t.dtype).has_value(), weightsFile,
                      "tensor '" + key + "' has non-float dtype " + dtypeName(t.dtype));
        auto& slot = isA ? pairs[module].first : pairs[module].second;
        slot = &t;
    }
    LS_CHECK_FILE(!pairs.empty(), weightsFile, "holds no LoRA tensors");

    auto state = std::make_shared<lora::LoraState>();
    state->options = options;
    state->numLayers = static_cast<int64_t>(decoder.weights().layers.size());
    torch::NoGradGuard noGrad;
    for (const auto& ref : refs) {
        auto it = pairs.find(ref.info.name);
        if (it == pairs.end()) continue;
        const auto [a, b] = it->second;
        const std::string key = kKeyPrefix + ref.info.name;
        LS_CHECK_FILE(a && b, weightsFile,
                      "module '" + ref.info.name + "' lacks its " + (a ? "lora_B" : "lora_A") + " weight");
        const std::vector<int64_t> wantA = {options.r, ref.info.inFeatures}, wantB = {ref.info.outFeatures, options.r};
        auto shapeText = [](const std::vector<int64_t>& s) {
            std::string out = "[";
            for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
            return out + "]";
        };
        LS_CHECK_FILE(a->shape == wantA, weightsFile,
                      key + ".lora_A.weight has shape " + shapeText(a->shape) + ", expected " + shapeText(wantA));
        LS_CHECK_FILE(b->shape == wantB, weightsFile,
                      key + ".lora_B.weight has shape " + shapeText(b->shape) + ", expected " + shapeText(wantB));
        auto load = [&](const TensorView* v) {
            auto t = torch::from_blob(const_cast<std::uint8_t*>(v->data), v->shape,
                                      torch::dtype(*model::floatStorageDtype(v->dtype)))
                         .to(torch::kFloat32)
                         .clone();
            LS_CHECK_FILE(torch::isfinite(t).all().item<bool>(), weightsFile,
                          "tensor '" + v->name + "' has NaN or Inf");
            return t.to(decoder.device());
        };
        lora::LoraModule m;
        m.name = ref.info.name;
        m.site = ref.site;
        m.scaling = options.scaling();
        m.a = load(a);
        m.b = load(b);
        m.a.set_requires_grad(true);
        m.b.set_requires_grad(true);
        state->add(std::move(m));
    }
    auto impl = std::make_unique<Impl>();
    impl->state = std::move(state);
    return std::unique_ptr<LoraAdapter>(new LoraAdapter(std::move(impl)));
}

}  // namespace ls
