// Training memory from config.json alone. Each term below mirrors what the engine stores on the device;
// the constants are named here, at the top, so measured peaks can adjust them one by one.
//
// Notation: T = batch * seqLen tokens per micro-batch; e = bytes per element of the compute dtype (bf16 2,
// fp32 4); H hidden, I intermediate, Q = heads * headDim, K = kvHeads * headDim, V vocab, r adapter rank.
//
// Checked against the measured peak (the caching allocator's maximum of allocated bytes) on an H200 with
// tests/bench/compare_peft.py for llama-1b and llama-8b shapes and all three methods; the figures are in
// README's Performance table (column "estimate").
#include "lorastudio/memory_estimate.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "lorastudio/error.h"
#include "lorastudio/train.h"

namespace ls {
namespace {

// ---- Weights -----------------------------------------------------------------------------------------
// Adapter weights and their gradients are float32 (lora_adapter.cpp). The branch computes in the compute
// dtype: lora_layer.cpp casts A and B to it in every forward, and backward keeps those casts.
constexpr int64_t kAdapterBytes = 4;
// AdamW: exp_avg and exp_avg_sq per trainable element, float32 each.
constexpr int64_t kAdamStatesPerParam = 2;
constexpr int64_t kAdamStateBytes = 4;

// NF4 storage of one decoder-layer linear (QLoRA: double quantization, blocksize 64).
constexpr int64_t kNf4Blocksize = 64;         // weights per absmax block
constexpr int64_t kNestedBlocksize = 256;     // absmax codes per nested float32 scale
constexpr int64_t kAbsmaxCodeBytes = 1;       // double quant: one 8-bit absmax code per block
constexpr int64_t kNestedAbsmaxBytes = 4;     // double quant: one float32 per 256 blocks
constexpr int64_t kPlainAbsmaxBytes = 4;      // without double quant (a 4-bit folder saved so): float32 absmax
constexpr int64_t kQuantMapBytes = 16 * 4;    // quant_map: 16 float32 code values per weight
constexpr int64_t kNestedMapBytes = 256 * 4;  // double quant: nested_quant_map, 256 float32 per weight

// ---- Activations (bytes per token) -------------------------------------------------------------------
constexpr int64_t kNormsPerLayer = 2;     // input_layernorm and post_attention_layernorm
constexpr int64_t kNormRstdBytes = 4;     // the fused RMSNorm keeps its input and one float32 1/rms per row
constexpr int64_t kLseBytesPerHead = 4;   // flash attention's float32 log-sum-exp, per head
constexpr int64_t kSwiGluTensors = 2;     // the fused SwiGLU keeps gate and up outputs, I wide each
constexpr int64_t kDropoutMaskBytes = 1;  // bool mask per adapter-input element when lora_dropout > 0

// ---- Loss --------------------------------------------------------------------------------------------
// train/lm_loss.cpp computes the cross entropy in chunks of max(64, 32 Mi / V) tokens so that one chunk's
// float32 logits stay near 128 MiB; full [T, V] logits exist only when lm_head itself is adapted.
constexpr int64_t kLossChunkElements = int64_t(32) << 20;
constexpr int64_t kLossChunkMinTokens = 64;
constexpr int64_t kLogitBytes = 4;  // logits and the softmax are float32

// ---- Workspace ---------------------------------------------------------------------------------------
constexpr int64_t kDequantCopies = 2;                       // QLoRA: forward's and backward's copies may overlap
constexpr int64_t kFixedOverheadBytes = int64_t(64) << 20;  // cuBLAS workspace, CUDA context leftovers, rounding
// Fragmentation as a share of the rest. 0: the peak the engine reports (and the estimate is checked
// against) is the caching allocator's maximum of allocated bytes, which fragmentation does not raise.
// Calibrated on an H200 (2026-12-01, tests/bench/run_train_bench.sh): with 0.05 the estimate ran 7-12%
// above the measured peak over the llama-1b / llama-8b runs of all three methods.
constexpr double kFragmentation = 0.0;

// A micro-batch beyond this many tokens is refused (keeps every product below within int64).
constexpr int64_t kMaxTokens = int64_t(1) << 32;

int64_t elementBytes(ComputeType t) {
    switch (t) {
        case ComputeType::F32:
            return 4;
        case ComputeType::BF16:
        case ComputeType::F16:
            return 2;
    }
    return 4;
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Bytes of one NF4/FP4 weight of n elements as the engine stores it (quant::storedBytes with constants).
int64_t fourBitBytes(int64_t n, bool doubleQuant) {
    const int64_t blocks = ceilDiv(n, kNf4Blocksize);
    int64_t bytes = (n + 1) / 2 + kQuantMapBytes;  // two codes per byte, plus the code table
    if (doubleQuant)
        bytes += blocks * kAbsmaxCodeBytes + ceilDiv(blocks, kNestedBlocksize) * kNestedAbsmaxBytes + kNestedMapBytes;
    else
        bytes += blocks * kPlainAbsmaxBytes;
    return bytes;
}

// Which projections of one decoder layer carry an adapter.
struct LayerAdapters {
    std::set<std::string> adapted;  // "q_proj", ..., "down_proj"
    int64_t params = 0;             // elements of their A and B
    bool has(const char* p) const { return adapted.count(p) > 0; }
    int64_t count() const { return static_cast<int64_t>(adapted.size()); }
};

struct Shape {
    int64_t H, I, Q, K, heads, r;
    int64_t e;
    int64_t kvHeads = 0;
    bool qkNorm = false;  // Qwen3's per-head norms of q and k
};

// Bytes per token autograd keeps for one decoder layer through which the gradient flows.
// windowed: the layer's sliding window is shorter than the sequence, so attention takes an explicit mask.
int64_t layerActivationBytes(const Shape& s, const LayerAdapters& a, LoraMethod method, double dropout,
                             bool windowed) {
    const int64_t e = s.e;
    // Two RMSNorms (model/fused_ops.cpp): each keeps H e (its output, from which backward recovers the
    // input; the input when the weight has a zero) and 1/rms per token. Where an adapter branch keeps the
    // same output (LoRA and QLoRA without dropout) it is counted once, below.
    const int64_t norms = kNormsPerLayer * (s.H * e + kNormRstdBytes);
    // Attention (SDPA / flash): q, k, v after RoPE, the output, and a float32 log-sum-exp per head. Grouped
    // keys and values go to the kernel as they are (enable_gqa, LibTorch >= 2.5 on CUDA), K wide. RoPE
    // keeps only its shared cos/sin tables.
    int64_t attention = (s.Q + 2 * s.K) * e + s.Q * e + s.heads * kLseBytesPerHead;
    // With a mask (a sliding window that bites) the kernel takes keys and values repeated to every query
    // head (model/attention.cpp), and keeps those: Q wide each instead of K.
    if (windowed) attention += 2 * (s.Q - s.K) * e;
    // Qwen3's q and k norms (before RoPE) each keep their output and 1/rms per head.
    if (s.qkNorm) attention += (s.Q + s.K) * e + (s.heads + s.kvHeads) * kNormRstdBytes;
    // SwiGLU: gate and up outputs, I wide each (the fused node recomputes SiLU(gate) in backward).
    const int64_t swiglu = kSwiGluTensors * s.I * e;

    // Adapter inputs. The frozen base matmuls keep nothing themselves (their weights need no gradient);
    // LoRA and QLoRA keep the adapter branch's input for A's gradient, in e (lora_layer.cpp computes the
    // branch in x's dtype). Where that input is a tensor kept anyway it costs nothing more: the normed
    // input of q/k/v and of gate/up (the norms keep their outputs), and o's input, the attention output,
    // which the CUDA attention kernels keep and lay out so that o's reshape of it is a view (measured on
    // the H100: LoRA's peak within 1% of LoRA-FA's on Qwen3-0.6B's shape, whose o input is 2 × hidden).
    // down's input, the SiLU product, is not kept: down and SwiGLU form one node that recomputes it from
    // gate and up (counted above). With lora_dropout every module keeps its own dropped copy (e) and a
    // bool mask (any method: x's gradient goes through the mask). LoRA-FA keeps no full-width input.
    struct Group {
        std::vector<const char*> modules;
        int64_t width;
        bool swigluProduct = false;
        bool keptAnyway = false;  // a norm's output or the attention output, kept by their own nodes
    };
    const std::vector<Group> groups = {{{"q_proj", "k_proj", "v_proj"}, s.H, false, true},
                                       {{"o_proj"}, s.Q, false, true},
                                       {{"gate_proj", "up_proj"}, s.H, false, true},
                                       {{"down_proj"}, s.I, true}};
    int64_t adapterInputs = 0, dropoutMasks = 0;
    for (const auto& g : groups) {
        int64_t n = 0;
        for (const char* m : g.modules) n += a.has(m) ? 1 : 0;
        if (n == 0) continue;
        const bool recomputed = g.swigluProduct && dropout == 0.0;
        const bool shared = g.keptAnyway && dropout == 0.0;
        if (method != LoraMethod::LoraFa && !recomputed && !shared)
            adapterInputs += (dropout > 0.0 ? n : 1) * g.width * e;
        if (dropout > 0.0) dropoutMasks += n * g.width * kDropoutMaskBytes;
    }
    // Every adapted module keeps x·Aᵀ (r wide, e) for B's gradient.
    const int64_t adapterRank = a.count() * s.r * e;

    return norms + attention + swiglu + adapterInputs + dropoutMasks + adapterRank;
}

std::string projectionOf(const std::string& name) { return name.substr(name.rfind('.') + 1); }

}  // namespace

MemoryEstimateOptions estimateOptionsFor(const TrainConfig& c, const ModelConfig& model) {
    MemoryEstimateOptions o;
    o.batch = c.batchSize;
    o.seqLen = c.data.seqLen;
    o.gradCheckpointing = c.gradCheckpointing;
    o.dtype = c.dtype.value_or(c.device == Device::CUDA ? ComputeType::BF16 : ComputeType::F32);
    o.pagedOptimizer = c.pagedOptimizer;
    o.embeddingsOnHost = embeddingsStayOnHost(model, c.device);
    o.offloadActivations = c.offloadActivations && c.device == Device::CUDA;
    if (c.device == Device::CUDA && c.lora.method != LoraMethod::QLora) o.streamedLayers = c.streamedLayers;
    return o;
}

int64_t MemoryBreakdown::total() const {
    return frozenWeights + adapterWeights + gradients + optimizerStates + activations + logits + workspace;
}

std::vector<LinearModuleInfo> linearModulesFromConfig(const ModelConfig& c, bool quantized) {
    const int64_t q = c.numHeads * c.headDim, kv = c.numKvHeads * c.headDim;
    const std::string type = quantized ? "Linear4bit" : "Linear";
    struct Proj {
        const char* block;
        const char* name;
        int64_t in, out;
    };
    const Proj projections[] = {{"self_attn", "q_proj", c.hiddenSize, q},
                                {"self_attn", "k_proj", c.hiddenSize, kv},
                                {"self_attn", "v_proj", c.hiddenSize, kv},
                                {"self_attn", "o_proj", q, c.hiddenSize},
                                {"mlp", "gate_proj", c.hiddenSize, c.intermediateSize},
                                {"mlp", "up_proj", c.hiddenSize, c.intermediateSize},
                                {"mlp", "down_proj", c.intermediateSize, c.hiddenSize}};
    std::vector<LinearModuleInfo> out;
    out.reserve(static_cast<std::size_t>(std::max<int64_t>(0, c.numLayers)) * 7 + 1);
    for (int64_t layer = 0; layer < c.numLayers; ++layer) {
        for (const auto& p : projections) {
            LinearModuleInfo m;
            m.name = "model.layers." + std::to_string(layer) + "." + p.block + "." + p.name;
            m.type = type;
            m.layer = layer;
            m.inFeatures = p.in;
            m.outFeatures = p.out;
            out.push_back(std::move(m));
        }
    }
    LinearModuleInfo head;
    head.name = "lm_head";
    head.type = "Linear";
    head.inFeatures = c.hiddenSize;
    head.outFeatures = c.vocabSize;
    out.push_back(std::move(head));
    return out;
}

MemoryBreakdown estimateTrainingMemory(const ModelConfig& c, const LoraOptions& lora, const MemoryEstimateOptions& o) {
    LS_CHECK(o.batch >= 1, "memory estimate: batch must be at least 1, got " + std::to_string(o.batch));
    LS_CHECK(o.seqLen >= 1, "memory estimate: sequence length must be at least 1, got " + std::to_string(o.seqLen));
    LS_CHECK(o.batch <= kMaxTokens / o.seqLen, "memory estimate: batch x sequence length is too large");
    LS_CHECK(c.hiddenSize > 0 && c.intermediateSize > 0 && c.numLayers > 0 && c.numHeads > 0 && c.numKvHeads > 0 &&
                 c.headDim > 0 && c.vocabSize > 0,
             "memory estimate: the model config has a non-positive size");

    // A folder saved in 4-bit stays 4-bit whatever the method; QLoRA quantizes a dense one with double quant.
    const bool quantized = lora.method == LoraMethod::QLora || c.quantization.has_value();
    const bool doubleQuant = c.quantization ? c.quantization->doubleQuant : true;
    const auto modules = linearModulesFromConfig(c, quantized);
    const auto targetList = selectLoraTargets(modules, lora);  // validates the options; throws on no match
    const std::set<std::string> targets(targetList.begin(), targetList.end());

    const int64_t e = elementBytes(o.dtype);
    const int64_t T = o.batch * o.seqLen;
    const Shape s{c.hiddenSize, c.intermediateSize, c.numHeads * c.headDim, c.numKvHeads * c.headDim, c.numHeads,
                  lora.r, e, c.numKvHeads, c.qkNorm};
    MemoryBreakdown b;

    // Frozen weights. LoRA / LoRA-FA: every base parameter in the compute dtype. QLoRA: each decoder-layer
    // linear weight is 4-bit (packed (n+1)/2 bytes, an 8-bit absmax code per 64 weights, a float32 per 256
    // such codes, 16 + 256 float32 code-table entries); biases, norms, embeddings and lm_head stay in the
    // compute dtype. Tied embeddings are one tensor, counted once.
    int64_t dense = c.vocabSize * s.H + s.H;  // embed_tokens and the final norm
    if (!c.tieWordEmbeddings) dense += c.vocabSize * s.H;
    int64_t perLayerDense = kNormsPerLayer * s.H;
    if (c.qkNorm) perLayerDense += 2 * c.headDim;
    if (c.attentionBias) perLayerDense += s.Q + 2 * s.K;
    if (c.outputProjBias) perLayerDense += s.H;
    if (c.mlpBias) perLayerDense += 2 * s.I + s.H;
    dense += c.numLayers * perLayerDense;
    int64_t fourBit = 0, largestFourBit = 0, layerProjections = 0;
    for (const auto& m : modules) {
        if (m.layer < 0) continue;  // lm_head: counted with the embeddings above
        const int64_t n = m.inFeatures * m.outFeatures;
        if (m.layer == 0) layerProjections += n;
        if (quantized) {
            fourBit += fourBitBytes(n, doubleQuant);
            largestFourBit = std::max(largestFourBit, n);
        } else {
            dense += n;
        }
    }
    b.frozenWeights = dense * e + fourBit;
    const int64_t streamed = quantized ? 0 : std::clamp<int64_t>(o.streamedLayers, 0, c.numLayers);
    if (streamed > 0) {
        // In host memory, copied into weightStreamSlots() GPU slots as each layer needs them.
        b.hostWeights += streamed * layerProjections * e;
        b.frozenWeights -= (streamed - weightStreamSlots(streamed)) * layerProjections * e;
    }
    if (o.embeddingsOnHost && !c.tieWordEmbeddings) {
        // Looked up row by row from host memory (ls::embeddingsStayOnHost); the GPU holds none of it.
        b.hostWeights += c.vocabSize * s.H * e;
        b.frozenWeights -= c.vocabSize * s.H * e;
    }

    // Adapter weights: A [r, in] and B [out, r] per targeted module, float32.
    std::map<int64_t, LayerAdapters> perLayer;
    bool headAdapted = false;
    int64_t bParams = 0, headParams = 0;
    for (const auto& m : modules) {
        if (!targets.count(m.name)) continue;
        const int64_t params = lora.r * (m.inFeatures + m.outFeatures);
        b.adapterParams += params;
        bParams += lora.r * m.outFeatures;
        ++b.adaptedModules;
        if (m.layer < 0) {
            headAdapted = true;
            headParams += params;
        } else {
            auto& layer = perLayer[m.layer];
            layer.adapted.insert(projectionOf(m.name));
            layer.params += params;
        }
    }
    b.adapterWeights = b.adapterParams * kAdapterBytes;

    // Gradients: float32, one per trainable element (A and B; LoRA-FA trains only B).
    b.trainableParams = lora.method == LoraMethod::LoraFa ? bParams : b.adapterParams;
    b.gradients = b.trainableParams * kAdapterBytes;

    // Optimizer states: AdamW's two float32 moments per trainable element (also when paged: see the header).
    b.optimizerStates = b.trainableParams * kAdamStatesPerParam * kAdamStateBytes;

    // Activations, per token, times T. Layers below the first adapted one keep nothing (no gradient flows
    // there). With gradient checkpointing every layer keeps only its input (H e), plus one layer's full
    // activations while it is recomputed in backward (the largest). The final RMSNorm keeps its input
    // (H e) and 1/rms when the gradient reaches it; its result is kept only as lm_head's adapter input.
    const bool decoderAdapted = !perLayer.empty();
    const int64_t firstAdapted = decoderAdapted ? perLayer.begin()->first : c.numLayers;
    int64_t perToken = 0, largestLayer = 0;
    // A sliding window shorter than the sequence: an explicit [batch, 1, seq, seq] mask, shared by the
    // sliding layers (model/llama_model.cpp builds it once per forward).
    const bool windowBites = c.slidingWindow && o.seqLen > *c.slidingWindow;
    for (int64_t layer = 0; layer < c.numLayers; ++layer) {
        const auto it = perLayer.find(layer);
        const LayerAdapters none;
        const bool windowed = windowBites && c.slidingLayers.size() > static_cast<std::size_t>(layer) &&
                              c.slidingLayers[static_cast<std::size_t>(layer)];
        const int64_t bytes =
            layerActivationBytes(s, it == perLayer.end() ? none : it->second, lora.method, lora.dropout, windowed);
        largestLayer = std::max(largestLayer, bytes);
        if (o.gradCheckpointing)
            perToken += s.H * e;
        else if (layer >= firstAdapted)
            perToken += bytes;
    }
    if (o.gradCheckpointing) perToken += largestLayer;
    // Offload (model/activation_offload.h): by the end of forward every offloaded layer's gate and up have
    // left the GPU; backward brings two layers back ahead of their use, when later layers have gone.
    int64_t offloadedPerToken = 0;
    if (o.offloadActivations && !o.gradCheckpointing)
        for (int64_t layer = firstAdapted; layer < c.numLayers - offloadKeptLayers(c.numLayers); ++layer)
            offloadedPerToken += kSwiGluTensors * s.I * e;
    perToken -= offloadedPerToken;
    if (decoderAdapted) perToken += s.H * e + kNormRstdBytes;
    if (headAdapted) {
        // lm_head's adapter branch: its input, the final norm's result (LoRA / QLoRA), x·Aᵀ, a dropout mask.
        if (lora.method != LoraMethod::LoraFa) perToken += s.H * e;
        perToken += lora.r * e;
        if (lora.dropout > 0.0) perToken += s.H * kDropoutMaskBytes;
    }
    b.activations = T * perToken;
    // The mask, as the additive bias in the compute dtype (model/attention.h's attentionBias).
    if (windowBites && decoderAdapted) b.activations += T * o.seqLen * e;
    b.hostActivations = T * offloadedPerToken;
    // Not per token: in a compute dtype other than float32 every adapted module casts A and B to it in
    // forward, and backward keeps the casts (r·(in+out)·e per module). Under checkpointing only the
    // recomputed layer's casts exist at once (plus lm_head's).
    if (e != kAdapterBytes) {
        int64_t castParams = 0;
        for (const auto& [layer, adapters] : perLayer)
            castParams = o.gradCheckpointing ? std::max(castParams, adapters.params) : castParams + adapters.params;
        b.activations += (castParams + headParams) * e;
    }

    // Logits. Chunked loss: one chunk of c = min(T, max(64, 32 Mi / V)) tokens of float32 logits (turned
    // into the softmax gradient in place), plus the matmul's compute-dtype output / the gradient cast back
    // (c·V·e, none in fp32), plus the stored gradient of the final hidden state (T·H·e). When lm_head is
    // adapted the full logits exist: T·V·(e + 4 + 4) for the logits, their float32 copy and log_softmax.
    int64_t lossChunkBytes = 0;  // freed once the loss has its gradient
    if (headAdapted) {
        b.logits = T * c.vocabSize * (e + 2 * kLogitBytes);
    } else {
        const int64_t chunk = std::min(T, std::max(kLossChunkMinTokens, kLossChunkElements / c.vocabSize));
        lossChunkBytes = chunk * c.vocabSize * (kLogitBytes + (e == kLogitBytes ? 0 : e));
        b.logits = lossChunkBytes;
    }
    if (decoderAdapted) b.logits += T * s.H * e;

    // A layer's backward under checkpointing: next to the recomputed activations (above) it holds the
    // gradients of down's input, of gate and of up (I wide each), the gradient arriving from the layer above
    // and the one it passes down (H each). Where down's A trains (LoRA, QLoRA without dropout) the SwiGLU
    // product recomputed for A's gradient sits beside them too (I wide: adapted_linear.cpp). Without
    // checkpointing the stored activations it frees as it goes make room for these (measured: the estimate
    // stayed within +3.1% without them); with checkpointing they come on top, once the loss's chunk is gone.
    // Measured on the H100 (tests/gpu/run_estimate_sweep.sh): without any of these −4.3% to −32.5%; with
    // the gradients but not the product −2.0% to −5.4% for LoRA and QLoRA, +0.5% for LoRA-FA.
    if (o.gradCheckpointing && decoderAdapted) {
        const bool productRecomputed = lora.method != LoraMethod::LoraFa && lora.dropout == 0.0 &&
                                       std::any_of(perLayer.begin(), perLayer.end(),
                                                   [](const auto& l) { return l.second.has("down_proj"); });
        const int64_t intermediateWide = kSwiGluTensors + 1 + (productRecomputed ? 1 : 0);
        b.activations += std::max<int64_t>(0, T * (intermediateWide * s.I + 2 * s.H) * e - lossChunkBytes);
    }

    // Workspace. 4-bit base: the largest linear dequantized in the compute dtype, twice (forward and
    // backward may overlap). All methods: a fixed overhead, plus fragmentation as a share of the rest.
    const int64_t dequant = quantized ? kDequantCopies * largestFourBit * e : 0;
    const int64_t others =
        b.frozenWeights + b.adapterWeights + b.gradients + b.optimizerStates + b.activations + b.logits;
    b.workspace = dequant + kFixedOverheadBytes + static_cast<int64_t>(kFragmentation * static_cast<double>(others));
    return b;
}

std::string memoryBreakdownToJson(const MemoryBreakdown& b) {
    nlohmann::ordered_json j;
    j["frozen_weights"] = b.frozenWeights;
    j["adapter_weights"] = b.adapterWeights;
    j["gradients"] = b.gradients;
    j["optimizer_states"] = b.optimizerStates;
    j["activations"] = b.activations;
    j["logits"] = b.logits;
    j["workspace"] = b.workspace;
    j["host_weights"] = b.hostWeights;
    j["host_activations"] = b.hostActivations;
    j["total"] = b.total();
    return j.dump();
}

}  // namespace ls
