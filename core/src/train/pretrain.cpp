// Full-parameter pretraining of a random-init decoder on raw text (lorastudio/pretrain.h): documents
// tokenized as bos + text + eos, packed into sequences, AdamW on every weight with a cosine schedule.
#include "lorastudio/pretrain.h"

#include <chrono>
#include <cmath>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lorastudio/atomic_file.h"
#include "lorastudio/dataset.h"
#include "lorastudio/error.h"
#include "lorastudio/safetensors.h"
#include "lorastudio/tokenizer.h"
#include "lorastudio/train.h"
#include "model/llama_init.h"
#include "model/llama_model.h"
#include "model/torch_types.h"
#include "train/adamw.h"
#include "train/batches.h"
#include "train/lm_loss.h"

namespace ls {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kMaxCorpusBytes = std::size_t(1) << 30;
constexpr std::size_t kMaxEvalSequences = 64;

// Paragraphs of the file: a line that is empty or only whitespace ends a document.
std::vector<std::string> splitDocuments(const std::string& text) {
    std::vector<std::string> docs;
    std::string cur;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) {
            if (!cur.empty()) docs.push_back(std::move(cur)), cur.clear();
        } else {
            if (!cur.empty()) cur += '\n';
            cur += line;
        }
        pos = end + 1;
    }
    if (!cur.empty()) docs.push_back(std::move(cur));
    return docs;
}

// JSON / JSONL raw-text rows ({"text": ...}) through the data pipeline's loader, else paragraphs.
std::vector<std::string> readDocuments(const fs::path& file) {
    const std::string ext = file.extension().string();
    if (ext != ".json" && ext != ".jsonl") return splitDocuments(readTextFile(file, kMaxCorpusBytes));
    Dataset data = loadDataset(file);
    LS_CHECK_FILE(data.format == DataFormat::Text, file,
                  "holds " + dataFormatName(data.format) + " rows; pretraining reads raw text rows {\"text\": ...}");
    std::vector<std::string> docs;
    docs.reserve(data.rows.size());
    for (auto& r : data.rows)
        if (!r.text.empty()) docs.push_back(std::move(r.text));
    return docs;
}

// Every weight with a name as transformers saves it (lm_head only when untied).
std::vector<std::pair<std::string, torch::Tensor>> namedWeights(const model::LlamaWeights& w, bool tied) {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    out.emplace_back("model.embed_tokens.weight", w.embedTokens);
    for (std::size_t i = 0; i < w.layers.size(); ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        const auto& l = w.layers[i];
        out.emplace_back(p + "input_layernorm.weight", l.inputNorm);
        out.emplace_back(p + "post_attention_layernorm.weight", l.postAttentionNorm);
        if (l.qNorm.defined()) {
            out.emplace_back(p + "self_attn.q_norm.weight", l.qNorm);
            out.emplace_back(p + "self_attn.k_norm.weight", l.kNorm);
        }
        const std::pair<const char*, const model::LinearWeights*> linears[] = {
            {"self_attn.q_proj", &l.q}, {"self_attn.k_proj", &l.k}, {"self_attn.v_proj", &l.v},
            {"self_attn.o_proj", &l.o}, {"mlp.gate_proj", &l.gate}, {"mlp.up_proj", &l.up},
            {"mlp.down_proj", &l.down}};
        for (const auto& [name, lw] : linears) {
            out.emplace_back(p + name + ".weight", lw->weight);
            if (lw->bias.defined()) out.emplace_back(p + name + ".bias", lw->bias);
        }
    }
    out.emplace_back("model.norm.weight", w.norm);
    if (!tied) out.emplace_back("lm_head.weight", w.lmHead.weight);
    return out;
}

