// Pretraining a small model from scratch: a Llama-family decoder of a given shape, random-initialised
// as transformers initialises a new model, with every parameter trained on raw text. This is how the
// embedded demo model is made (tools/demo/rebuild.sh); it is not meant for large models. Torch-free
// header; the implementation lives in core/src/train/pretrain.cpp.
//
// The output folder is a Hugging Face model folder that ls::Model::load reads:
//   OUT/config.json             the shape, with dtype, bos_token_id and eos_token_id filled in
//   OUT/model.safetensors       all weights (saveDtype); no lm_head.weight when the embeddings are tied
//   OUT/tokenizer.json, ...     the tokenizer folder's files, copied
//   OUT/generation_config.json  bos, eos (and <|eot_id|> when the tokenizer has it) for generation
//   OUT/pretrain.json           the options and the result (losses, tokens, time)
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "lorastudio/model.h"

namespace ls {

struct PretrainOptions {
    std::filesystem::path shapeFile;     // a config.json: architecture and sizes (vocab_size >= the tokenizer's)
    std::filesystem::path tokenizerDir;  // tokenizer.json (+ tokenizer_config.json) with bos and eos tokens
    // UTF-8 text whose documents are separated by blank lines, or .json / .jsonl raw-text rows {"text": ...}
    // (special tokens such as <|eot_id|> written in the text are encoded as those tokens).
    std::filesystem::path dataFile;
    std::filesystem::path outDir;  // created if missing; the files listed above are replaced

    int64_t steps = 1000;      // optimizer steps
    int batchSize = 16;        // sequences per step
    int seqLen = 128;          // tokens per packed sequence (<= max_position_embeddings)
    double lr = 2e-3;          // peak learning rate (cosine to 0 after the warmup)
    int64_t warmupSteps = -1;  // linear warmup; -1 = 5% of the steps
    double weightDecay = 0.1;  // AdamW decoupled weight decay on matrices (embeddings, projections), not norms
    double beta1 = 0.9, beta2 = 0.95, adamEps = 1e-8;
    double maxGradNorm = 1.0;     // clip the global gradient norm to this; 0 = no clipping
    double initStd = 0.02;        // weights ~ N(0, initStd) (transformers' initializer_range); norms 1
    double evalFraction = 0.01;   // share of packed sequences held out for the eval loss (at most 64 are used)
    int64_t evalEvery = 0;        // eval loss every N steps (0 = only at the end)
    uint64_t seed = 0;            // initial weights, the eval split and the order of sequences
    Device device = Device::CPU;  // where the model trains
    // Dtype of the forward and backward pass; the master weights and AdamW's state stay float32. BF16
    // matmuls are far faster on CPUs with AVX-512 BF16 / AMX (oneDNN) than float32 through a plain BLAS.
    ComputeType computeDtype = ComputeType::BF16;
    ComputeType saveDtype = ComputeType::BF16;  // F32, BF16 or F16 in model.safetensors
    int logEvery = 10;                          // progress every N steps
};

struct PretrainProgress {
    int64_t step = 0;  // optimizer steps done
    int64_t totalSteps = 0;
    double loss = 0;        // mean train loss over the steps since the previous report
    double lr = 0;          // learning rate of the last step
    double gradNorm = 0;    // global norm of the last step, before clipping
    double tokensPerS = 0;  // over the steps since the previous report
    double elapsedS = 0;
    double etaS = 0;
    double evalLoss = -1;  // when measured at this step, else -1
};

struct PretrainResult {
    int64_t steps = 0;     // steps done (fewer than asked when stopped)
    bool stopped = false;  // onProgress returned false
    double finalLoss = 0;  // mean train loss over the last report interval
    double evalLoss = 0;   // on the held-out sequences with the final weights (NaN without an eval split)
    int64_t parameters = 0;
    int64_t documents = 0, corpusTokens = 0;  // the data file, as bos + text + eos per document
    int64_t trainSequences = 0, evalSequences = 0;
    int64_t tokensSeen = 0;
    double elapsedS = 0;
    std::filesystem::path outDir;
};

// Checks the options (errors name the option or the file); throws ls::Error.
void validatePretrainOptions(const PretrainOptions& options);

// Trains and writes the model folder. onProgress is called every logEvery steps and after the last
// one; returning false stops after that step (the weights so far are still written). onLog gets
// human-readable lines (data, model size, files written).
PretrainResult pretrainModel(const PretrainOptions& options,
                             const std::function<bool(const PretrainProgress&)>& onProgress = {},
                             const std::function<void(const std::string&)>& onLog = {});

}  // namespace ls
