// TrainConfig: validation, learning-rate schedules, and the JSON round trip that is a run's config.json.
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "lorastudio/error.h"
#include "lorastudio/train.h"

namespace ls {

using json = nlohmann::json;

const char* lrScheduleName(LrSchedule s) {
    switch (s) {
        case LrSchedule::Constant:
            return "constant";
        case LrSchedule::Linear:
            return "linear";
        case LrSchedule::Cosine:
            return "cosine";
    }
    return "?";
}

LrSchedule parseLrSchedule(const std::string& s) {
    if (s == "constant") return LrSchedule::Constant;
    if (s == "linear") return LrSchedule::Linear;
    if (s == "cosine") return LrSchedule::Cosine;
    fail("unknown learning-rate schedule '" + s + "' (expected constant, linear or cosine)");
}

double learningRateAt(LrSchedule schedule, double peak, int64_t step, int64_t warmup, int64_t total) {
    // As transformers' get_*_schedule_with_warmup: step 0 of a warmup runs at 0.
    if (step < warmup) return peak * static_cast<double>(step) / static_cast<double>(std::max<int64_t>(1, warmup));
    if (schedule == LrSchedule::Constant) return peak;
    const double progress =
        static_cast<double>(step - warmup) / static_cast<double>(std::max<int64_t>(1, total - warmup));
    if (schedule == LrSchedule::Linear) return peak * std::max(0.0, 1.0 - progress);
    return peak * std::max(0.0, 0.5 * (1.0 + std::cos(M_PI * progress)));
}

namespace {

PromptTemplate parsePromptTemplate(const std::string& name, const std::string& source) {
    for (PromptTemplate t : {PromptTemplate::Auto, PromptTemplate::Llama3, PromptTemplate::ChatML, PromptTemplate::Inst,
                             PromptTemplate::Plain})
        if (promptTemplateName(t) == name) return t;
    fail(source + ": unknown prompt_template '" + name + "' (expected auto, llama3, chatml, inst or plain)");
}

// Reads known keys from an object, refusing unknown keys and wrong types; each error names the source.
class Reader {
public:
    Reader(const json& j, std::string source, std::string block)
        : m_j(j), m_source(std::move(source)), m_block(std::move(block)) {
        if (!j.is_object())
            fail(m_source + ": " + (m_block.empty() ? "the config" : m_block) + " must be a JSON object");
    }
    ~Reader() noexcept(false) {
        if (std::uncaught_exceptions()) return;
        for (auto it = m_j.begin(); it != m_j.end(); ++it)
            if (!m_seen.count(it.key())) fail(m_source + ": unknown field '" + path(it.key()) + "'");
    }

