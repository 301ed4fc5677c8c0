#include "model/host_embedding.h"

#include <cstdlib>
#include <cstring>
#include <vector>

#include "lorastudio/error.h"
#include "model/host_rows_cuda.h"
#include "quant/quant_torch.h"

namespace ls::model {

namespace {
constexpr std::size_t kPage = 4096;  // cudaHostRegister pins whole pages: start the table on one
}

std::shared_ptr<HostEmbedding> HostEmbedding::create(int64_t rows, int64_t cols, torch::Dtype dtype,
                                                     const torch::Device& device,
                                                     const std::function<void(torch::Tensor&)>& fill,
                                                     std::string* why) {
    LS_CHECK(rows > 0 && cols > 0, "host embedding: empty table");
    const std::size_t bytes =
        static_cast<std::size_t>(rows * cols) * static_cast<std::size_t>(torch::elementSize(dtype));
    void* memory = std::aligned_alloc(kPage, (bytes + kPage - 1) / kPage * kPage);
    if (!memory) {
        if (why) *why = "out of host memory for the embedding table";
        return nullptr;
    }
    auto table = torch::from_blob(
        memory, {rows, cols}, [](void* p) { std::free(p); }, torch::TensorOptions().dtype(dtype));
    void* devicePtr = nullptr;
    if (const char* err = ls_cuda_host_register(memory, bytes, &devicePtr)) {
        if (why) *why = err;
        return nullptr;  // `table` frees the memory
    }
    std::shared_ptr<HostEmbedding> out(new HostEmbedding());
    out->m_table = table;
    out->m_devicePtr = devicePtr;
    fill(out->m_table);  // after registering: a failed registration costs no copy
    // Once per load, outside any step: a mapping that reads wrong bytes falls back instead of training on them.
    try {
        const std::vector<int64_t> probe = {0, rows / 2, rows - 1};
        const auto gathered = out->lookup(torch::tensor(probe).to(device), device).cpu().contiguous();
        const std::size_t rowBytes = static_cast<std::size_t>(cols) * gathered.element_size();
        for (std::size_t i = 0; i < probe.size(); ++i) {
            // Bytes, not values: a NaN row must compare equal to itself.
            const auto* host = static_cast<const char*>(out->m_table.data_ptr()) + probe[i] * rowBytes;
            const auto* read = static_cast<const char*>(gathered.data_ptr()) + i * rowBytes;
            if (std::memcmp(host, read, rowBytes) != 0) {
                if (why) *why = "rows read through the mapping differ from host memory";
                return nullptr;
            }
        }
    } catch (const std::exception& e) {
        if (why) *why = e.what();
        return nullptr;
    }
    return out;
}

HostEmbedding::~HostEmbedding() {
    if (m_devicePtr) ls_cuda_host_unregister(m_table.data_ptr());  // before the tensor frees the memory
}

torch::Tensor HostEmbedding::lookup(const torch::Tensor& ids, const torch::Device& device) const {
    const torch::Tensor flat = ids.to(device, torch::kInt64).contiguous();
    auto shape = flat.sizes().vec();
    shape.push_back(m_table.size(1));
    auto out = torch::empty(shape, torch::TensorOptions().dtype(m_table.scalar_type()).device(device));
    const int64_t rowBytes = m_table.size(1) * static_cast<int64_t>(m_table.element_size());
    if (const char* err =
            ls_cuda_gather_rows(m_devicePtr, m_table.size(0), rowBytes, flat.data_ptr<int64_t>(), flat.numel(),
                                out.data_ptr(), quant::cudaKernelStream(device, "embedding")))
        fail(std::string("embedding lookup from host memory: ") + err);
    return out;
}

}  // namespace ls::model
