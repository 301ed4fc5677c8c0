#include "model/activation_offload.h"

#include <unistd.h>

#include "lorastudio/error.h"
#include "quant/quant_torch.h"

#if defined(LS_TORCH_CUDA) && defined(LS_TORCH_CUDART)
#include <cuda_runtime_api.h>
#define LS_OFFLOAD_CUDA 1
#endif

namespace ls::model {

namespace {

thread_local ActivationOffload* tCurrent = nullptr;

constexpr const char* kKept = "offload_kept";
constexpr const char* kKeptCount = "offload_kept_count";

int64_t halfOfHostMemory() {
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && page > 0 ? static_cast<int64_t>(pages) * page / 2 : 0;
}

}  // namespace

#if LS_OFFLOAD_CUDA
struct ActivationOffload::Slot {
    std::vector<void*> host;  // page-locked, one buffer per tensor
    std::vector<int64_t> capacity;
    cudaEvent_t copiedOut = nullptr;
    cudaEvent_t copiedIn = nullptr;
    ~Slot() {
        if (copiedOut) cudaEventDestroy(copiedOut);
        if (copiedIn) cudaEventDestroy(copiedIn);
        for (void* p : host)
            if (p) cudaFreeHost(p);
    }
};
#else
struct ActivationOffload::Slot {};
#endif

bool ActivationOffload::available(std::string* why) { return SideStream::available(why); }

std::shared_ptr<ActivationOffload> ActivationOffload::create(const torch::Device& device, OffloadOptions options,
                                                             std::string* why) {
    if (!device.is_cuda()) {
        if (why) *why = "only a CUDA device offloads activations";
        return nullptr;
    }
    if (!available(why)) return nullptr;
    try {
        return std::shared_ptr<ActivationOffload>(new ActivationOffload(device, options));
    } catch (const std::exception& e) {
        if (why) *why = e.what();
        return nullptr;
    }
}

ActivationOffload::ActivationOffload(const torch::Device& device, OffloadOptions options)
    : m_device(device), m_options(options) {
    m_budget = options.hostBudgetBytes > 0 ? options.hostBudgetBytes : halfOfHostMemory();
    m_copies = std::make_unique<SideStream>(device, "activation offload");
    m_device = m_copies->device();  // with its index: tensors carry it, and keep() compares against it
}

ActivationOffload::~ActivationOffload() {
    const c10::DeviceGuard guard(m_device);
    m_copies.reset();  // waits for the copies still queued
    m_slots.clear();
#if LS_OFFLOAD_CUDA
    for (void* p : m_retiredBuffers) cudaFreeHost(p);
#endif
}

int64_t ActivationOffload::offloadedBytes() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_offloaded;
}

int64_t ActivationOffload::pinnedBytes() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_pinned;
}

ActivationOffload::ForwardScope::ForwardScope(ActivationOffload& offload, int64_t layers)
    : m_offload(offload), m_previous(tCurrent) {
    const std::lock_guard<std::mutex> lock(offload.m_mutex);
    offload.m_layers = layers;
    const auto& o = offload.m_options;
    offload.m_keep = o.keepLastLayers >= 0 ? o.keepLastLayers : offloadKeptLayers(layers);
    offload.m_lag = o.releaseLag >= 0 ? o.releaseLag : offload.m_keep;
    offload.m_layer = 0;
    offload.m_nextSlot = 0;
    offload.m_offloaded = 0;
    offload.m_inFlight.clear();
    offload.m_last.reset();
    tCurrent = &offload;
}

ActivationOffload::ForwardScope::~ForwardScope() {
    const std::lock_guard<std::mutex> lock(m_offload.m_mutex);
    // Copies still out are joined when backward takes their tensors, which never left the GPU.
    m_offload.m_inFlight.clear();
    m_offload.m_last.reset();  // the entries hold their owner: no cycle past the forward pass
    tCurrent = m_previous;
}

void ActivationOffload::ForwardScope::enterLayer(int64_t index) {
    const std::lock_guard<std::mutex> lock(m_offload.m_mutex);
    m_offload.m_layer = index;
}

