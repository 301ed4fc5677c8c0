#include "train/graphed_step.h"

#include <torch/version.h>

#include <cmath>
#include <map>
#include <tuple>

#include "lorastudio/error.h"
#include "model/llama_model.h"
#include "train/short_error.h"

#if defined(LS_TORCH_CUDA) && (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3))
#define LS_CUDA_GRAPHS 1
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace ls::train {

bool GraphedStep::available(const TrainConfig& config, const torch::Device& device, bool headAdapted,
                            std::string* why) {
    auto no = [&](const char* reason) {
        if (why) *why = reason;
        return false;
    };
#if !defined(LS_CUDA_GRAPHS)
    (void)config;
    (void)device;
    (void)headAdapted;
    return no("this build's LibTorch has no CUDA graphs (a CUDA LibTorch 2.3 or newer has)");
#else
    if (!device.is_cuda()) return no("CUDA graphs need a CUDA device");
    if (!config.cudaGraphs) return no("turned off (cuda_graphs false)");
    if (config.lora.dropout > 0.0) return no("LoRA dropout draws new random numbers in every step");
    if (headAdapted) return no("an adapter on lm_head needs the full-logit loss");
    return true;
#endif
}

#if defined(LS_CUDA_GRAPHS)

namespace {

// Graphs are per batch shape; more distinct shapes than this run eager (padding to each batch's longest
// row gives many lengths: capturing every one would cost a capture per step and pool memory per shape).
constexpr std::size_t kMaxShapes = 8;

struct ShapeKey {
    int64_t batch = 0, seq = 0;
    bool masked = false;
    bool operator<(const ShapeKey& o) const {
        return std::tie(batch, seq, masked) < std::tie(o.batch, o.seq, o.masked);
    }
};

// A step part that runs eager until it has run once on the graph stream, then as a graph.
struct GraphSlot {
    std::unique_ptr<at::cuda::CUDAGraph> graph;
    bool ranEager = false;
};

}  // namespace

struct GraphedStep::Impl {
    TrainConfig config;
    std::vector<torch::Tensor> params, grads;
    AdamW& optimizer;
    LossFn loss;
    int64_t vocab;
    std::function<void()> afterBackward;
    c10::cuda::CUDAStream stream;
    decltype(at::cuda::graph_pool_handle()) pool;
    // Per shape: the graph's input buffers (the batch is copied in) and its graph.
    std::map<ShapeKey, std::pair<MicroBatch, GraphSlot>> micro;
    GraphSlot update;
    // Outside the graphs' pool, read or written between replays.
    torch::Tensor lossSum, stats, lr, stepNumber, notFinite;
    std::string fallback;

    Impl(const TrainConfig& c, std::vector<torch::Tensor> p, AdamW& opt, LossFn l, int64_t v,
         std::function<void()> after)
        : config(c),
          params(std::move(p)),
          optimizer(opt),
          loss(std::move(l)),
          vocab(v),
          afterBackward(std::move(after)),
          stream(c10::cuda::getStreamFromPool(false, params.at(0).device().index())),
          pool(at::cuda::graph_pool_handle()) {
        const c10::cuda::CUDAStreamGuard guard(stream);
        torch::NoGradGuard noGrad;
        const auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(params[0].device());
        // Gradients exist from the start and are zeroed in place: autograd then accumulates into the same
        // tensors in every replay (a gradient created inside a capture would live in the graph's pool).
        for (auto& p : params) {
            p.mutable_grad() = torch::zeros_like(p);
            grads.push_back(p.grad());
        }
        lossSum = torch::zeros({}, f32);
        stats = torch::zeros({2}, f32);
        lr = torch::zeros({}, f32);
        stepNumber = torch::zeros({}, f32);
        notFinite = torch::zeros({1}, f32);
    }

    void microBody(const MicroBatch& in) {
        torch::Tensor l = loss(in);
        (l / static_cast<double>(config.gradAccum)).backward();
        if (afterBackward) afterBackward();
        torch::NoGradGuard noGrad;
        lossSum.add_(l.detach());
    }

    void updateBody() {
        torch::NoGradGuard noGrad;
        const torch::Tensor norm = clipGradNorm(params, config.maxGradNorm).to(torch::kFloat32);
        stats.copy_(torch::stack({lossSum / static_cast<double>(config.gradAccum), norm}));
        notFinite.copy_(torch::logical_not(torch::isfinite(stats).all()).to(torch::kFloat32).reshape({1}));
        // torch.optim.AdamW(fused=True)'s kernel: the formulas of AdamW::step, skipped when notFinite is 1.
        const std::vector<torch::Tensor> steps(params.size(), stepNumber);
        const AdamWOptions& o = optimizer.options();
        at::_fused_adamw_(params, grads, optimizer.expAvg(), optimizer.expAvgSq(), at::TensorList(), steps, lr, o.beta1,
                          o.beta2, o.weightDecay, o.eps, /*amsgrad=*/false, /*maximize=*/false, /*grad_scale=*/{},
                          /*found_inf=*/notFinite);
        torch::_foreach_zero_(grads);
        lossSum.zero_();
    }

    void dropGraphs() {
        for (auto& entry : micro) entry.second.second.graph.reset();
        update.graph.reset();
    }

    void run(GraphSlot& slot, const std::function<void()>& body) {
        if (slot.graph) {
            slot.graph->replay();
            return;
        }
        if (!fallback.empty() || !slot.ranEager) {
            body();
            slot.ranEager = true;
            return;
        }
        // The eager runs' cached blocks would otherwise stay reserved beside the graph's own pool.
        c10::cuda::CUDACachingAllocator::emptyCache();
        auto graph = std::make_unique<at::cuda::CUDAGraph>();
        try {
            graph->capture_begin(pool);
            try {
                body();
            } catch (...) {
                try {
                    graph->capture_end();  // ends the stream's capture; throws for the invalidated graph
                } catch (...) {
                }
                throw;
            }
            graph->capture_end();
        } catch (const std::exception& e) {
            // Nothing of a failed capture ran: do this part eagerly and stay eager from now on.
            fallback = shortError(e.what());
            dropGraphs();
            body();
            return;
        }
        slot.graph = std::move(graph);
        slot.graph->replay();
    }

    std::pair<MicroBatch, GraphSlot>* slotFor(const MicroBatch& batch) {
        const ShapeKey key{batch.ids.size(0), batch.ids.size(1), batch.mask.defined()};
        auto it = micro.find(key);
        if (it != micro.end()) return &it->second;
        if (micro.size() >= kMaxShapes) return nullptr;
        MicroBatch in;
        const auto i64 = torch::TensorOptions().dtype(torch::kInt64).device(params[0].device());
        in.ids = torch::empty(batch.ids.sizes(), i64);
        in.labels = torch::empty(batch.labels.sizes(), i64);
        if (batch.mask.defined()) in.mask = torch::empty(batch.mask.sizes(), i64);
        return &micro.emplace(key, std::make_pair(std::move(in), GraphSlot{})).first->second;
    }

    void zeroAccumulated() {
        torch::NoGradGuard noGrad;
        torch::_foreach_zero_(grads);
        lossSum.zero_();
    }
};

GraphedStep::GraphedStep(const TrainConfig& config, std::vector<torch::Tensor> params, AdamW& optimizer, LossFn loss,
                         int64_t vocab, std::function<void()> afterBackward)
    : m_impl(std::make_unique<Impl>(config, std::move(params), optimizer, std::move(loss), vocab,
                                    std::move(afterBackward))) {}

GraphedStep::~GraphedStep() = default;

StepOutcome GraphedStep::step(const std::function<MicroBatch(int)>& next, double lr, const std::atomic<bool>* cancel) {
    Impl& d = *m_impl;
    StepOutcome out;
    // Whatever the caller's stream wrote (a resumed adapter, an evaluation) lands before the graphs read.
    c10::cuda::getDefaultCUDAStream(d.stream.device_index()).synchronize();
    const c10::cuda::CUDAStreamGuard guard(d.stream);
    for (int micro = 0; micro < d.config.gradAccum; ++micro) {
        if (cancel && cancel->load()) {
            d.zeroAccumulated();
            d.stream.synchronize();
            return out;
        }
        MicroBatch batch = next(micro);
        model::checkTokenIds(batch.ids, d.vocab);
        auto* slot = d.slotFor(batch);
        if (!slot) {
            d.microBody(batch);  // a shape beyond the graphed ones
        } else {
            MicroBatch& in = slot->first;
            in.ids.copy_(batch.ids);
            in.labels.copy_(batch.labels);
            if (in.mask.defined()) in.mask.copy_(batch.mask);
            d.run(slot->second, [&d, &in] { d.microBody(in); });
        }
        out.tokens += batch.tokens;
    }
    d.lr.fill_(lr);
    d.stepNumber.fill_(static_cast<double>(d.optimizer.stepCount() + 1));
    d.run(d.update, [&d] { d.updateBody(); });
    // One host sync per step; it also waits for the whole step on the graph stream.
    const torch::Tensor host = d.stats.to(torch::kCPU, torch::kDouble);
    out.loss = host[0].item<double>();
    out.gradNorm = host[1].item<double>();
    out.finite = std::isfinite(out.loss) && std::isfinite(out.gradNorm);
    if (out.finite) d.optimizer.setStepCount(d.optimizer.stepCount() + 1);
    out.completed = true;
    return out;
}

int GraphedStep::graphsCaptured() const {
    int n = m_impl->update.graph ? 1 : 0;
    for (const auto& entry : m_impl->micro) n += entry.second.second.graph ? 1 : 0;
    return n;
}

const std::string& GraphedStep::fallbackReason() const { return m_impl->fallback; }

#else  // no CUDA graphs in this build: available() is false, so nothing constructs one.

struct GraphedStep::Impl {
    std::string fallback = "no CUDA graphs in this build";
};

GraphedStep::GraphedStep(const TrainConfig&, std::vector<torch::Tensor>, AdamW&, LossFn, int64_t, std::function<void()>)
    : m_impl(std::make_unique<Impl>()) {
    fail("CUDA graphs are not available in this build");
}

GraphedStep::~GraphedStep() = default;

StepOutcome GraphedStep::step(const std::function<MicroBatch(int)>&, double, const std::atomic<bool>*) {
    fail("CUDA graphs are not available in this build");
}

int GraphedStep::graphsCaptured() const { return 0; }

const std::string& GraphedStep::fallbackReason() const { return m_impl->fallback; }

#endif

}  // namespace ls::train