    template <typename T>
    void get(const char* key, T& out, const char* what) {
        m_seen.insert(key);
        auto it = m_j.find(key);
        if (it == m_j.end()) return;
        if (!typeMatches<T>(*it)) fail(m_source + ": field '" + path(key) + "' must be " + what);
        out = it->template get<T>();
    }
    const json* raw(const char* key) {
        m_seen.insert(key);
        auto it = m_j.find(key);
        return it == m_j.end() ? nullptr : &*it;
    }
    std::string path(const std::string& key) const { return m_block.empty() ? key : m_block + "." + key; }

private:
    template <typename T>
    static bool typeMatches(const json& v) {
        if constexpr (std::is_same_v<T, bool>)
            return v.is_boolean();
        else if constexpr (std::is_integral_v<T>)
            return v.is_number_integer() && (std::is_signed_v<T> || v.get<int64_t>() >= 0);
        else if constexpr (std::is_floating_point_v<T>)
            return v.is_number();
        else if constexpr (std::is_same_v<T, std::string>)
            return v.is_string();
        else
            return v.is_array();
    }
    const json& m_j;
    std::string m_source, m_block;
    std::set<std::string> m_seen;
};

void check(bool ok, const std::string& source, const std::string& problem) {
    if (!ok) fail(source + ": " + problem);
}

}  // namespace

void validateTrainConfig(const TrainConfig& c, const std::string& source) {
    validateLoraOptions(c.lora, source);
    check(c.data.seqLen >= 2 && c.data.seqLen <= (1 << 20), source, "seq_len must be between 2 and 1048576");
    check(c.data.evalFraction >= 0.0 && c.data.evalFraction < 1.0, source, "eval_fraction must be in [0, 1)");
    check(c.steps >= 0 && c.steps <= int64_t(1) << 40, source, "steps must be >= 0");
    check(c.steps > 0 || (std::isfinite(c.epochs) && c.epochs > 0.0 && c.epochs <= 1e6), source,
          "epochs must be positive when steps is 0");
    check(c.batchSize >= 1 && c.batchSize <= 65536, source, "batch_size must be between 1 and 65536");
    check(c.gradAccum >= 1 && c.gradAccum <= 65536, source, "grad_accum must be between 1 and 65536");
    check(std::isfinite(c.lr) && c.lr > 0.0 && c.lr < 10.0, source, "lr must be in (0, 10)");
    check(c.warmupSteps >= 0, source, "warmup_steps must be >= 0");
    check(std::isfinite(c.weightDecay) && c.weightDecay >= 0.0 && c.weightDecay < 1.0, source,
          "weight_decay must be in [0, 1)");
    check(c.beta1 >= 0.0 && c.beta1 < 1.0 && c.beta2 >= 0.0 && c.beta2 < 1.0, source, "adam betas must be in [0, 1)");
    check(std::isfinite(c.adamEps) && c.adamEps > 0.0, source, "adam_eps must be positive");
    check(std::isfinite(c.maxGradNorm) && c.maxGradNorm >= 0.0, source, "max_grad_norm must be >= 0");
    check(c.evalEvery >= 0 && c.evalBatches >= 0 && c.checkpointEvery >= 0 && c.snapshotEvery >= 0, source,
          "eval_every, eval_batches, checkpoint_every and snapshot_every must be >= 0");
    check(c.keepCheckpoints >= 0, source, "keep_checkpoints must be >= 0");
    check(!c.modelDir.empty(), source, "model is empty");
    check(!c.dataFile.empty(), source, "data is empty");
    check(!c.pagedOptimizer || c.device == Device::CUDA, source, "paged_optimizer needs device cuda");
    check(c.streamedLayers >= 0 && c.streamedLayers <= 100000, source, "streamed_layers must be >= 0");
    check(c.streamedLayers == 0 || c.device == Device::CUDA, source, "streamed_layers needs device cuda");
    check(c.streamedLayers == 0 || c.lora.method != LoraMethod::QLora, source,
          "streamed_layers needs dense base weights: QLoRA's NF4 weights do not stream");
    check(c.lora.method != LoraMethod::QLora || !c.dtype || *c.dtype != ComputeType::F16, source,
          "QLoRA computes in bf16 or fp32, not fp16");
}

std::string trainConfigToJson(const TrainConfig& c) {
    json j;
    j["model"] = c.modelDir;
    j["data"] = c.dataFile;
    j["lora"] = json::parse(loraOptionsToJson(c.lora));
    j["data_options"] = {{"seq_len", c.data.seqLen},
                         {"prompt_template", promptTemplateName(c.data.promptTemplate)},
                         {"pack", c.data.pack},
                         {"eval_fraction", c.data.evalFraction},
                         {"split_seed", c.data.seed}};
    j["device"] = c.device == Device::CUDA ? "cuda" : "cpu";
    j["dtype"] = c.dtype ? json(computeTypeName(*c.dtype)) : json(nullptr);
    j["steps"] = c.steps;
    j["epochs"] = c.epochs;
    j["batch_size"] = c.batchSize;
    j["grad_accum"] = c.gradAccum;
    j["lr"] = c.lr;
    j["schedule"] = lrScheduleName(c.schedule);
    j["warmup_steps"] = c.warmupSteps;
    j["weight_decay"] = c.weightDecay;
    j["adam_beta1"] = c.beta1;
    j["adam_beta2"] = c.beta2;
    j["adam_eps"] = c.adamEps;
    j["max_grad_norm"] = c.maxGradNorm;
    j["grad_checkpointing"] = c.gradCheckpointing;
    j["paged_optimizer"] = c.pagedOptimizer;
    j["cuda_graphs"] = c.cudaGraphs;
    j["offload_activations"] = c.offloadActivations;
    j["streamed_layers"] = c.streamedLayers;
    j["seed"] = c.seed;
    j["eval_every"] = c.evalEvery;
    j["eval_batches"] = c.evalBatches;
    j["checkpoint_every"] = c.checkpointEvery;
    j["keep_checkpoints"] = c.keepCheckpoints;
    j["snapshot_every"] = c.snapshotEvery;
    j["snapshot_modules"] = c.snapshotModules;
    return j.dump(2) + "\n";
}

namespace {

// parse() with its error message prefixed by the file it came from.
template <typename Parse>
auto prefixed(const std::string& source, Parse parse) {
    try {
        return parse();
    } catch (const Error& e) {
        fail(source + ": " + e.what());
    }
}

}  // namespace

TrainConfig trainConfigFromJson(const std::string& text, const std::string& source) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) fail(source + ": not valid JSON");
    TrainConfig c;
    {
        Reader r(j, source, "");
        r.get("model", c.modelDir, "a string");
        r.get("data", c.dataFile, "a string");
        if (const json* l = r.raw("lora")) {
            if (!l->is_object()) fail(source + ": field 'lora' must be an object");
            c.lora = loraOptionsFromJson(l->dump(), source);
        }
        if (const json* d = r.raw("data_options")) {
            Reader dr(*d, source, "data_options");
            dr.get("seq_len", c.data.seqLen, "an integer");
            std::string tmpl = promptTemplateName(c.data.promptTemplate);
            dr.get("prompt_template", tmpl, "a string");
            c.data.promptTemplate = parsePromptTemplate(tmpl, source);
            dr.get("pack", c.data.pack, "true or false");
            dr.get("eval_fraction", c.data.evalFraction, "a number");
            dr.get("split_seed", c.data.seed, "a non-negative integer");
        }
        std::string device = "cpu";
        r.get("device", device, "\"cpu\" or \"cuda\"");
        c.device = prefixed(source, [&] { return parseDevice(device); });
        if (const json* d = r.raw("dtype"); d && !d->is_null()) {
            if (!d->is_string()) fail(source + ": field 'dtype' must be a string or null");
            c.dtype = prefixed(source, [&] { return parseComputeType(d->get<std::string>()); });
        }
        r.get("steps", c.steps, "an integer");
        r.get("epochs", c.epochs, "a number");
        r.get("batch_size", c.batchSize, "an integer");
        r.get("grad_accum", c.gradAccum, "an integer");
        r.get("lr", c.lr, "a number");
        std::string schedule = lrScheduleName(c.schedule);
        r.get("schedule", schedule, "a string");
        c.schedule = prefixed(source, [&] { return parseLrSchedule(schedule); });
        r.get("warmup_steps", c.warmupSteps, "an integer");
        r.get("weight_decay", c.weightDecay, "a number");
        r.get("adam_beta1", c.beta1, "a number");
        r.get("adam_beta2", c.beta2, "a number");
        r.get("adam_eps", c.adamEps, "a number");
        r.get("max_grad_norm", c.maxGradNorm, "a number");
        r.get("grad_checkpointing", c.gradCheckpointing, "true or false");
        r.get("paged_optimizer", c.pagedOptimizer, "true or false");
        r.get("cuda_graphs", c.cudaGraphs, "true or false");
        r.get("offload_activations", c.offloadActivations, "true or false");
        r.get("streamed_layers", c.streamedLayers, "an integer");
        r.get("seed", c.seed, "a non-negative integer");
        r.get("eval_every", c.evalEvery, "an integer");
        r.get("eval_batches", c.evalBatches, "an integer");
        r.get("checkpoint_every", c.checkpointEvery, "an integer");
        r.get("keep_checkpoints", c.keepCheckpoints, "an integer");
        r.get("snapshot_every", c.snapshotEvery, "an integer");
        if (const json* s = r.raw("snapshot_modules")) {
            if (!s->is_array()) fail(source + ": field 'snapshot_modules' must be a list of strings");
            for (const auto& e : *s) {
                if (!e.is_string()) fail(source + ": field 'snapshot_modules' must be a list of strings");
                c.snapshotModules.push_back(e.get<std::string>());
            }
        }
    }
    validateTrainConfig(c, source);
    return c;
}

}  // namespace ls
