// An embedding table kept in page-locked host memory while the model computes on the GPU. A frozen
// embedding is only ever looked up, a few rows per token, so the GPU reads just the rows a batch needs
// straight from host memory (zero-copy over PCIe: 8 KiB per token for a 4096-wide bf16 table) instead of
// holding the whole table: vocab × hidden × 2 bytes of device memory saved, 1 GiB on Llama 3 8B. Only for
// untied tables: a tied one is also lm_head's weight, which the GPU multiplies in full every step.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>

namespace ls::model {

class HostEmbedding {
public:
    // A page-aligned host tensor [rows, cols] of `dtype`, page-locked and mapped for `device` (CUDA), then
    // filled by `fill`. Before it is handed out, `device` gathers its first, middle and last rows, which
    // must equal the host's bytes. Returns null, with the reason in *why, when the memory cannot be
    // registered (no CUDA kernels, no GPU) or that check fails: the caller keeps the table on the device.
    static std::shared_ptr<HostEmbedding> create(int64_t rows, int64_t cols, torch::Dtype dtype,
                                                 const torch::Device& device,
                                                 const std::function<void(torch::Tensor&)>& fill, std::string* why);
    ~HostEmbedding();
    HostEmbedding(const HostEmbedding&) = delete;
    HostEmbedding& operator=(const HostEmbedding&) = delete;

    // The table, a CPU tensor (read it like any other; it must not be resized).
    const torch::Tensor& table() const { return m_table; }
    // The rows of `ids` (int64, on `device`, every id checked to lie in the table) as a tensor
    // [ids.sizes..., cols] on `device`. Graph-capturable: one kernel on the current stream.
    torch::Tensor lookup(const torch::Tensor& ids, const torch::Device& device) const;

private:
    HostEmbedding() = default;
    torch::Tensor m_table;
    void* m_devicePtr = nullptr;
};

}  // namespace ls::model
