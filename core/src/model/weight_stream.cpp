#include "model/weight_stream.h"

#include <cstring>

#include "lorastudio/error.h"

#if defined(LS_TORCH_CUDA) && defined(LS_TORCH_CUDART)
#include <cuda_runtime_api.h>
#define LS_STREAM_CUDA 1
#endif

namespace ls::model {

namespace {

constexpr int64_t kAlign = 256;  // each weight starts 256-byte aligned in its slot, as cuBLAS likes it

[[maybe_unused]] int64_t alignedBytes(const torch::Tensor& t) {
    return (static_cast<int64_t>(t.nbytes()) + kAlign - 1) / kAlign * kAlign;
}

}  // namespace

std::vector<int64_t> streamedLayerIndices(int64_t layers, int64_t count) {
    count = std::max<int64_t>(0, std::min(count, layers));
    std::vector<int64_t> out;
    for (int64_t k = 0; k < count; ++k) out.push_back((2 * k + 1) * layers / (2 * count));
    return out;
}

struct WeightStream::Slot {
    int64_t holder = -1;    // the streamed rank whose weights are (or are being copied) in this slot
    bool unjoined = false;  // a copy into it that the compute stream has not waited for yet
#if LS_STREAM_CUDA
    cudaEvent_t ready = nullptr;  // recorded after the last copy into the slot
    ~Slot() {
        if (ready) cudaEventDestroy(ready);
    }
#endif
};

bool WeightStream::available(std::string* why) { return SideStream::available(why); }

std::shared_ptr<WeightStream> WeightStream::create(std::vector<LayerWeights>& layers,
                                                   const std::vector<int64_t>& streamed, const torch::Device& device,
                                                   int slots, std::string* why) {
    if (!device.is_cuda()) {
        if (why) *why = "only a CUDA device streams weights";
        return nullptr;
    }
    if (streamed.empty()) {
        if (why) *why = "no layers to stream";
        return nullptr;
    }
    if (!available(why)) return nullptr;
    for (int64_t index : streamed) {
        LS_CHECK(index >= 0 && index < static_cast<int64_t>(layers.size()), "weight streaming: no such layer");
        for (LinearWeights* p : layers[static_cast<std::size_t>(index)].projections())
            if (p->quantized || !p->weight.defined() || !p->weight.device().is_cpu()) {
                if (why) *why = "streamed layers need dense weights loaded to host memory (not NF4)";
                return nullptr;
            }
    }
    try {
        std::shared_ptr<WeightStream> stream(
            new WeightStream(device, streamed, std::max(1, std::min<int>(slots, static_cast<int>(streamed.size())))));
#if LS_STREAM_CUDA
        const c10::DeviceGuard guard(stream->m_device);
        // Every streamed layer must share one layout: the slots are laid out once.
        std::vector<std::vector<int64_t>> shapes;
        for (LinearWeights* p : layers[static_cast<std::size_t>(streamed[0])].projections()) {
            shapes.push_back(p->weight.sizes().vec());
            stream->m_layerBytes += alignedBytes(p->weight);
        }
        const torch::Dtype dtype = layers[static_cast<std::size_t>(streamed[0])].q.weight.scalar_type();
        for (int64_t index : streamed) {
            const auto ps = layers[static_cast<std::size_t>(index)].projections();
            for (std::size_t j = 0; j < ps.size(); ++j)
                LS_CHECK(ps[j]->weight.sizes().vec() == shapes[j] && ps[j]->weight.scalar_type() == dtype,
                         "weight streaming: streamed layers differ in shape");
            void* host = nullptr;
            stream->m_copies->check(
                cudaHostAlloc(&host, static_cast<std::size_t>(stream->m_layerBytes), cudaHostAllocDefault),
                "page-locked host memory");
            stream->m_host.push_back(host);
            int64_t offset = 0;
            for (LinearWeights* p : ps) {
                const torch::Tensor w = p->weight.contiguous();
                std::memcpy(static_cast<char*>(host) + offset, w.data_ptr(), w.nbytes());
                offset += alignedBytes(w);
            }
        }
        const auto u8 = torch::TensorOptions().dtype(torch::kUInt8).device(stream->m_device);
        for (int s = 0; s < stream->slots(); ++s)
            stream->m_slotBuffers.push_back(torch::empty({stream->m_layerBytes}, u8));
        // Start at home: the first streamed layers in their slots, as every step begins and ends. Before the
        // weights point at the slots, so a failure here leaves them as they were.
        stream->goHome();
        stream->m_copies->check(cudaStreamSynchronize(static_cast<cudaStream_t>(stream->m_copies->stream())),
                                "first copies");
        // Point each streamed layer's weights at its slot; the CPU copies go with the old tensors.
        for (std::size_t k = 0; k < streamed.size(); ++k) {
            const torch::Tensor& buffer = stream->m_slotBuffers[k % stream->m_slotBuffers.size()];
            const auto ps = layers[static_cast<std::size_t>(streamed[k])].projections();
            int64_t offset = 0;
            for (std::size_t j = 0; j < ps.size(); ++j) {
                const int64_t bytes = static_cast<int64_t>(ps[j]->weight.nbytes());
                const int64_t aligned = alignedBytes(ps[j]->weight);
                ps[j]->weight = buffer.narrow(0, offset, bytes).view(dtype).view(shapes[j]);
                offset += aligned;
            }
        }
#endif
        return stream;
    } catch (const std::exception& e) {
        if (why) *why = e.what();
        return nullptr;
    }
}

WeightStream::WeightStream(const torch::Device& device, std::vector<int64_t> layers, int slots)
    : m_device(device), m_layers(std::move(layers)) {
    m_copies = std::make_unique<SideStream>(device, "weight streaming");
    m_device = m_copies->device();
    for (int s = 0; s < slots; ++s) m_slots.push_back(std::make_unique<Slot>());
#if LS_STREAM_CUDA
    const c10::DeviceGuard guard(m_device);
    for (auto& slot : m_slots)
        m_copies->check(cudaEventCreateWithFlags(&slot->ready, cudaEventDisableTiming), "cudaEventCreate");
#endif
}

WeightStream::~WeightStream() {
    const c10::DeviceGuard guard(m_device);
    m_copies.reset();  // waits for the copies still queued
    m_slots.clear();
#if LS_STREAM_CUDA
    for (void* p : m_host) cudaFreeHost(p);
#endif
}

int64_t WeightStream::rankOf(int64_t layer) const {
    const auto it = std::lower_bound(m_layers.begin(), m_layers.end(), layer);
    return it != m_layers.end() && *it == layer ? it - m_layers.begin() : -1;
}

void WeightStream::place(int64_t rank) {
    Slot& slot = *m_slots[static_cast<std::size_t>(rank) % m_slots.size()];
    if (slot.holder == rank) return;
#if LS_STREAM_CUDA
    auto copy = static_cast<cudaStream_t>(m_copies->stream());
    // After the compute stream's work so far: whatever used the slot's previous weights is queued before.
    m_copies->forkFrom(m_copies->computeStream());
    const torch::Tensor& buffer = m_slotBuffers[static_cast<std::size_t>(rank) % m_slotBuffers.size()];
    m_copies->check(cudaMemcpyAsync(buffer.data_ptr(), m_host[static_cast<std::size_t>(rank)],
                                    static_cast<std::size_t>(m_layerBytes), cudaMemcpyHostToDevice, copy),
                    "copy to the GPU");
    m_copies->check(cudaEventRecord(slot.ready, copy), "cudaEventRecord");
#endif
    slot.holder = rank;
    slot.unjoined = true;
}

void WeightStream::join(Slot& slot) {
    if (!slot.unjoined) return;  // waiting again would name an event recorded before a graph capture began
#if LS_STREAM_CUDA
    m_copies->check(cudaStreamWaitEvent(static_cast<cudaStream_t>(m_copies->computeStream()), slot.ready, 0),
                    "cudaStreamWaitEvent");
#endif
    slot.unjoined = false;
}

void WeightStream::enter(int64_t index, int64_t doneLayer, int direction) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    const c10::DeviceGuard guard(m_device);
    // The layer just finished frees its slot for the next streamed layer in this direction.
    const int64_t done = rankOf(doneLayer);
    const int64_t next = done + direction * static_cast<int64_t>(m_slots.size());
    if (done >= 0 && next >= 0 && next < static_cast<int64_t>(m_layers.size())) place(next);
    const int64_t rank = rankOf(index);
    if (rank < 0) return;
    place(rank);  // nothing unless an unusual order left other weights there
    join(*m_slots[static_cast<std::size_t>(rank) % m_slots.size()]);
}

void WeightStream::enterForward(int64_t index) { enter(index, index - 1, +1); }

void WeightStream::enterBackward(int64_t index) { enter(index, index + 1, -1); }

void WeightStream::goHome() {
    const std::lock_guard<std::mutex> lock(m_mutex);
    const c10::DeviceGuard guard(m_device);
    for (std::size_t k = 0; k < m_slots.size(); ++k) {
        place(static_cast<int64_t>(k));
        join(*m_slots[k]);  // also every prefetch no layer used: a graph capture must end joined
    }
}
}  // namespace ls::model
