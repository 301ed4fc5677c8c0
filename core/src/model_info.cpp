// Model description from config.json and safetensors headers only (no weights are read).
#include "lorastudio/model_info.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lorastudio/model_folder.h"

namespace ls {
using nlohmann::json;

namespace {

bool isNumber(const std::string& s) { return !s.empty() && std::all_of(s.begin(), s.end(), ::isdigit); }

// Orders "layers.2" before "layers.10".
bool naturalLess(const std::string& a, const std::string& b) {
    const auto ka = a.substr(a.rfind('.') + 1), kb = b.substr(b.rfind('.') + 1);
    if (a.substr(0, a.size() - ka.size()) == b.substr(0, b.size() - kb.size()) && isNumber(ka) && isNumber(kb))
        return std::stoll(ka) < std::stoll(kb);
    return a < b;
}

std::string moduleType(const std::string& leaf, const std::string& parentLeaf, bool hasWeight2d) {
    if (leaf.empty()) return "CausalLM";
    if (leaf == "embed_tokens") return "Embedding";
    if (leaf == "lm_head" || (hasWeight2d && leaf.size() > 5 && leaf.compare(leaf.size() - 5, 5, "_proj") == 0)) return "Linear";
    if (leaf.find("norm") != std::string::npos) return "RMSNorm";
    if (leaf == "self_attn") return "Attention";
    if (leaf == "mlp") return "MLP";
    if (leaf == "layers") return "ModuleList";
    if (isNumber(leaf) && parentLeaf == "layers") return "DecoderLayer";
    if (leaf == "model") return "Model";
    return hasWeight2d ? "Linear" : "Module";
}

struct Builder {
    std::map<std::string, ModuleNode> nodes;  // by full name; "" is the root

    ModuleNode& node(const std::string& name) {
        auto it = nodes.find(name);
        if (it != nodes.end()) return it->second;
        ModuleNode& n = nodes[name];
        n.name = name;
        return n;
    }
};

// Quantized checkpoints (bitsandbytes) store a packed weight plus state tensors; count the real weight.
const char* kQuantSuffixes[] = {".absmax", ".quant_map", ".nested_absmax", ".nested_quant_map",
                                ".quant_state.bitsandbytes__nf4", ".quant_state.bitsandbytes__fp4"};

bool isQuantAux(const std::string& name) {
    for (const char* s : kQuantSuffixes) {
        const std::string suffix(s);
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) return true;
    }
    return false;
}

std::vector<int64_t> quantizedShape(const ModelFolder& folder, const std::string& weightName) {
    for (const char* kind : {"nf4", "fp4"}) {
        const TensorView* qs = folder.find(weightName + ".quant_state.bitsandbytes__" + kind);
        if (!qs || qs->dtype != DType::U8) continue;
        json state = json::parse(qs->data, qs->data + qs->nbytes, nullptr, false);
        if (state.is_object() && state.contains("shape") && state["shape"].is_array()) {
            std::vector<int64_t> shape;
            for (const auto& d : state["shape"])
                if (d.is_number_unsigned()) shape.push_back(d.get<int64_t>());
            if (shape.size() == 2) return shape;
        }
    }
    return {};
}

json nodeToJson(const ModuleNode& n) {
    json j = {{"name", n.name}, {"type", n.type}, {"params", n.params}};
    if (!n.weightShape.empty()) j["shape"] = n.weightShape;
    if (!n.children.empty()) {
        j["children"] = json::array();
        for (const auto& c : n.children) j["children"].push_back(nodeToJson(c));
    }
    return j;
}

void collectLinears(const ModuleNode& n, std::vector<std::string>& out) {
    if (n.type == "Linear") out.push_back(n.name);
    for (const auto& c : n.children) collectLinears(c, out);
}

std::string human(double v, const char* const units[], int count, double base) {
    int u = 0;
    while (v >= base && u + 1 < count) {
        v /= base;
        ++u;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f%s" : "%.2f %s", v, units[u]);
    return buf;
}

void printTree(std::ostringstream& os, const ModuleNode& n, int depth) {
    std::string label = n.name.empty() ? "(root)" : n.name.substr(n.name.rfind('.') + 1);
    os << std::string(depth * 2, ' ') << label << "  " << n.type << "  " << n.params;
    if (!n.weightShape.empty()) {
        os << "  [";
        for (std::size_t i = 0; i < n.weightShape.size(); ++i) os << (i ? ", " : "") << n.weightShape[i];
        os << "]";
    }
    os << "\n";
    for (const auto& c : n.children) printTree(os, c, depth + 1);
}

}  // namespace

ModelInfo describeModel(const ModelFolder& folder) {
    ModelInfo info;
    info.config = folder.config();
    info.directory = folder.dir().string();
    info.weightBytes = folder.weightBytes();

    Builder b;
    b.node("");
    std::map<DType, int64_t> dtypeCounts;
    for (const auto& name : folder.tensorNames()) {
        if (isQuantAux(name)) continue;
        const TensorView& t = folder.get(name);
        const auto dot = name.rfind('.');
        const std::string module = dot == std::string::npos ? "" : name.substr(0, dot);
        std::vector<int64_t> shape = t.shape;
        int64_t params = t.numel();
        if (t.dtype == DType::U8) {
            auto real = quantizedShape(folder, name);
            if (!real.empty()) {
                shape = real;
                params = real[0] * real[1];
            }
        }
        info.paramCount += params;
        dtypeCounts[t.dtype] += params;
        // Every ancestor module exists and accumulates the parameter count.
        std::string path = module;
        ModuleNode& leaf = b.node(module);
        if (name.substr(dot + 1) == "weight") leaf.weightShape = shape;
        while (true) {
            b.node(path).params += params;
            if (path.empty()) break;
            const auto p = path.rfind('.');
            path = p == std::string::npos ? "" : path.substr(0, p);
        }
    }
    int64_t best = -1;
    for (const auto& [dt, n] : dtypeCounts)
        if (n > best) {
            best = n;
            info.storedDType = dtypeName(dt);
        }

    // Assemble children bottom-up: deepest names first, so each node is complete when moved into its parent.
    std::vector<std::string> names;
    for (const auto& [name, n] : b.nodes) names.push_back(name);
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& c) {
        return std::count(a.begin(), a.end(), '.') + !a.empty() > std::count(c.begin(), c.end(), '.') + !c.empty();
    });
    for (const auto& name : names) {
        ModuleNode& n = b.nodes[name];
        const std::string leaf = name.substr(name.rfind('.') + 1);
        std::string parent = name.empty() ? "" : (name.rfind('.') == std::string::npos ? "" : name.substr(0, name.rfind('.')));
        const std::string parentLeaf = parent.substr(parent.rfind('.') + 1);
        n.type = moduleType(name.empty() ? "" : leaf, parentLeaf, n.weightShape.size() == 2);
        std::sort(n.children.begin(), n.children.end(),
                  [](const ModuleNode& x, const ModuleNode& y) { return naturalLess(x.name, y.name); });
        if (name.empty()) continue;
        b.nodes[parent].children.push_back(std::move(n));
    }
    info.root = std::move(b.nodes[""]);
    info.root.type = architectureName(info.config.architecture);
    return info;
}

