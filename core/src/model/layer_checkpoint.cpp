#include "model/layer_checkpoint.h"

#include <ATen/Context.h>

#include <mutex>

namespace ls::model {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The autograd context can hold only IValues; the layer function travels in a custom-class capsule.
struct LayerFnHolder : torch::CustomClassHolder {
    LayerFn fn;
    bool preserveRng = false;
    at::Tensor cpuState, cudaState;
};

void captureRng(LayerFnHolder& h, const torch::Device& device) {
    auto cpu = at::detail::getDefaultCPUGenerator();
    {
        std::lock_guard<std::mutex> lock(cpu.mutex());
        h.cpuState = cpu.get_state();
    }
    if (device.is_cuda()) {
        auto gen = at::globalContext().defaultGenerator(device);
        std::lock_guard<std::mutex> lock(gen.mutex());
        h.cudaState = gen.get_state();
    }
}

void restoreRng(const LayerFnHolder& h, const torch::Device& device) {
    auto cpu = at::detail::getDefaultCPUGenerator();
    {
        std::lock_guard<std::mutex> lock(cpu.mutex());
        cpu.set_state(h.cpuState);
    }
    if (device.is_cuda() && h.cudaState.defined()) {
        auto gen = at::globalContext().defaultGenerator(device);
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_state(h.cudaState);
    }
}

struct CheckpointFunction : public torch::autograd::Function<CheckpointFunction> {
    // `anchor` is a zero-size tensor that requires grad, so the output requires grad even when the
    // input does not (the first layer's input comes from frozen embeddings).
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& input, const torch::Tensor& anchor,
                                 c10::intrusive_ptr<LayerFnHolder> holder) {
        if (holder->preserveRng) captureRng(*holder, input.device());
        torch::Tensor out;
        {
            torch::NoGradGuard noGrad;
            out = holder->fn(input);
        }
        ctx->save_for_backward({input});
        ctx->saved_data["fn"] = c10::IValue::make_capsule(c10::intrusive_ptr<torch::CustomClassHolder>(holder));
        return out;
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        auto holder = c10::static_intrusive_pointer_cast<LayerFnHolder>(ctx->saved_data["fn"].toCapsule());
        const torch::Tensor input = ctx->get_saved_variables()[0];
        torch::Tensor x = input.detach().requires_grad_(ctx->needs_input_grad(0));
        torch::Tensor out;
        if (holder->preserveRng) {
            // Recompute with the forward's random state, then put the current state back.
            LayerFnHolder now;
            captureRng(now, x.device());
            restoreRng(*holder, x.device());
            {
                torch::AutoGradMode grad(true);
                out = holder->fn(x);
            }
            restoreRng(now, x.device());
        } else {
            torch::AutoGradMode grad(true);
            out = holder->fn(x);
        }
        {
            torch::AutoGradMode grad(true);
            if (out.requires_grad()) torch::autograd::backward({out}, {gradOutputs[0]});
        }
        return {ctx->needs_input_grad(0) ? x.grad() : torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

torch::Tensor checkpointLayer(LayerFn fn, const torch::Tensor& input, bool preserveRng) {
    auto holder = c10::make_intrusive<LayerFnHolder>();
    holder->fn = std::move(fn);
    holder->preserveRng = preserveRng;
    static const torch::Tensor anchor = torch::empty({0}).requires_grad_(true);
    return CheckpointFunction::apply(input, anchor, holder);
}

}  // namespace ls::model
