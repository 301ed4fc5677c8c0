// Reads config.json strictly: every field typed, positive and consistent, or a one-line error naming it.
#include "lorastudio/model_config.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "lorastudio/atomic_file.h"
#include "lorastudio/error.h"

namespace ls {
using nlohmann::json;

const char* architectureName(Architecture arch) {
    switch (arch) {
        case Architecture::Llama: return "LlamaForCausalLM";
        case Architecture::Mistral: return "MistralForCausalLM";
        case Architecture::Qwen2: return "Qwen2ForCausalLM";
        case Architecture::Qwen3: return "Qwen3ForCausalLM";
    }
    return "?";
}

namespace {

// Generous bounds far above any real model, so absurd values cannot size allocations.
constexpr int64_t kMaxVocab = 4'000'000;
constexpr int64_t kMaxWidth = 1 << 20;
constexpr int64_t kMaxLayers = 1024;
constexpr int64_t kMaxHeads = 4096;
constexpr int64_t kMaxPositions = 1ll << 24;

class Reader {
public:
    Reader(const json& j, std::string source) : m_j(j), m_source(std::move(source)) {}

    [[noreturn]] void fail(const std::string& problem) const { failFile(m_source, problem); }

    static const char* typeName(const json& v) { return v.type_name(); }

    bool has(const char* key) const { return m_j.contains(key) && !m_j[key].is_null(); }

    int64_t integer(const char* key, std::optional<int64_t> fallback, int64_t min, int64_t max) const {
        if (!has(key)) {
            if (!fallback) fail(std::string("missing field '") + key + "'");
            return *fallback;
        }
        const json& v = m_j[key];
        if (!v.is_number_integer())
            fail(std::string("field '") + key + "' must be an integer (got " + typeName(v) + ")");
        if (v.is_number_unsigned() ? v.get<std::uint64_t>() > static_cast<std::uint64_t>(max) : v.get<int64_t>() > max)
            fail(std::string("field '") + key + "' is too large (at most " + std::to_string(max) + ")");
        const int64_t x = v.get<int64_t>();
        if (x < min) {
            fail(std::string("field '") + key + "' must be " + (min == 1 ? "positive" : "at least " + std::to_string(min)) +
                 " (got " + std::to_string(x) + ")");
        }
        return x;
    }

    double positiveNumber(const json& obj, const char* key, double fallback, const std::string& where) const {
        if (!obj.contains(key) || obj[key].is_null()) return fallback;
        const json& v = obj[key];
        if (!v.is_number()) fail("field '" + where + key + "' must be a number (got " + typeName(v) + ")");
        const double x = v.get<double>();
        if (!(x > 0) || !std::isfinite(x)) fail("field '" + where + key + "' must be positive (got " + v.dump() + ")");
        return x;
    }

    bool boolean(const char* key, bool fallback) const {
        if (!has(key)) return fallback;
        if (!m_j[key].is_boolean()) fail(std::string("field '") + key + "' must be true or false (got " + typeName(m_j[key]) + ")");
        return m_j[key].get<bool>();
    }

    std::optional<int64_t> tokenId(const char* key, int64_t vocab) const {
        if (!has(key)) return std::nullopt;
        const json* v = &m_j[key];
        if (v->is_array()) {  // eos_token_id may list several ids; the first is the canonical one
            if (v->empty()) return std::nullopt;
            v = &(*v)[0];
        }
        if (!v->is_number_integer()) fail(std::string("field '") + key + "' must be a token id");
        const int64_t id = v->get<int64_t>();
        if (id < 0 || id >= vocab)
            fail(std::string("field '") + key + "' = " + std::to_string(id) + " is outside the vocabulary (size " +
                 std::to_string(vocab) + ")");
        return id;
    }

