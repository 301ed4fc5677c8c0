// Gathering rows of a page-locked host table from the GPU (model/host_rows_cuda.h). Each block copies whole
// rows in 16-byte words, so every warp issues wide, independent reads across PCIe: zero-copy reads need many
// in flight to approach the link's bandwidth.
#include <cuda_runtime.h>

#include <cstdint>

#include "model/host_rows_cuda.h"
#include "quant/cuda_util.cuh"

namespace {

using ls::quant::cuda::cudaFailure;
using ls::quant::cuda::launchResult;
using ls::quant::cuda::setError;

constexpr int kThreads = 256;

template <typename Word>
__global__ void gatherRows(const Word* __restrict__ table, int64_t numRows, int64_t rowWords,
                           const int64_t* __restrict__ ids, int64_t count, Word* __restrict__ out) {
    for (int64_t i = blockIdx.x; i < count; i += gridDim.x) {
        const int64_t id = ids[i];
        Word* dst = out + i * rowWords;
        if (id < 0 || id >= numRows) {
            for (int64_t w = threadIdx.x; w < rowWords; w += blockDim.x) dst[w] = Word{};
            continue;
        }
        const Word* src = table + id * rowWords;
        for (int64_t w = threadIdx.x; w < rowWords; w += blockDim.x) dst[w] = src[w];
    }
}

template <typename Word>
const char* launch(const void* table, int64_t numRows, int64_t rowBytes, const int64_t* ids, int64_t count, void* out,
                   cudaStream_t stream) {
    const int64_t blocks = count < 65535 ? count : 65535;
    gatherRows<Word><<<static_cast<unsigned>(blocks), kThreads, 0, stream>>>(
        static_cast<const Word*>(table), numRows, rowBytes / static_cast<int64_t>(sizeof(Word)), ids, count,
        static_cast<Word*>(out));
    return launchResult("gather rows");
}

bool aligned(const void* p, std::uintptr_t to) { return reinterpret_cast<std::uintptr_t>(p) % to == 0; }

}  // namespace

extern "C" const char* ls_cuda_host_register(void* ptr, size_t bytes, void** devicePtr) {
    cudaError_t err = cudaHostRegister(ptr, bytes, cudaHostRegisterMapped);
    if (err != cudaSuccess) {
        cudaGetLastError();
        return cudaFailure("cudaHostRegister", err);
    }
    err = cudaHostGetDevicePointer(devicePtr, ptr, 0);
    if (err != cudaSuccess) {
        cudaGetLastError();
        cudaHostUnregister(ptr);
        return cudaFailure("cudaHostGetDevicePointer", err);
    }
    return nullptr;
}

extern "C" const char* ls_cuda_host_unregister(void* ptr) {
    cudaError_t err = cudaHostUnregister(ptr);
    if (err != cudaSuccess) {
        cudaGetLastError();
        return cudaFailure("cudaHostUnregister", err);
    }
    return nullptr;
}

extern "C" const char* ls_cuda_gather_rows(const void* table, int64_t numRows, int64_t rowBytes, const int64_t* ids,
                                           int64_t count, void* out, void* stream) {
    if (rowBytes <= 0 || numRows <= 0 || count < 0) return setError("gather rows: empty table or negative count");
    if (count == 0) return nullptr;
    auto s = static_cast<cudaStream_t>(stream);
    // The widest word that divides the row and the alignment of both ends.
    if (rowBytes % 16 == 0 && aligned(table, 16) && aligned(out, 16))
        return launch<uint4>(table, numRows, rowBytes, ids, count, out, s);
    if (rowBytes % 4 == 0 && aligned(table, 4) && aligned(out, 4))
        return launch<uint32_t>(table, numRows, rowBytes, ids, count, out, s);
    return launch<uint8_t>(table, numRows, rowBytes, ids, count, out, s);
}