std::string modelInfoToJson(const ModelInfo& info, int indent) {
    const auto& c = info.config;
    std::vector<std::string> linears;
    collectLinears(info.root, linears);
    std::vector<std::string> linearTypes;
    for (const auto& l : linears) {
        const std::string leaf = l.substr(l.rfind('.') + 1);
        if (std::find(linearTypes.begin(), linearTypes.end(), leaf) == linearTypes.end()) linearTypes.push_back(leaf);
    }
    json j = {
        {"directory", info.directory},
        {"architecture", architectureName(c.architecture)},
        {"model_type", c.modelType},
        {"parameters", info.paramCount},
        {"weight_bytes", info.weightBytes},
        {"stored_dtype", info.storedDType},
        {"config",
         {{"vocab_size", c.vocabSize},
          {"hidden_size", c.hiddenSize},
          {"intermediate_size", c.intermediateSize},
          {"num_hidden_layers", c.numLayers},
          {"num_attention_heads", c.numHeads},
          {"num_key_value_heads", c.numKvHeads},
          {"head_dim", c.headDim},
          {"max_position_embeddings", c.maxPositionEmbeddings},
          {"rms_norm_eps", c.rmsNormEps},
          {"rope_theta", c.rope.theta},
          {"rope_type", c.rope.type},
          {"tie_word_embeddings", c.tieWordEmbeddings},
          {"attention_bias", c.attentionBias},
          {"qk_norm", c.qkNorm},
          {"sliding_window", c.slidingWindow ? json(*c.slidingWindow) : json(nullptr)},
          {"sliding_layers", std::count(c.slidingLayers.begin(), c.slidingLayers.end(), true)},
          {"dtype", c.dtype},
          {"quantization", c.quantization ? json(c.quantization->quantType) : json(nullptr)}}},
        {"linear_modules", linears},
        {"linear_module_types", linearTypes},
        {"modules", nodeToJson(info.root)},
    };
    return j.dump(indent);
}

std::string modelInfoToText(const ModelInfo& info) {
    static const char* const countUnits[] = {"", "K", "M", "B", "T"};
    static const char* const byteUnits[] = {" B", "KiB", "MiB", "GiB", "TiB"};
    const auto& c = info.config;
    std::ostringstream os;
    os << "Model         " << info.directory << "\n"
       << "Architecture  " << architectureName(c.architecture) << " (" << c.modelType << ")\n"
       << "Parameters    " << human(static_cast<double>(info.paramCount), countUnits, 5, 1000) << " ("
       << info.paramCount << ")\n"
       << "Size on disk  " << human(static_cast<double>(info.weightBytes), byteUnits, 5, 1024) << "\n"
       << "Stored dtype  " << info.storedDType << " (config: " << c.dtype << ")\n"
       << "Layers        " << c.numLayers << "\n"
       << "Hidden        " << c.hiddenSize << " (MLP " << c.intermediateSize << ")\n"
       << "Heads         " << c.numHeads << " query, " << c.numKvHeads << " key/value, head_dim " << c.headDim << "\n"
       << "Vocabulary    " << c.vocabSize << (c.tieWordEmbeddings ? " (tied embeddings)" : "") << "\n"
       << "RoPE          " << c.rope.type << ", theta " << c.rope.theta << "\n"
       << "Context       " << c.maxPositionEmbeddings << "\n";
    if (c.slidingWindow) {
        const auto sliding = std::count(c.slidingLayers.begin(), c.slidingLayers.end(), true);
        os << "Window        " << *c.slidingWindow << " tokens (sliding-window attention in " << sliding << " of "
           << c.numLayers << " layers)\n";
    }
    if (c.quantization) os << "Quantization  " << c.quantization->quantType << (c.quantization->doubleQuant ? " + double quant" : "") << "\n";
    os << "\nModules (name, type, parameters, weight shape)\n";
    printTree(os, info.root, 0);
    return os.str();
}

}  // namespace ls