    const json& j() const { return m_j; }

private:
    const json& m_j;
    std::string m_source;
};

Architecture parseArchitecture(const Reader& r, std::string& modelType) {
    const json& j = r.j();
    std::string arch;
    if (j.contains("architectures")) {
        if (!j["architectures"].is_array() || j["architectures"].empty() || !j["architectures"][0].is_string())
            r.fail("field 'architectures' must be a list of class names");
        arch = j["architectures"][0].get<std::string>();
    }
    if (j.contains("model_type") && !j["model_type"].is_null()) {
        if (!j["model_type"].is_string()) r.fail("field 'model_type' must be a string");
        modelType = j["model_type"].get<std::string>();
    }
    if (arch == "LlamaForCausalLM" || (arch.empty() && modelType == "llama")) return Architecture::Llama;
    if (arch == "MistralForCausalLM" || (arch.empty() && modelType == "mistral")) return Architecture::Mistral;
    if (arch == "Qwen2ForCausalLM" || (arch.empty() && modelType == "qwen2")) return Architecture::Qwen2;
    if (arch == "Qwen3ForCausalLM" || (arch.empty() && modelType == "qwen3")) return Architecture::Qwen3;
    r.fail("unsupported architecture '" + (arch.empty() ? modelType : arch) +
           "' (supported: LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM)");
}

RopeConfig parseRope(const Reader& r) {
    const json& j = r.j();
    RopeConfig rope;
    // transformers 5 writes rope_parameters {rope_type, rope_theta, ...}; 4.x wrote rope_theta + rope_scaling.
    const json* params = nullptr;
    std::string where;
    if (j.contains("rope_parameters") && !j["rope_parameters"].is_null()) {
        params = &j["rope_parameters"];
        where = "rope_parameters.";
    } else if (j.contains("rope_scaling") && !j["rope_scaling"].is_null()) {
        params = &j["rope_scaling"];
        where = "rope_scaling.";
    }
    if (params && !params->is_object()) r.fail("field '" + where.substr(0, where.size() - 1) + "' must be an object");
    rope.theta = r.positiveNumber(j, "rope_theta", 10000.0, "");
    if (params) {
        rope.theta = r.positiveNumber(*params, "rope_theta", rope.theta, where);
        const char* typeKey = params->contains("rope_type") ? "rope_type" : "type";
        if (params->contains(typeKey)) {
            if (!(*params)[typeKey].is_string()) r.fail("field '" + where + typeKey + "' must be a string");
            rope.type = (*params)[typeKey].get<std::string>();
        }
        if (rope.type != "default" && rope.type != "llama3" && rope.type != "linear")
            r.fail("unsupported rope type '" + rope.type + "' (supported: default, linear, llama3)");
        if (rope.type != "default") rope.factor = r.positiveNumber(*params, "factor", 0.0, where);
        if (rope.type != "default" && rope.factor <= 0) r.fail("field '" + where + "factor' is required");
        if (rope.type == "llama3") {
            rope.lowFreqFactor = r.positiveNumber(*params, "low_freq_factor", 1.0, where);
            rope.highFreqFactor = r.positiveNumber(*params, "high_freq_factor", 4.0, where);
            if (rope.highFreqFactor <= rope.lowFreqFactor)
                r.fail("field '" + where + "high_freq_factor' must exceed low_freq_factor");
            const json o = params->value("original_max_position_embeddings", json());
            if (!o.is_number_integer() || o.get<int64_t>() <= 0)
                r.fail("field '" + where + "original_max_position_embeddings' must be a positive integer");
            rope.originalMaxPositionEmbeddings = o.get<int64_t>();
        }
    }
    return rope;
}

std::optional<QuantizationConfig> parseQuantization(const Reader& r) {
    const json& j = r.j();
    if (!j.contains("quantization_config") || j["quantization_config"].is_null()) return std::nullopt;
    const json& q = j["quantization_config"];
    if (!q.is_object()) r.fail("field 'quantization_config' must be an object");
    // Typed reads: json::value() would throw its own type_error (no file named) for a field of another type.
    auto text = [&](const char* key, const std::string& fallback) {
        if (!q.contains(key) || q[key].is_null()) return fallback;
        if (!q[key].is_string()) r.fail(std::string("field 'quantization_config.") + key + "' must be a string");
        return q[key].get<std::string>();
    };
    auto flag = [&](const char* key) {
        if (!q.contains(key) || q[key].is_null()) return false;
        if (!q[key].is_boolean()) r.fail(std::string("field 'quantization_config.") + key + "' must be true or false");
        return q[key].get<bool>();
    };
    if (text("quant_method", "") != "bitsandbytes" || !flag("load_in_4bit"))
        r.fail("unsupported quantization_config (only bitsandbytes 4-bit, nf4 or fp4)");
    QuantizationConfig out;
    out.quantType = text("bnb_4bit_quant_type", "fp4");
    if (out.quantType != "nf4" && out.quantType != "fp4")
        r.fail("field 'quantization_config.bnb_4bit_quant_type' must be nf4 or fp4");
    out.doubleQuant = flag("bnb_4bit_use_double_quant");
    if (q.contains("bnb_4bit_compute_dtype") && q["bnb_4bit_compute_dtype"].is_string())
        out.computeDType = q["bnb_4bit_compute_dtype"].get<std::string>();
    if (q.contains("bnb_4bit_quant_storage") && q["bnb_4bit_quant_storage"].is_string())
        out.storage = q["bnb_4bit_quant_storage"].get<std::string>();
    if (out.storage != "uint8") r.fail("field 'quantization_config.bnb_4bit_quant_storage' must be uint8");
    return out;
}

const char* defaultModelType(Architecture arch) {
    switch (arch) {
        case Architecture::Llama: return "llama";
        case Architecture::Mistral: return "mistral";
        case Architecture::Qwen2: return "qwen2";
        case Architecture::Qwen3: return "qwen3";
    }
    return "llama";
}

bool isQwen(Architecture arch) { return arch == Architecture::Qwen2 || arch == Architecture::Qwen3; }

// Which layers use a sliding window, as transformers decides: Mistral every layer once sliding_window is
// set; Qwen2/Qwen3 only with use_sliding_window, from layer max_window_layers on. transformers 5 also
// writes the outcome as layer_types, which wins where present.
void parseSlidingWindow(const Reader& r, ModelConfig& c) {
    const bool enabled = c.architecture == Architecture::Mistral ||
                         (isQwen(c.architecture) && r.boolean("use_sliding_window", false));
    if (!enabled || !r.has("sliding_window")) return;
    c.slidingWindow = r.integer("sliding_window", std::nullopt, 1, kMaxPositions);
    const json& j = r.j();
    if (j.contains("layer_types") && !j["layer_types"].is_null()) {
        const json& types = j["layer_types"];
        if (!types.is_array() || static_cast<int64_t>(types.size()) != c.numLayers)
            r.fail("field 'layer_types' must list one type per layer (" + std::to_string(c.numLayers) + ")");
        for (const json& t : types) {
            if (!t.is_string() || (t != "sliding_attention" && t != "full_attention"))
                r.fail("field 'layer_types' holds an entry other than \"sliding_attention\" or \"full_attention\"");
            c.slidingLayers.push_back(t == "sliding_attention");
        }
        return;
    }
    const int64_t first = isQwen(c.architecture) ? r.integer("max_window_layers", 28, 0, kMaxLayers) : 0;
    for (int64_t i = 0; i < c.numLayers; ++i) c.slidingLayers.push_back(i >= first);
}

// The max_window_layers that gives slidingLayers (its first sliding layer; the layer count when none slides).
int64_t firstSlidingLayer(const ModelConfig& c) {
    for (std::size_t i = 0; i < c.slidingLayers.size(); ++i)
        if (c.slidingLayers[i]) return static_cast<int64_t>(i);
    return c.numLayers;
}

}  // namespace

ModelConfig parseModelConfig(const std::string& jsonText, const std::string& source) {
    json j = json::parse(jsonText, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) failFile(source, "not valid JSON");
    if (!j.is_object()) failFile(source, "not a JSON object");
    Reader r(j, source);

    ModelConfig c;
    c.architecture = parseArchitecture(r, c.modelType);
    if (c.modelType.empty()) c.modelType = defaultModelType(c.architecture);
    c.vocabSize = r.integer("vocab_size", std::nullopt, 1, kMaxVocab);
    c.hiddenSize = r.integer("hidden_size", std::nullopt, 1, kMaxWidth);
    c.intermediateSize = r.integer("intermediate_size", std::nullopt, 1, kMaxWidth);
    c.numLayers = r.integer("num_hidden_layers", std::nullopt, 1, kMaxLayers);
    c.numHeads = r.integer("num_attention_heads", std::nullopt, 1, kMaxHeads);
    c.numKvHeads = r.integer("num_key_value_heads", c.numHeads, 1, kMaxHeads);
    if (c.numHeads % c.numKvHeads != 0)
        r.fail("num_attention_heads (" + std::to_string(c.numHeads) + ") must be divisible by num_key_value_heads (" +
               std::to_string(c.numKvHeads) + ")");
    if (r.has("head_dim")) {
        c.headDim = r.integer("head_dim", std::nullopt, 1, kMaxWidth);
    } else {
        if (c.hiddenSize % c.numHeads != 0)
            r.fail("hidden_size (" + std::to_string(c.hiddenSize) + ") must be divisible by num_attention_heads (" +
                   std::to_string(c.numHeads) + ")");
        c.headDim = c.hiddenSize / c.numHeads;
    }
    if (c.headDim % 2 != 0) r.fail("head_dim (" + std::to_string(c.headDim) + ") must be even for rotary embeddings");
    if (c.headDim * c.numHeads > kMaxWidth) r.fail("head_dim x num_attention_heads is implausibly large");
    c.maxPositionEmbeddings = r.integer("max_position_embeddings", 2048, 1, kMaxPositions);
    c.rmsNormEps = r.positiveNumber(j, "rms_norm_eps", 1e-6, "");
    if (c.rmsNormEps >= 1.0) r.fail("field 'rms_norm_eps' must be below 1");
    c.rope = parseRope(r);
    c.tieWordEmbeddings = r.boolean("tie_word_embeddings", false);
    if (c.architecture == Architecture::Qwen2) {
        c.attentionBias = true;  // Qwen2 always has q/k/v bias and none on o_proj
        c.outputProjBias = false;
    } else {
        c.attentionBias = c.outputProjBias = r.boolean("attention_bias", false);
    }
    c.mlpBias = r.boolean("mlp_bias", false);
    for (const char* key : {"dtype", "torch_dtype"}) {
        if (!r.has(key)) continue;
        if (!j[key].is_string()) r.fail(std::string("field '") + key + "' must be a string");
        c.dtype = j[key].get<std::string>();
        if (c.dtype != "float32" && c.dtype != "float16" && c.dtype != "bfloat16")
            r.fail(std::string("field '") + key + "' = '" + c.dtype + "' is not one of float32, float16, bfloat16");
        break;
    }
    c.qkNorm = c.architecture == Architecture::Qwen3;
    parseSlidingWindow(r, c);
    c.bosTokenId = r.tokenId("bos_token_id", c.vocabSize);
    c.eosTokenId = r.tokenId("eos_token_id", c.vocabSize);
    c.quantization = parseQuantization(r);
    return c;
}

ModelConfig loadModelConfig(const std::filesystem::path& configJson) {
    return parseModelConfig(readTextFile(configJson, 16u << 20), configJson.string());
}

std::string modelConfigToJson(const ModelConfig& c) {
    json j;
    j["architectures"] = {architectureName(c.architecture)};
    j["model_type"] = c.modelType;
    j["vocab_size"] = c.vocabSize;
    j["hidden_size"] = c.hiddenSize;
    j["intermediate_size"] = c.intermediateSize;
    j["num_hidden_layers"] = c.numLayers;
    j["num_attention_heads"] = c.numHeads;
    j["num_key_value_heads"] = c.numKvHeads;
    j["head_dim"] = c.headDim;
    j["max_position_embeddings"] = c.maxPositionEmbeddings;
    j["rms_norm_eps"] = c.rmsNormEps;
    j["rope_theta"] = c.rope.theta;
    if (c.rope.type == "default") {
        j["rope_scaling"] = nullptr;
    } else {
        json s = {{"rope_type", c.rope.type}, {"factor", c.rope.factor}};
        if (c.rope.type == "llama3") {
            s["low_freq_factor"] = c.rope.lowFreqFactor;
            s["high_freq_factor"] = c.rope.highFreqFactor;
            s["original_max_position_embeddings"] = c.rope.originalMaxPositionEmbeddings;
        }
        j["rope_scaling"] = s;
    }
    j["tie_word_embeddings"] = c.tieWordEmbeddings;
    if (c.architecture != Architecture::Qwen2) j["attention_bias"] = c.attentionBias;
    j["mlp_bias"] = c.mlpBias;
    j["torch_dtype"] = c.dtype;
    if (c.slidingWindow) j["sliding_window"] = *c.slidingWindow;
    if (isQwen(c.architecture)) {
        j["use_sliding_window"] = c.slidingWindow.has_value();
        if (c.slidingWindow) j["max_window_layers"] = firstSlidingLayer(c);
    }
    if (c.slidingWindow) {
        json types = json::array();
        for (bool sliding : c.slidingLayers) types.push_back(sliding ? "sliding_attention" : "full_attention");
        j["layer_types"] = types;
    }
    if (c.bosTokenId) j["bos_token_id"] = *c.bosTokenId;
    if (c.eosTokenId) j["eos_token_id"] = *c.eosTokenId;
    return j.dump(2) + "\n";
}

}  // namespace ls