ActivationOffload::Slot* ActivationOffload::slotFor(int64_t index, const std::vector<torch::Tensor>& tensors) {
#if LS_OFFLOAD_CUDA
    // Inside a graph capture nothing may be allocated or created: a slot the eager run did not size stays on
    // the GPU for that capture.
    const bool capturing = quant::cudaStreamCapturing();
    if (index >= static_cast<int64_t>(m_slots.size())) {
        if (capturing) return nullptr;
        auto slot = std::make_unique<Slot>();
        m_copies->check(cudaEventCreateWithFlags(&slot->copiedOut, cudaEventDisableTiming), "cudaEventCreate");
        m_copies->check(cudaEventCreateWithFlags(&slot->copiedIn, cudaEventDisableTiming), "cudaEventCreate");
        m_slots.push_back(std::move(slot));
    }
    Slot& slot = *m_slots[static_cast<std::size_t>(index)];
    if (slot.host.size() < tensors.size()) {
        slot.host.resize(tensors.size(), nullptr);
        slot.capacity.resize(tensors.size(), 0);
    }
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const int64_t bytes = static_cast<int64_t>(tensors[i].nbytes());
        if (slot.capacity[i] >= bytes) continue;
        if (capturing || m_pinned + bytes > m_budget) return nullptr;
        void* memory = nullptr;
        if (cudaHostAlloc(&memory, static_cast<std::size_t>(bytes), cudaHostAllocDefault) != cudaSuccess) {
            cudaGetLastError();
            return nullptr;  // out of page-locked memory: this one stays on the GPU
        }
        if (slot.host[i]) m_retiredBuffers.push_back(slot.host[i]);  // a captured graph may still copy into it
        slot.host[i] = memory;
        slot.capacity[i] = bytes;
        m_pinned += bytes;
    }
    return &slot;
#else
    return nullptr;
#endif
}

c10::IValue ActivationOffload::keep(std::vector<torch::Tensor> tensors) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    auto kept = c10::make_intrusive<KeptTensors>();
    kept->owner = shared_from_this();
    kept->layer = m_layer;
    kept->previous = m_last;
    m_last = kept;
    for (const auto& t : tensors) kept->shapes.push_back(t.sizes().vec());
    if (!tensors.empty()) kept->options = tensors[0].options();
    bool offload = m_layer < m_layers - m_keep && !tensors.empty();
    for (const auto& t : tensors)
        offload = offload && t.device() == m_device && t.is_contiguous() && t.scalar_type() == tensors[0].scalar_type();
    kept->onDevice = std::move(tensors);
#if LS_OFFLOAD_CUDA
    Slot* slot = offload ? slotFor(m_nextSlot, kept->onDevice) : nullptr;
    if (slot) {
        kept->slot = m_nextSlot++;
        auto copy = static_cast<cudaStream_t>(m_copies->stream());
        m_copies->forkFrom(m_copies->computeStream());  // the copy starts once compute has produced the tensors
        for (std::size_t i = 0; i < kept->onDevice.size(); ++i) {
            const auto& t = kept->onDevice[i];
            m_copies->check(cudaMemcpyAsync(slot->host[i], t.data_ptr(), t.nbytes(), cudaMemcpyDeviceToHost, copy),
                            "copy to host memory");
            m_offloaded += static_cast<int64_t>(t.nbytes());
        }
        m_copies->check(cudaEventRecord(slot->copiedOut, copy), "cudaEventRecord");
        m_inFlight.push_back(kept);
    }
#else
    (void)offload;
#endif
    releaseUpTo(m_layer - m_lag);
    return c10::IValue::make_capsule(kept);
}