// The compute copy of the float32 master weights (differentiable: gradients reach the masters).
model::LlamaWeights castWeights(const model::LlamaWeights& m, torch::Dtype dtype, bool tied) {
    auto cast = [&](const torch::Tensor& t) { return t.defined() ? t.to(dtype) : t; };
    auto linear = [&](const model::LinearWeights& l) {
        model::LinearWeights c;
        c.weight = cast(l.weight);
        c.bias = cast(l.bias);
        return c;
    };
    model::LlamaWeights w;
    w.embedTokens = cast(m.embedTokens);
    for (const auto& l : m.layers) {
        model::LayerWeights c;
        c.inputNorm = cast(l.inputNorm);
        c.postAttentionNorm = cast(l.postAttentionNorm);
        c.qNorm = cast(l.qNorm);
        c.kNorm = cast(l.kNorm);
        c.q = linear(l.q);
        c.k = linear(l.k);
        c.v = linear(l.v);
        c.o = linear(l.o);
        c.gate = linear(l.gate);
        c.up = linear(l.up);
        c.down = linear(l.down);
        w.layers.push_back(std::move(c));
    }
    w.norm = cast(m.norm);
    if (tied)
        w.lmHead.weight = w.embedTokens;
    else
        w.lmHead = linear(m.lmHead);
    return w;
}

json optionsJson(const PretrainOptions& o) {
    json j;
    j["shape"] = o.shapeFile.string();
    j["tokenizer"] = o.tokenizerDir.string();
    j["data"] = o.dataFile.string();
    j["steps"] = o.steps;
    j["batch_size"] = o.batchSize;
    j["seq_len"] = o.seqLen;
    j["lr"] = o.lr;
    j["warmup_steps"] = o.warmupSteps;
    j["weight_decay"] = o.weightDecay;
    j["beta1"] = o.beta1;
    j["beta2"] = o.beta2;
    j["adam_eps"] = o.adamEps;
    j["max_grad_norm"] = o.maxGradNorm;
    j["init_std"] = o.initStd;
    j["eval_fraction"] = o.evalFraction;
    j["seed"] = o.seed;
    j["device"] = o.device == Device::CUDA ? "cuda" : "cpu";
    j["compute_dtype"] = computeTypeName(o.computeDtype);
    j["save_dtype"] = computeTypeName(o.saveDtype);
    return j;
}

std::string fixed(double v, int precision) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(precision) << v;
    return os.str();
}

}  // namespace

void validatePretrainOptions(const PretrainOptions& o) {
    const std::string s = "pretrain options: ";
    LS_CHECK(!o.shapeFile.empty(), s + "the shape file (a config.json) is required");
    LS_CHECK(!o.tokenizerDir.empty(), s + "the tokenizer folder is required");
    LS_CHECK(!o.dataFile.empty(), s + "the data file is required");
    LS_CHECK(!o.outDir.empty(), s + "the output folder is required");
    LS_CHECK(o.steps >= 1, s + "steps must be at least 1");
    LS_CHECK(o.batchSize >= 1, s + "batch size must be at least 1");
    LS_CHECK(o.seqLen >= 2, s + "sequence length must be at least 2");
    LS_CHECK(std::isfinite(o.lr) && o.lr > 0, s + "learning rate must be positive");
    LS_CHECK(o.warmupSteps >= -1 && o.warmupSteps <= o.steps, s + "warmup steps must be -1 (5%) or 0..steps");
    LS_CHECK(o.weightDecay >= 0 && o.weightDecay < 1, s + "weight decay must be in [0, 1)");
    LS_CHECK(o.beta1 >= 0 && o.beta1 < 1 && o.beta2 >= 0 && o.beta2 < 1, s + "AdamW betas must be in [0, 1)");
    LS_CHECK(o.adamEps > 0, s + "AdamW eps must be positive");
    LS_CHECK(o.maxGradNorm >= 0, s + "max grad norm must not be negative");
    LS_CHECK(std::isfinite(o.initStd) && o.initStd > 0, s + "init std must be positive");
    LS_CHECK(o.evalFraction >= 0 && o.evalFraction <= 0.5, s + "eval fraction must be in [0, 0.5]");
    LS_CHECK(o.evalEvery >= 0, s + "eval interval must not be negative");
    LS_CHECK(o.logEvery >= 1, s + "log interval must be at least 1");
}

