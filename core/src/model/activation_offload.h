// Activation offload: tensors a node keeps for backward (SwiGLU's gate and up, the largest a layer keeps)
// leave the GPU for page-locked host memory while the forward pass goes on, and come back two layers
// ahead of their use in backward. A step's peak (the start of backward) then holds them only for the
// last layers. Copies run on a side stream and join the compute stream through events, so a CUDA graph
// captures them with the rest of the step; nothing waits on the host.
//
// Timing in forward: a layer's copy out is joined `releaseLag` layers later, and only then is its GPU
// memory given back (the compute stream waits for the copy there, which costs nothing once the link
// keeps up). The last `keepLastLayers` layers stay: backward needs them first.
//
// Needs LibTorch's CUDA build (available() says why not); elsewhere nodes keep their tensors as usual.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lorastudio/train.h"
#include "model/side_stream.h"

namespace ls::model {

struct OffloadOptions {
    int keepLastLayers = -1;      // these last layers keep their tensors on the GPU; -1: offloadKeptLayers()
    int releaseLag = -1;          // a layer's GPU copy is released this many layers later; -1: keepLastLayers
    int64_t hostBudgetBytes = 0;  // page-locked host memory at most; 0: half of the machine's memory
};

class ActivationOffload;

// What a node keeps instead of its tensors (in ctx->saved_data, as a capsule): the tensors, or their
// host copy. Internal to activation_offload.cpp but for its type.
class KeptTensors : public torch::CustomClassHolder {
public:
    std::vector<torch::Tensor> onDevice;  // empty once released to host memory
    std::vector<torch::Tensor> fetched;   // the copy back, while it is in flight
    std::vector<std::vector<int64_t>> shapes;
    torch::TensorOptions options;
    std::shared_ptr<ActivationOffload> owner;  // null: never offloaded
    c10::intrusive_ptr<KeptTensors> previous;  // kept before this one in the same forward
    int64_t slot = -1;                         // the host buffers and events it uses; -1: never copied out
    int64_t layer = 0;
    bool released = false;  // the GPU copy is gone: backward must fetch it
    bool fetching = false;  // the copy back was issued
};

class ActivationOffload : public std::enable_shared_from_this<ActivationOffload> {
public:
    // Whether this build and machine can offload; else `why` says why not.
    static bool available(std::string* why);
    // Null (with `why`) where not available.
    static std::shared_ptr<ActivationOffload> create(const torch::Device& device, OffloadOptions options,
                                                     std::string* why);
    ~ActivationOffload();
    ActivationOffload(const ActivationOffload&) = delete;
    ActivationOffload& operator=(const ActivationOffload&) = delete;

    // Active for one differentiable forward pass on this thread; enterLayer() before each decoder layer.
    class ForwardScope {
    public:
        ForwardScope(ActivationOffload& offload, int64_t layers);
        ~ForwardScope();
        ForwardScope(const ForwardScope&) = delete;
        ForwardScope& operator=(const ForwardScope&) = delete;
        void enterLayer(int64_t index);

    private:
        ActivationOffload& m_offload;
        ActivationOffload* m_previous;
    };

    // Bytes sent to host memory in the last forward pass, and page-locked host memory held.
    int64_t offloadedBytes() const;
    int64_t pinnedBytes() const;

private:
    friend void keepForBackward(torch::autograd::AutogradContext*, std::vector<torch::Tensor>,
                                const std::vector<torch::Tensor>&);
    friend std::vector<torch::Tensor> keptForBackward(torch::autograd::AutogradContext*);
    struct Slot;

    ActivationOffload(const torch::Device& device, OffloadOptions options);
    c10::IValue keep(std::vector<torch::Tensor> tensors);
    std::vector<torch::Tensor> take(KeptTensors& kept);
    void releaseUpTo(int64_t layer);
    void fetch(KeptTensors& kept, void* computeStream);
    Slot* slotFor(int64_t index, const std::vector<torch::Tensor>& tensors);

    torch::Device m_device;
    OffloadOptions m_options;
    int64_t m_budget = 0;
    std::unique_ptr<SideStream> m_copies;
    std::vector<std::unique_ptr<Slot>> m_slots;
    std::vector<void*> m_retiredBuffers;  // outgrown host buffers: a captured graph may still name them
    int64_t m_pinned = 0;
    mutable std::mutex m_mutex;
    // The forward pass in progress.
    int64_t m_layers = 0;
    int64_t m_keep = 0;  // the options resolved for this model's layer count
    int64_t m_lag = 0;
    int64_t m_layer = 0;
    int64_t m_nextSlot = 0;
    int64_t m_offloaded = 0;
    std::vector<c10::intrusive_ptr<KeptTensors>> m_inFlight;  // copies out not yet joined, oldest first
    c10::intrusive_ptr<KeptTensors> m_last;
};

// From an autograd node's forward: keeps `offloadable` and then `others` for backward. While an offloading
// forward pass runs on this thread, `offloadable` goes through it (host memory if the layer qualifies);
// otherwise all of them go to save_for_backward as usual.
void keepForBackward(torch::autograd::AutogradContext* ctx, std::vector<torch::Tensor> offloadable,
                     const std::vector<torch::Tensor>& others);
// From the node's backward: the kept tensors, in the order given, on their device. Offloaded ones can be
// taken once (backward through the same graph twice needs a forward pass without offload).
std::vector<torch::Tensor> keptForBackward(torch::autograd::AutogradContext* ctx);

}  // namespace ls::model
