// ls::Model: loading, batched logits and generation on top of model::LlamaModel.
#include "lorastudio/model.h"

#include <unistd.h>

#include "lorastudio/error.h"
#include "lorastudio/model_folder.h"
#include "model/generation.h"
#include "model/llama_weights.h"
#include "model/model_impl.h"
#include "model/torch_types.h"
#include "quant/nf4_cuda.h"
#include "train/managed_memory_cuda.h"

namespace ls {

Device parseDevice(const std::string& name) {
    if (name == "cpu") return Device::CPU;
    if (name == "cuda") return Device::CUDA;
    fail("unknown device '" + name + "' (expected cpu or cuda)");
}

ComputeType parseComputeType(const std::string& name) {
    if (name == "fp32") return ComputeType::F32;
    if (name == "bf16") return ComputeType::BF16;
    if (name == "fp16") return ComputeType::F16;
    fail("unknown compute type '" + name + "' (expected fp32, bf16 or fp16)");
}

const char* computeTypeName(ComputeType t) {
    switch (t) {
        case ComputeType::F32:
            return "fp32";
        case ComputeType::BF16:
            return "bf16";
        case ComputeType::F16:
            return "fp16";
    }
    return "fp32";
}

const char* computeTypeConfigName(ComputeType t) {
    switch (t) {
        case ComputeType::F32:
            return "float32";
        case ComputeType::BF16:
            return "bfloat16";
        case ComputeType::F16:
            return "float16";
    }
    return "float32";
}

DType computeTypeStorage(ComputeType t) {
    switch (t) {
        case ComputeType::F32:
            return DType::F32;
        case ComputeType::BF16:
            return DType::BF16;
        case ComputeType::F16:
            return DType::F16;
    }
    return DType::F32;
}

bool cudaAvailable() { return torch::cuda::is_available(); }

bool embeddingsStayOnHost(const ModelConfig& config, Device device) {
    return device == Device::CUDA && !config.tieWordEmbeddings;
}

DeviceInfo describeDevice() {
    DeviceInfo d;
    char name[256] = {0};
    size_t freeBytes = 0, totalBytes = 0;
    if (cudaAvailable() && !ls_cuda_device_name(name, sizeof name) && !ls_cuda_mem_info(0, &freeBytes, &totalBytes)) {
        d.cuda = true;
        d.name = name;
        d.totalMemory = static_cast<int64_t>(totalBytes);
        return d;
    }
    d.name = "CPU";
    d.totalMemory = static_cast<int64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<int64_t>(sysconf(_SC_PAGE_SIZE));
    return d;
}

namespace {

// A [rows][cols] int64 table as a tensor; every row must have `cols` entries.
torch::Tensor tableTensor(const std::vector<std::vector<int64_t>>& rows, int64_t cols, const char* what) {
    auto t = torch::empty({static_cast<int64_t>(rows.size()), cols}, torch::kInt64);
    auto a = t.accessor<int64_t, 2>();
    for (std::size_t r = 0; r < rows.size(); ++r) {
        LS_CHECK(static_cast<int64_t>(rows[r].size()) == cols,
                 std::string("token batch: ") + what + " row " + std::to_string(r) + " has " +
                     std::to_string(rows[r].size()) + " entries, expected " + std::to_string(cols));
        for (int64_t c = 0; c < cols; ++c) a[static_cast<int64_t>(r)][c] = rows[r][static_cast<std::size_t>(c)];
    }
    return t;
}

// Where no WeightStream could take them, the layers read into host memory join the rest on the device.
void moveHostLayersTo(model::LlamaWeights& weights, const std::vector<int64_t>& hostLayers,
                      const torch::Device& device) {
    for (int64_t i : hostLayers) {
        model::LayerWeights& l = weights.layers[static_cast<std::size_t>(i)];
        for (model::LinearWeights* p : l.projections())
            if (p->weight.defined() && p->weight.is_cpu()) p->weight = p->weight.to(device);
    }
}

}  // namespace

Model::Model(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Model::~Model() = default;

std::unique_ptr<Model> Model::load(const std::filesystem::path& dir, const LoadOptions& options) {
    if (options.device == Device::CUDA && !cudaAvailable())
        failFile(dir, "CUDA was requested but no CUDA device is available");
    ModelFolder folder = ModelFolder::open(dir);
    const torch::Device device = model::toTorchDevice(options.device);
    const torch::Dtype dtype = model::toTorchDtype(options.dtype);
    torch::NoGradGuard noGrad;
    const ModelConfig& config = folder.config();
    if (options.streamedLayers < 0 || options.streamedLayers > config.numLayers)
        failFile(dir, "cannot stream " + std::to_string(options.streamedLayers) + " layers: the model has " +
                          std::to_string(config.numLayers));
    // Streamed layers are read into host memory, so the dense weights never sit on the GPU whole.
    const bool stream = options.streamedLayers > 0 && options.device == Device::CUDA && !options.quantizeNf4;
    const std::vector<int64_t> hostLayers =
        stream ? model::streamedLayerIndices(config.numLayers, options.streamedLayers) : std::vector<int64_t>{};
    model::LlamaWeights weights =
        model::loadLlamaWeights(folder, dtype, device, options.quantizeNf4,
                                options.embeddingsOnHost && embeddingsStayOnHost(config, options.device), hostLayers);
    std::string problem;
    std::shared_ptr<model::WeightStream> weightStream;
    if (stream) {
        weightStream = model::WeightStream::create(
            weights.layers, hostLayers, device, static_cast<int>(weightStreamSlots(options.streamedLayers)), &problem);
        if (!weightStream) moveHostLayersTo(weights, hostLayers, device);
    } else if (options.streamedLayers > 0) {
        problem = options.quantizeNf4 ? "NF4 weights are small already: nothing streams with QLoRA"
                                      : "only a CUDA device streams weights";
    }
    auto impl = std::unique_ptr<Impl>(
        new Impl{dir, options, model::LlamaModel(config, std::move(weights), device, dtype), problem});
    impl->decoder.setWeightStream(std::move(weightStream));
    return std::unique_ptr<Model>(new Model(std::move(impl)));
}

const ModelConfig& Model::config() const { return m_impl->decoder.config(); }

Logits Model::logits(const TokenBatch& batch) {
    LS_CHECK(!batch.ids.empty() && !batch.ids[0].empty(), "token batch is empty");
    const int64_t rows = static_cast<int64_t>(batch.ids.size());
    const int64_t cols = static_cast<int64_t>(batch.ids[0].size());
    auto ids = tableTensor(batch.ids, cols, "ids");
    torch::Tensor mask = torch::ones({rows, cols}, torch::kInt64);
    if (!batch.attentionMask.empty()) {
        LS_CHECK(static_cast<int64_t>(batch.attentionMask.size()) == rows,
                 "token batch: attention mask has the wrong number of rows");
        mask = tableTensor(batch.attentionMask, cols, "attention mask");
    }
    torch::Tensor positions = (mask.cumsum(-1) - 1).clamp_min(0);
    if (!batch.positions.empty()) {
        LS_CHECK(static_cast<int64_t>(batch.positions.size()) == rows,
                 "token batch: positions have the wrong number of rows");
        positions = tableTensor(batch.positions, cols, "positions");
    }

    torch::NoGradGuard noGrad;
    const model::LlamaModel& decoder = m_impl->decoder;
    auto hidden = decoder.forward(ids, mask, positions);
    auto out = decoder.lmHead(hidden).to(torch::kCPU, torch::kFloat32).contiguous();
    Logits result;
    result.shape = out.sizes().vec();
    result.values.assign(out.data_ptr<float>(), out.data_ptr<float>() + out.numel());
    return result;
}

int64_t Model::hostEmbeddingBytes() const {
    const model::LlamaWeights& w = m_impl->decoder.weights();
    return w.hostEmbedding ? w.embedTokens.numel() * w.embedTokens.element_size() : 0;
}

const std::string& Model::hostEmbeddingProblem() const { return m_impl->decoder.weights().hostEmbeddingProblem; }

int64_t Model::streamedLayers() const {
    const model::WeightStream* s = m_impl->decoder.weightStream();
    return s ? static_cast<int64_t>(s->streamedLayers().size()) : 0;
}

int64_t Model::streamedWeightBytes() const {
    const model::WeightStream* s = m_impl->decoder.weightStream();
    return s ? s->pinnedBytes() : 0;
}

const std::string& Model::weightStreamProblem() const { return m_impl->weightStreamProblem; }

std::vector<int64_t> Model::generate(const std::vector<int64_t>& prompt, const GenerateOptions& options) {
    return model::generateTokens(m_impl->decoder, prompt, options);
}

}  // namespace ls