PretrainResult pretrainModel(const PretrainOptions& o, const std::function<bool(const PretrainProgress&)>& onProgress,
                             const std::function<void(const std::string&)>& onLog) {
    validatePretrainOptions(o);
    auto log = [&](const std::string& line) {
        if (onLog) onLog(line);
    };
    const auto started = Clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - started).count(); };
    PretrainResult result;
    result.outDir = o.outDir;

    // Shape and tokenizer.
    ModelConfig config = loadModelConfig(o.shapeFile);
    LS_CHECK_FILE(!config.quantization, o.shapeFile, "has a quantization_config; a new model is trained dense");
    const Tokenizer tok = Tokenizer::fromFolder(o.tokenizerDir);
    LS_CHECK_FILE(tok.bosId() && tok.eosId(), o.tokenizerDir,
                  "the tokenizer needs bos and eos tokens (bos_token / eos_token in tokenizer_config.json)");
    const TokenId bos = *tok.bosId(), eos = *tok.eosId();
    LS_CHECK_FILE(config.vocabSize >= tok.vocabSize(), o.shapeFile,
                  "vocab_size " + std::to_string(config.vocabSize) + " is smaller than the tokenizer's " +
                      std::to_string(tok.vocabSize()) + " tokens");
    LS_CHECK_FILE(o.seqLen <= config.maxPositionEmbeddings, o.shapeFile,
                  "max_position_embeddings " + std::to_string(config.maxPositionEmbeddings) +
                      " is shorter than the sequence length " + std::to_string(o.seqLen));
    config.bosTokenId = bos;
    config.eosTokenId = eos;
    config.dtype = computeTypeConfigName(o.saveDtype);

    // Data: bos + text + eos per document, every token trained except bos, packed into sequences.
    log("reading " + o.dataFile.string());
    const std::vector<std::string> docs = readDocuments(o.dataFile);
    LS_CHECK_FILE(!docs.empty(), o.dataFile, "holds no text");
    std::vector<Example> examples;
    examples.reserve(docs.size());
    for (const std::string& d : docs) {
        Example e;
        const std::vector<TokenId> ids = tok.encode(d, false);
        e.inputIds.reserve(ids.size() + 2);
        e.inputIds.push_back(bos);
        e.inputIds.insert(e.inputIds.end(), ids.begin(), ids.end());
        e.inputIds.push_back(eos);
        e.labels.assign(e.inputIds.begin(), e.inputIds.end());
        e.labels[0] = kIgnoreLabel;
        result.corpusTokens += static_cast<int64_t>(e.inputIds.size());
        examples.push_back(std::move(e));
    }
    result.documents = static_cast<int64_t>(docs.size());
    std::vector<Example> packed = packExamples(examples, o.seqLen, eos);
    examples.clear();
    const SplitIndices split = splitIndices(packed.size(), o.evalFraction, o.seed);
    std::vector<Example> trainSeqs, evalSeqs;
    for (std::size_t i : split.train) trainSeqs.push_back(std::move(packed[i]));
    for (std::size_t i : split.eval)
        if (evalSeqs.size() < kMaxEvalSequences) evalSeqs.push_back(std::move(packed[i]));
    packed.clear();
    LS_CHECK_FILE(!trainSeqs.empty(), o.dataFile, "is too short for one training sequence");
    result.trainSequences = static_cast<int64_t>(trainSeqs.size());
    result.evalSequences = static_cast<int64_t>(evalSeqs.size());
    log("data: " + std::to_string(result.documents) + " documents, " + std::to_string(result.corpusTokens) +
        " tokens, " + std::to_string(result.trainSequences) + " train / " + std::to_string(result.evalSequences) +
        " eval sequences of " + std::to_string(o.seqLen));

    // Float32 master weights (AdamW updates these); the decoder computes with a copy in computeDtype.
    if (o.device == Device::CUDA && !cudaAvailable())
        fail("pretrain: CUDA was requested but no CUDA device is available");
    const torch::Device device = model::toTorchDevice(o.device);
    const torch::Dtype compute = model::toTorchDtype(o.computeDtype);
    const bool tied = config.tieWordEmbeddings;
    model::LlamaWeights master = model::initLlamaWeights(config, o.seed, o.initStd, torch::kFloat32, device);
    std::vector<torch::Tensor> all, decay, noDecay;
    for (auto& [name, t] : namedWeights(master, tied)) {
        t.set_requires_grad(true);
        all.push_back(t);
        (t.dim() >= 2 ? decay : noDecay).push_back(t);
        result.parameters += t.numel();
    }
    log("model: " + std::to_string(config.numLayers) + " layers, hidden " + std::to_string(config.hiddenSize) + ", " +
        std::to_string(config.numHeads) + " heads / " + std::to_string(config.numKvHeads) + " kv, intermediate " +
        std::to_string(config.intermediateSize) + ", vocab " + std::to_string(config.vocabSize) +
        (config.tieWordEmbeddings ? " (tied)" : "") + ": " + std::to_string(result.parameters) + " parameters");
    train::AdamWOptions adam;
    adam.beta1 = o.beta1;
    adam.beta2 = o.beta2;
    adam.eps = o.adamEps;
    adam.weightDecay = o.weightDecay;
    train::AdamW decayOpt(decay, adam);
    adam.weightDecay = 0.0;
    train::AdamW plainOpt(noDecay, adam);

    model::LlamaModel decoder(config, castWeights(master, compute, tied), device, compute);
    // Full logits: the chunked loss (train::causalLmLoss) keeps the head frozen, and here the head (tied to
    // the embeddings) trains too; a small model's vocabulary keeps [tokens, vocab] small.
    auto lossOf = [&](const train::MicroBatch& b) {
        decoder.weights() = castWeights(master, compute, tied);
        return train::causalLmLossFromLogits(decoder.lmHead(decoder.forward(b.ids, b.mask, {})), b.labels);
    };
    std::vector<train::MicroBatch> evalBatches;
    for (std::size_t i = 0; i < evalSeqs.size(); i += static_cast<std::size_t>(o.batchSize)) {
        std::vector<const Example*> rows;
        for (std::size_t k = i; k < std::min(evalSeqs.size(), i + static_cast<std::size_t>(o.batchSize)); ++k)
            rows.push_back(&evalSeqs[k]);
        evalBatches.push_back(train::collate(rows, eos, device));
    }
    auto evalLoss = [&]() {
        torch::NoGradGuard noGrad;
        double sum = 0;
        int64_t count = 0;
        for (const auto& b : evalBatches) {
            if (b.targetTokens == 0) continue;
            sum += lossOf(b).item<double>() * static_cast<double>(b.targetTokens);
            count += b.targetTokens;
        }
        return count ? sum / static_cast<double>(count) : std::nan("");
    };

    const int64_t warmup = o.warmupSteps >= 0 ? o.warmupSteps : std::max<int64_t>(1, o.steps / 20);
    train::ExampleStream stream(trainSeqs, o.batchSize, o.seed, eos);
    double lossSum = 0, lastGradNorm = 0, lastLr = 0;
    int64_t stepsInWindow = 0, tokensInWindow = 0;
    auto windowStart = Clock::now();
    while (result.steps < o.steps) {
        const double lr = learningRateAt(LrSchedule::Cosine, o.lr, result.steps, warmup, o.steps);
        const train::MicroBatch batch = stream.batch(result.steps, device);
        torch::Tensor loss = lossOf(batch);
        loss.backward();
        const torch::Tensor norm = train::clipGradNorm(all, o.maxGradNorm);
        const double l = loss.item<double>(), g = norm.item<double>();
        if (!std::isfinite(l) || !std::isfinite(g))
            fail("pretrain: the " + std::string(std::isfinite(l) ? "gradient norm" : "loss") +
                 " is not finite at step " + std::to_string(result.steps + 1) + "; try a lower learning rate");
        decayOpt.step(lr);
        plainOpt.step(lr);
        decayOpt.zeroGrad();
        plainOpt.zeroGrad();
        result.steps += 1;
        result.tokensSeen += batch.tokens;
        lossSum += l;
        lastGradNorm = g;
        lastLr = lr;
        stepsInWindow += 1;
        tokensInWindow += batch.tokens;

        const bool last = result.steps == o.steps;
        const bool evalNow = !evalBatches.empty() && o.evalEvery > 0 && result.steps % o.evalEvery == 0;
        if (result.steps % o.logEvery == 0 || last || evalNow) {
            const double window = std::chrono::duration<double>(Clock::now() - windowStart).count();
            PretrainProgress p;
            p.step = result.steps;
            p.totalSteps = o.steps;
            p.loss = lossSum / static_cast<double>(stepsInWindow);
            p.lr = lastLr;
            p.gradNorm = lastGradNorm;
            p.tokensPerS = window > 0 ? static_cast<double>(tokensInWindow) / window : 0;
            p.elapsedS = elapsed();
            p.etaS = p.elapsedS / static_cast<double>(result.steps) * static_cast<double>(o.steps - result.steps);
            if (evalNow && !last) p.evalLoss = evalLoss();
            result.finalLoss = p.loss;
            lossSum = 0;
            stepsInWindow = 0;
            tokensInWindow = 0;
            windowStart = Clock::now();
            if (onProgress && !onProgress(p) && !last) {
                result.stopped = true;
                log("stopped at step " + std::to_string(result.steps) + " of " + std::to_string(o.steps));
                break;
            }
        }
    }
    result.evalLoss = evalLoss();
    result.elapsedS = elapsed();

    // The folder.
    std::error_code ec;
    fs::create_directories(o.outDir, ec);
    LS_CHECK_FILE(fs::is_directory(o.outDir, ec), o.outDir, "cannot create the output folder");
    {
        torch::NoGradGuard noGrad;
        const torch::Dtype target = model::toTorchDtype(o.saveDtype);
        std::vector<std::pair<std::string, torch::Tensor>> named;
        for (const auto& [name, t] : namedWeights(master, tied))
            named.emplace_back(name, t.detach().to(torch::kCPU, target).contiguous());
        std::vector<TensorToWrite> tensors;
        for (const auto& [name, t] : named)
            tensors.push_back({name, computeTypeStorage(o.saveDtype), t.sizes().vec(), t.data_ptr(),
                               static_cast<std::size_t>(t.nbytes())});
        writeSafetensors(o.outDir / "model.safetensors", tensors, {{"format", "pt"}});
    }
    writeFileAtomic(o.outDir / "config.json", modelConfigToJson(config));
    for (const char* f : {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"}) {
        const fs::path from = o.tokenizerDir / f, to = o.outDir / f;
        if (!fs::is_regular_file(from, ec)) continue;
        if (fs::exists(to, ec) && fs::equivalent(from, to, ec)) continue;
        writeFileAtomic(to, readTextFile(from, 256u << 20));
    }
    json gen;
    gen["bos_token_id"] = bos;
    if (auto eot = tok.tokenToId("<|eot_id|>"); eot && *eot != eos)
        gen["eos_token_id"] = {eos, *eot};
    else
        gen["eos_token_id"] = eos;
    gen["do_sample"] = false;
    writeFileAtomic(o.outDir / "generation_config.json", gen.dump(2) + "\n");
    json record;
    record["options"] = optionsJson(o);
    record["result"] = {{"steps", result.steps},
                        {"stopped", result.stopped},
                        {"final_loss", result.finalLoss},
                        {"eval_loss", std::isfinite(result.evalLoss) ? json(result.evalLoss) : json()},
                        {"parameters", result.parameters},
                        {"documents", result.documents},
                        {"corpus_tokens", result.corpusTokens},
                        {"train_sequences", result.trainSequences},
                        {"eval_sequences", result.evalSequences},
                        {"tokens_seen", result.tokensSeen},
                        {"elapsed_s", std::round(result.elapsedS * 10) / 10}};
    writeFileAtomic(o.outDir / "pretrain.json", record.dump(2) + "\n");
    log("wrote " + o.outDir.string() + " (loss " + fixed(result.finalLoss, 4) + ", eval loss " +
        fixed(result.evalLoss, 4) + ")");
    return result;
}

}  // namespace ls
