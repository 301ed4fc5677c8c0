// A CUDA stream beside the compute stream, for the host <-> device copies of activation offload and weight
// streaming: created non-blocking on one device, forked off the compute stream through an event, checked
// with one error format ("<owner>: <what>: <CUDA's message>"). Torch-light header: the CUDA types stay in
// side_stream.cpp, so the handles are void* (cudaStream_t, cudaEvent_t).
#pragma once

#include <torch/torch.h>

#include <string>

namespace ls::model {

class SideStream {
public:
    // Whether this build (LibTorch with CUDA and the CUDA runtime) and machine can run one; else `why` says
    // why not.
    static bool available(std::string* why);
    // On `device` ("cuda" without an index means the current device). Throws ls::Error where unavailable.
    SideStream(const torch::Device& device, std::string owner);
    ~SideStream();  // waits for the copies still queued
    SideStream(const SideStream&) = delete;
    SideStream& operator=(const SideStream&) = delete;

    const torch::Device& device() const { return m_device; }  // with its index
    void* stream() const { return m_stream; }
    // The stream the caller's kernels go to on this device (a graph capture's stream while capturing).
    void* computeStream() const;
    // Makes this stream wait for the work issued to `computeStream` so far.
    void forkFrom(void* computeStream);
    // Throws "<owner>: <what>: <message>" unless `err` (a cudaError_t) is success, clearing CUDA's error.
    template <class CudaError>
    void check(CudaError err, const char* what) const {
        if (static_cast<int>(err) != 0) fail(static_cast<int>(err), what);
    }

private:
    [[noreturn]] void fail(int err, const char* what) const;

    torch::Device m_device;
    std::string m_owner;
    void* m_stream = nullptr;  // cudaStream_t
    void* m_fork = nullptr;    // cudaEvent_t: the compute stream's position the side stream waits for
};

}  // namespace ls::model
