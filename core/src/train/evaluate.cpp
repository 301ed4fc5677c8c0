// evaluateModel: loss and perplexity of a model, optionally with a PEFT adapter, on a dataset.
#include <cmath>

#include "lora/lora_impl.h"
#include "lorastudio/demo.h"
#include "lorastudio/error.h"
#include "lorastudio/train.h"
#include "model/model_impl.h"
#include "train/batches.h"
#include "train/lm_loss.h"

namespace ls {

EvalResult evaluateModel(const std::string& modelArg, const std::string& adapterDir, const std::string& dataFile,
                         const DataOptions& data, Device device, int batchSize,
                         const std::function<bool(int, int)>& progress) {
    LS_CHECK(batchSize >= 1, "eval: batch size must be at least 1");
    const auto modelDir = resolveModelDir(modelArg);
    LoadOptions load;
    load.device = device;
    load.dtype = device == Device::CUDA ? ComputeType::BF16 : ComputeType::F32;
    auto model = Model::load(modelDir, load);
    std::unique_ptr<LoraAdapter> adapter;
    if (!adapterDir.empty()) {
        adapter = LoraAdapter::loadPeft(*model, adapterDir);
        adapter->attach(*model);
    }
    const Tokenizer tok = Tokenizer::fromFolder(modelDir);
    DataOptions all = data;
    all.evalFraction = 0.0;  // every example counts
    TrainingData prepared = prepareTrainingData(dataFile, tok, all);
    LS_CHECK_FILE(!prepared.train.empty(), dataFile, "no examples to evaluate");

    const auto& decoder = model->impl().decoder;
    const TokenId pad = tok.eosId().value_or(0);
    bool headAdapted = false;
    if (adapter)
        for (const auto& m : adapter->impl().state->modules)
            headAdapted |= m.site.projection == model::Projection::LmHead;

    torch::NoGradGuard noGrad;
    EvalResult r;
    double sum = 0;
    const int total = static_cast<int>((prepared.train.size() + batchSize - 1) / batchSize);
    for (std::size_t i = 0, done = 0; i < prepared.train.size(); i += static_cast<std::size_t>(batchSize), ++done) {
        std::vector<const Example*> rows;
        for (std::size_t k = i; k < std::min(prepared.train.size(), i + static_cast<std::size_t>(batchSize)); ++k)
            rows.push_back(&prepared.train[k]);
        train::MicroBatch b = train::collate(rows, pad, decoder.device());
        r.sequences += static_cast<int64_t>(rows.size());
        if (b.targetTokens > 0) {
            auto hidden = decoder.forward(b.ids, b.mask, {});
            auto loss = headAdapted ? train::causalLmLossFromLogits(decoder.lmHead(hidden), b.labels)
                                    : train::causalLmLoss(hidden, decoder.weights().lmHead.weight, b.labels);
            sum += loss.item<double>() * static_cast<double>(b.targetTokens);
            r.tokens += b.targetTokens;
        }
        if (progress && !progress(static_cast<int>(done + 1), total)) fail("eval: cancelled");
    }
    LS_CHECK_FILE(r.tokens > 0, dataFile, "no target tokens to evaluate");
    r.loss = sum / static_cast<double>(r.tokens);
    r.perplexity = std::exp(r.loss);
    return r;
}

}  // namespace ls
