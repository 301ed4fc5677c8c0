#include "model/llama_init.h"

#include <ATen/CPUGeneratorImpl.h>

#include "lorastudio/error.h"

namespace ls::model {

LlamaWeights initLlamaWeights(const ModelConfig& c, uint64_t seed, double std, torch::Dtype dtype,
                              torch::Device device) {
    LS_CHECK(std > 0, "initial weight std must be positive");
    LS_CHECK(!c.quantization, "a new model cannot be quantized");
    at::Generator gen = at::detail::createCPUGenerator(seed);
    const auto cpu = torch::TensorOptions().dtype(torch::kFloat32);
    const auto target = torch::TensorOptions().dtype(dtype).device(device);
    auto normal = [&](std::vector<int64_t> shape) {
        return torch::empty(shape, cpu).normal_(0.0, std, gen).to(target);
    };
    auto ones = [&](int64_t n) { return torch::ones({n}, target); };
    auto linear = [&](int64_t out, int64_t in, bool bias) {
        LinearWeights l;
        l.weight = normal({out, in});
        if (bias) l.bias = torch::zeros({out}, target);
        return l;
    };
    const int64_t hidden = c.hiddenSize, inter = c.intermediateSize;
    const int64_t qOut = c.numHeads * c.headDim, kvOut = c.numKvHeads * c.headDim;
    // The same biases loadLlamaWeights expects.
    const bool qkvBias = c.attentionBias || c.architecture == Architecture::Qwen2;
    const bool oBias = c.attentionBias && c.architecture != Architecture::Qwen2;

    torch::NoGradGuard noGrad;
    LlamaWeights w;
    w.embedTokens = normal({c.vocabSize, hidden});
    w.layers.resize(static_cast<std::size_t>(c.numLayers));
    for (auto& l : w.layers) {
        l.q = linear(qOut, hidden, qkvBias);
        l.k = linear(kvOut, hidden, qkvBias);
        l.v = linear(kvOut, hidden, qkvBias);
        l.o = linear(hidden, qOut, oBias);
        l.gate = linear(inter, hidden, c.mlpBias);
        l.up = linear(inter, hidden, c.mlpBias);
        l.down = linear(hidden, inter, c.mlpBias);
        l.inputNorm = ones(hidden);
        l.postAttentionNorm = ones(hidden);
        if (c.qkNorm) {
            l.qNorm = ones(c.headDim);
            l.kNorm = ones(c.headDim);
        }
    }
    w.norm = ones(hidden);
    if (c.tieWordEmbeddings)
        w.lmHead.weight = w.embedTokens;
    else
        w.lmHead = linear(c.vocabSize, hidden, false);
    return w;
}

}  // namespace ls::model
