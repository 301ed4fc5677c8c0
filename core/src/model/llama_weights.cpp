#include "model/llama_weights.h"

#include <algorithm>
#include <sstream>

#include "bnb_format.h"
#include "lorastudio/error.h"
#include "model/quantized_linear.h"
#include "model/torch_types.h"

namespace ls::model {
namespace {

std::string shapeText(const std::vector<int64_t>& shape) {
    std::ostringstream os;
    os << "[";
    for (std::size_t i = 0; i < shape.size(); ++i) os << (i ? ", " : "") << shape[i];
    os << "]";
    return os.str();
}

class Loader {
public:
    Loader(const ModelFolder& folder, torch::Dtype dtype, torch::Device device, bool quantizeNf4)
        : m_folder(folder), m_dtype(dtype), m_device(device), m_quantize(quantizeNf4) {}

    torch::Tensor get(const std::string& name, const std::vector<int64_t>& expected, bool onHost = false) const {
        return mapped(m_folder.get(name), expected)
            .to(torch::TensorOptions().dtype(m_dtype).device(onHost ? torch::Device(torch::kCPU) : m_device),
                /*non_blocking=*/false, /*copy=*/true);
    }

    // The [rows, cols] tensor `name` in page-locked host memory for the GPU to read rows from, or null
    // (*why says why) when host memory cannot be mapped for it; the name and shape are checked either way.
    std::shared_ptr<HostEmbedding> getOnHost(const std::string& name, int64_t rows, int64_t cols,
                                             std::string* why) const {
        const torch::Tensor source = mapped(m_folder.get(name), {rows, cols});
        return HostEmbedding::create(
            rows, cols, m_dtype, m_device, [&](torch::Tensor& t) { t.copy_(source); }, why);
    }

    // A bias that the config asks for must exist; one it does not ask for is never read (transformers
    // builds the module without it and ignores the stored tensor).
    torch::Tensor bias(const std::string& name, int64_t size, bool wanted) const {
        return wanted ? get(name, {size}) : torch::Tensor();
    }

    // A projection `prefix`.weight [out, in] (+ bias), stored either in full precision or 4-bit
    // (bitsandbytes layout: kept packed on the device and dequantized on the fly). onHost: a dense weight
    // is read into CPU memory (a streamed layer's).
    LinearWeights linear(const std::string& prefix, int64_t out, int64_t in, bool withBias, bool onHost) const {
        LinearWeights l;
        if (auto q = bnb::readLinear(m_folder, prefix + ".weight")) {
            if (q->state.shape != std::vector<int64_t>{out, in})
                failFile(m_folder.dir(), "tensor " + prefix + ".weight has shape " + shapeText(q->state.shape) +
                                             ", expected " + shapeText({out, in}));
            auto holder = std::make_shared<QuantizedWeight>();
            holder->tensor = quant::fromQuantized4bit(*q, m_device);
            l.quantized = holder;
        } else if (m_quantize) {
            quant::QuantizeOptions q;
            q.type = quant::QuantType::NF4;
            q.blocksize = 64;
            q.doubleQuant = true;
            auto holder = std::make_shared<QuantizedWeight>();
            const torch::Tensor dense = get(prefix + ".weight", {out, in});
            holder->tensor = quant::quantize4bit(dense, q, prefix + ".weight");
            // What QLoRA's adapter works against: the size of the quantization error of this weight.
            holder->quantErrorNorm =
                (quant::dequantize4bit(holder->tensor).to(torch::kFloat32) - dense.to(torch::kFloat32))
                    .norm()
                    .item<double>();
            l.quantized = holder;
        } else {
            l.weight = get(prefix + ".weight", {out, in}, onHost);
        }
        l.bias = bias(prefix + ".bias", out, withBias);
        return l;
    }

private:
    // The file that holds `view` (errors name it, not just the folder).
    std::filesystem::path fileOf(const TensorView& view) const {
        for (const auto& f : m_folder.files())
            if (f->find(view.name) == &view) return f->path();
        return m_folder.dir();
    }

