/* CUDA managed memory behind a plain C interface (no CUDA headers for callers). NULL on success, else a
 * one-line error. */
#ifndef LORASTUDIO_MANAGED_MEMORY_CUDA_H
#define LORASTUDIO_MANAGED_MEMORY_CUDA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

const char* ls_cuda_mem_info(int device, size_t* freeBytes, size_t* totalBytes);
/* Managed memory preferred on `device`, zero-filled. */
const char* ls_cuda_malloc_managed(void** ptr, size_t bytes, int device);
const char* ls_cuda_free_managed(void* ptr);

#ifdef __cplusplus
}
#endif

#endif