void ActivationOffload::releaseUpTo(int64_t layer) {
#if LS_OFFLOAD_CUDA
    auto compute = static_cast<cudaStream_t>(m_copies->computeStream());
    while (!m_inFlight.empty() && m_inFlight.front()->layer <= layer) {
        auto kept = m_inFlight.front();
        m_inFlight.erase(m_inFlight.begin());
        // Compute waits for the copy here, so whatever reuses the memory next comes after it.
        m_copies->check(cudaStreamWaitEvent(compute, m_slots[static_cast<std::size_t>(kept->slot)]->copiedOut, 0),
                        "cudaStreamWaitEvent");
        kept->onDevice.clear();
        kept->released = true;
    }
#endif
}

void ActivationOffload::fetch(KeptTensors& kept, void* computeStreamHandle) {
#if LS_OFFLOAD_CUDA
    Slot& slot = *m_slots[static_cast<std::size_t>(kept.slot)];
    auto copy = static_cast<cudaStream_t>(m_copies->stream());
    for (const auto& shape : kept.shapes) kept.fetched.push_back(torch::empty(shape, kept.options));
    m_copies->forkFrom(computeStreamHandle);  // the new blocks may have served compute work still queued
    for (std::size_t i = 0; i < kept.fetched.size(); ++i)
        m_copies->check(cudaMemcpyAsync(kept.fetched[i].data_ptr(), slot.host[i], kept.fetched[i].nbytes(),
                                        cudaMemcpyHostToDevice, copy),
                        "copy from host memory");
    m_copies->check(cudaEventRecord(slot.copiedIn, copy), "cudaEventRecord");
    kept.fetching = true;
#endif
}

std::vector<torch::Tensor> ActivationOffload::take(KeptTensors& kept) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    std::vector<torch::Tensor> out;
#if LS_OFFLOAD_CUDA
    auto compute = static_cast<cudaStream_t>(m_copies->computeStream());
    if (!kept.released) {
        if (kept.slot >= 0)  // join the copy stream: a graph capture must end with every stream joined
            m_copies->check(cudaStreamWaitEvent(compute, m_slots[static_cast<std::size_t>(kept.slot)]->copiedOut, 0),
                            "cudaStreamWaitEvent");
        out = std::move(kept.onDevice);
    } else {
        LS_CHECK(!kept.fetching || !kept.fetched.empty(),
                 "activation offload: these activations were already used by a backward pass");
        if (!kept.fetching) fetch(kept, compute);
        m_copies->check(cudaStreamWaitEvent(compute, m_slots[static_cast<std::size_t>(kept.slot)]->copiedIn, 0),
                        "cudaStreamWaitEvent");
        out = std::move(kept.fetched);
    }
    kept.onDevice.clear();
    kept.fetched.clear();
    // Backward goes through the layers in reverse: bring the next two back while this one computes.
    auto next = kept.previous;
    for (int ahead = 0; next && ahead < 2; ++ahead, next = next->previous)
        if (next->released && !next->fetching) fetch(*next, compute);
    kept.previous.reset();
#else
    out = std::move(kept.onDevice);
    kept.onDevice.clear();
#endif
    return out;
}

void keepForBackward(torch::autograd::AutogradContext* ctx, std::vector<torch::Tensor> offloadable,
                     const std::vector<torch::Tensor>& others) {
    if (!tCurrent) {
        offloadable.insert(offloadable.end(), others.begin(), others.end());
        ctx->save_for_backward(offloadable);
        return;
    }
    ctx->saved_data[kKeptCount] = static_cast<int64_t>(offloadable.size());
    ctx->saved_data[kKept] = tCurrent->keep(std::move(offloadable));
    ctx->save_for_backward(others);
}

std::vector<torch::Tensor> keptForBackward(torch::autograd::AutogradContext* ctx) {
    auto saved = ctx->get_saved_variables();
    if (!ctx->saved_data.count(kKept)) return saved;
    auto kept = c10::static_intrusive_pointer_cast<KeptTensors>(ctx->saved_data[kKept].toCapsule());
    auto out = kept->owner->take(*kept);
    LS_CHECK(static_cast<int64_t>(out.size()) == ctx->saved_data[kKeptCount].toInt(),
             "activation offload: these activations were already used by a backward pass");
    out.insert(out.end(), saved.begin(), saved.end());
    return out;
}

}  // namespace ls::model