    // A read-only view of the mapped file after checking shape and dtype; callers copy out of it.
    torch::Tensor mapped(const TensorView& view, const std::vector<int64_t>& expected) const {
        if (view.shape != expected)
            failFile(fileOf(view), "tensor " + view.name + " has shape " + shapeText(view.shape) + ", expected " +
                                       shapeText(expected));
        auto stored = floatStorageDtype(view.dtype);
        if (!stored)
            failFile(fileOf(view), "tensor " + view.name + " has dtype " + dtypeName(view.dtype) +
                                       ", expected a floating-point type (F32, BF16 or F16)");
        return torch::from_blob(const_cast<std::uint8_t*>(view.data), view.shape,
                                torch::TensorOptions().dtype(*stored));
    }

    const ModelFolder& m_folder;
    torch::Dtype m_dtype;
    torch::Device m_device;
    bool m_quantize;
};

}  // namespace

LlamaWeights loadLlamaWeights(const ModelFolder& folder, torch::Dtype dtype, torch::Device device, bool quantizeNf4,
                              bool embeddingsOnHost, const std::vector<int64_t>& hostLayers) {
    const ModelConfig& c = folder.config();
    const int64_t hidden = c.hiddenSize, inter = c.intermediateSize, vocab = c.vocabSize;
    const int64_t qOut = c.numHeads * c.headDim, kvOut = c.numKvHeads * c.headDim;
    // transformers: q/k/v carry a bias when attention_bias (Qwen2 always); o_proj too, except in Qwen2.
    const bool qkvBias = c.attentionBias || c.architecture == Architecture::Qwen2;
    const bool oBias = c.attentionBias && c.architecture != Architecture::Qwen2;
    Loader load(folder, dtype, device, quantizeNf4);

    LlamaWeights w;
    if (embeddingsOnHost) {
        // The caller decides by ls::embeddingsStayOnHost; a tied table must stay where lm_head multiplies it.
        LS_CHECK(device.is_cuda() && !c.tieWordEmbeddings, "host-memory embeddings need CUDA and an untied table");
        w.hostEmbedding = load.getOnHost("model.embed_tokens.weight", vocab, hidden, &w.hostEmbeddingProblem);
        if (w.hostEmbedding) w.embedTokens = w.hostEmbedding->table();
    }
    if (!w.embedTokens.defined()) w.embedTokens = load.get("model.embed_tokens.weight", {vocab, hidden});
    w.layers.resize(static_cast<std::size_t>(c.numLayers));
    for (int64_t i = 0; i < c.numLayers; ++i) {
        LayerWeights& l = w.layers[static_cast<std::size_t>(i)];
        const std::string p = "model.layers." + std::to_string(i) + ".";
        l.inputNorm = load.get(p + "input_layernorm.weight", {hidden});
        l.postAttentionNorm = load.get(p + "post_attention_layernorm.weight", {hidden});
        const bool host = std::binary_search(hostLayers.begin(), hostLayers.end(), i);
        l.q = load.linear(p + "self_attn.q_proj", qOut, hidden, qkvBias, host);
        l.k = load.linear(p + "self_attn.k_proj", kvOut, hidden, qkvBias, host);
        l.v = load.linear(p + "self_attn.v_proj", kvOut, hidden, qkvBias, host);
        l.o = load.linear(p + "self_attn.o_proj", hidden, qOut, oBias, host);
        if (c.qkNorm) {
            l.qNorm = load.get(p + "self_attn.q_norm.weight", {c.headDim});
            l.kNorm = load.get(p + "self_attn.k_norm.weight", {c.headDim});
        }
        l.gate = load.linear(p + "mlp.gate_proj", inter, hidden, c.mlpBias, host);
        l.up = load.linear(p + "mlp.up_proj", inter, hidden, c.mlpBias, host);
        l.down = load.linear(p + "mlp.down_proj", hidden, inter, c.mlpBias, host);
    }
    w.norm = load.get("model.norm.weight", {hidden});
    if (c.tieWordEmbeddings)
        w.lmHead.weight = w.embedTokens;  // shared, as transformers ties them
    else
        w.lmHead.weight = load.get("lm_head.weight", {vocab, hidden});
    return w;
}

}  // namespace ls::model
