#include "model/side_stream.h"

#include "lorastudio/error.h"
#include "quant/quant_torch.h"

#if defined(LS_TORCH_CUDA) && defined(LS_TORCH_CUDART)
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime_api.h>
#define LS_SIDE_STREAM_CUDA 1
#endif

namespace ls::model {

bool SideStream::available(std::string* why) {
#if LS_SIDE_STREAM_CUDA
    if (quant::cudaKernelsAvailable()) return true;
    if (why) *why = "no CUDA device";
    return false;
#else
    if (why) *why = "this build's LibTorch has no CUDA streams";
    return false;
#endif
}

SideStream::SideStream(const torch::Device& device, std::string owner) : m_device(device), m_owner(std::move(owner)) {
    std::string why;
    if (!device.is_cuda()) ls::fail(m_owner + ": needs a CUDA device");
    if (!available(&why)) ls::fail(m_owner + ": " + why);
#if LS_SIDE_STREAM_CUDA
    // Tensors carry the device's index: compare and guard with it.
    if (!m_device.has_index()) m_device = torch::Device(torch::kCUDA, c10::cuda::current_device());
    const c10::DeviceGuard guard(m_device);
    cudaStream_t stream = nullptr;
    check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreate");
    m_stream = stream;
    cudaEvent_t fork = nullptr;
    check(cudaEventCreateWithFlags(&fork, cudaEventDisableTiming), "cudaEventCreate");
    m_fork = fork;
#endif
}

SideStream::~SideStream() {
#if LS_SIDE_STREAM_CUDA
    const c10::DeviceGuard guard(m_device);
    if (m_stream) cudaStreamSynchronize(static_cast<cudaStream_t>(m_stream));
    if (m_fork) cudaEventDestroy(static_cast<cudaEvent_t>(m_fork));
    if (m_stream) cudaStreamDestroy(static_cast<cudaStream_t>(m_stream));
#endif
}

void* SideStream::computeStream() const {
#if LS_SIDE_STREAM_CUDA
    return c10::cuda::getCurrentCUDAStream(m_device.index()).stream();
#else
    return nullptr;
#endif
}

void SideStream::forkFrom(void* computeStream) {
#if LS_SIDE_STREAM_CUDA
    auto fork = static_cast<cudaEvent_t>(m_fork);
    check(cudaEventRecord(fork, static_cast<cudaStream_t>(computeStream)), "cudaEventRecord");
    check(cudaStreamWaitEvent(static_cast<cudaStream_t>(m_stream), fork, 0), "cudaStreamWaitEvent");
#else
    (void)computeStream;
#endif
}

void SideStream::fail(int err, const char* what) const {
#if LS_SIDE_STREAM_CUDA
    cudaGetLastError();  // clear it: the next call must not report this one
    ls::fail(m_owner + ": " + what + ": " + cudaGetErrorString(static_cast<cudaError_t>(err)));
#else
    ls::fail(m_owner + ": " + what + ": CUDA error " + std::to_string(err));
#endif
}

}  // namespace ls::model
