// Weight streaming: the frozen projection weights of some decoder layers live in page-locked host memory
// and are copied into one of a few GPU slots just before the layer runs, in forward and again before its
// backward (or its recompute, with checkpointing). The GPU then holds `slots` layers' weights for all the
// streamed layers: (streamed − slots) × the layer's bytes less at every moment of the step.
//
// Schedule: streamed layer k (in layer order) uses slot k mod slots. When a streamed layer is done, the
// copy of the next streamed layer for its slot in the same direction (k + slots in forward, k − slots in
// backward) starts on a side stream, so it overlaps the layers in between. A step needs no copy at its
// turns: forward ends with the last `slots` streamed layers in place, which backward needs first, and
// backward ends with the first ones, which the next forward needs first. Any other order (an evaluation
// after another, generation) stays correct: a layer whose weights are not in place is copied on demand and
// the compute stream waits for it. Copies are raw cudaMemcpyAsync on the slots' memory (a torch copy_ would
// bump the version that autograd checks on saved weights) joined by events, so CUDA graphs capture them.
//
// Needs LibTorch's CUDA build (available() says why not).
#pragma once

#include <torch/torch.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "model/llama_weights.h"
#include "model/side_stream.h"

namespace ls::model {

class WeightStream {
public:
    // Whether this build and machine can stream weights; else `why` says why not.
    static bool available(std::string* why);
    // Takes the layers `streamed` (ascending) of `layers`, whose dense projection weights are on the CPU,
    // into page-locked host memory and points their LinearWeights at GPU slots on `device`. Returns null
    // (with `why`, the weights untouched) where that cannot be done.
    static std::shared_ptr<WeightStream> create(std::vector<LayerWeights>& layers, const std::vector<int64_t>& streamed,
                                                const torch::Device& device, int slots, std::string* why);
    ~WeightStream();
    WeightStream(const WeightStream&) = delete;
    WeightStream& operator=(const WeightStream&) = delete;

    // Before layer `index` runs forward: its weights are in place once the compute stream gets there, and
    // the layer before it is done with its slot.
    void enterForward(int64_t index);
    // Before layer `index`'s backward (from a hook on its output's gradient): the same, and the layer after
    // it is done.
    void enterBackward(int64_t index);
    // Puts the first streamed layers back in their slots, where every forward pass expects them, and joins
    // every copy. Called after a forward pass without backward and after each backward, so a CUDA graph
    // replays from the state it was captured in whatever ran in between (an evaluation, say).
    void goHome();

    const std::vector<int64_t>& streamedLayers() const { return m_layers; }
    int slots() const { return static_cast<int>(m_slots.size()); }
    int64_t pinnedBytes() const { return m_layerBytes * static_cast<int64_t>(m_layers.size()); }

private:
    struct Slot;
    WeightStream(const torch::Device& device, std::vector<int64_t> layers, int slots);
    int64_t rankOf(int64_t layer) const;  // -1 when not streamed
    // Puts streamed rank `rank` in its slot (after the compute stream's work so far) unless it is there.
    void place(int64_t rank);
    // Makes the compute stream wait for the slot's last copy, once.
    void join(Slot& slot);
    void enter(int64_t index, int64_t doneLayer, int direction);

    torch::Device m_device;
    std::vector<int64_t> m_layers;             // streamed layer indices, ascending
    std::vector<void*> m_host;                 // one page-locked buffer per streamed layer
    std::vector<torch::Tensor> m_slotBuffers;  // uint8 on the device, m_layerBytes each
    std::vector<std::unique_ptr<Slot>> m_slots;
    int64_t m_layerBytes = 0;
    std::unique_ptr<SideStream> m_copies;
    std::mutex m_mutex;  // forward runs on the caller's thread, backward hooks on autograd's
};

// The layers a model of `layers` decoder layers streams when asked for `count` (clamped to [0, layers]):
// spread evenly, so the copies have whole layers of compute to hide behind.
std::vector<int64_t> streamedLayerIndices(int64_t layers, int64_t count);

}  // namespace ls::model
