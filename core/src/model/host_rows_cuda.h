/* Rows of a table in page-locked host memory, read by the GPU directly (model/host_embedding.h), behind a
 * plain C interface: raw pointers, no torch. Each returns NULL on success or a one-line error (no GPU, or
 * built without CUDA kernels). `stream` is a cudaStream_t. */
#ifndef LORASTUDIO_HOST_ROWS_CUDA_H
#define LORASTUDIO_HOST_ROWS_CUDA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Page-locks [ptr, ptr + bytes) and maps it into the device's address space; *devicePtr receives the
 * address kernels read it through. */
const char* ls_cuda_host_register(void* ptr, size_t bytes, void** devicePtr);

/* Undoes ls_cuda_host_register for the same ptr. */
const char* ls_cuda_host_unregister(void* ptr);

/* out[i] = table[ids[i]] for i < count: rows of rowBytes bytes; table is a device address of mapped host
 * memory (or device memory) with numRows rows, ids and out are device memory. An id outside [0, numRows)
 * gives a row of zeros (callers check ids first; this only keeps a bad id from reading past the table). */
const char* ls_cuda_gather_rows(const void* table, int64_t numRows, int64_t rowBytes, const int64_t* ids, int64_t count,
                                void* out, void* stream);

#ifdef __cplusplus
}
#endif

#endif /* LORASTUDIO_HOST_ROWS_CUDA_H */
