/* CUDA kernels for NF4/FP4 quantization (byte-exact with bitsandbytes on sm_90) behind a plain C interface:
 * raw device pointers, no torch, no CUDA headers. Every function returns NULL on success or a one-line error
 * (valid until the next call on the same thread), e.g. when there is no GPU or LoRA Studio was built without
 * CUDA kernels. `stream` is a cudaStream_t (NULL: the legacy default stream). Kernel launches are
 * asynchronous on that stream. */
#ifndef LORASTUDIO_NF4_CUDA_H
#define LORASTUDIO_NF4_CUDA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { LS_QUANT_NF4 = 0, LS_QUANT_FP4 = 1 };
enum { LS_ELEM_F32 = 0, LS_ELEM_BF16 = 1, LS_ELEM_F16 = 2 };

/* Device management, so callers (tests, benchmarks, a CPU-only LibTorch) need no CUDA headers. */
const char* ls_cuda_device_count(int* count);
const char* ls_cuda_device_name(char* buf, size_t size);
const char* ls_cuda_malloc(void** ptr, size_t bytes);
const char* ls_cuda_free(void* ptr);
const char* ls_cuda_memcpy_h2d(void* dst, const void* src, size_t bytes);
const char* ls_cuda_memcpy_d2h(void* dst, const void* src, size_t bytes);
const char* ls_cuda_synchronize(void);

/* 4-bit quantization of n elements (elemType LS_ELEM_*) in blocks of `blocksize` (32..4096, power of two):
 * absmax[ceil(n/blocksize)] float32 and packed[(n+1)/2] (element 2k in the high nibble). */
const char* ls_cuda_quantize4bit(const void* input, int elemType, int64_t n, int blocksize, int quantType,
                                 float* absmax, uint8_t* packed, void* stream);

/* Double quantization's 8-bit step: codes[i] = dQuantize(float32(input[i] - *offset) / nested absmax) on the
 * 256-entry `code` (device), in blocks of 256; nestedAbsmax[ceil(n/256)]. `offset` is a device pointer to one
 * float (e.g. torch's mean of the absmax tensor) or NULL for 0. */
const char* ls_cuda_quantize_blockwise8(const float* input, const float* offset, int64_t n, const float* code,
                                        uint8_t* codes, float* nestedAbsmax, void* stream);

/* out[i] = float32(code8[codes[i]] * nestedAbsmax[i/256]) + offset: the float32 absmax under double quant. */
const char* ls_cuda_dequantize_blockwise8(const uint8_t* codes, const float* nestedAbsmax, const float* code,
                                          float offset, int64_t n, float* out, void* stream);

/* 4-bit dequantization to outType (LS_ELEM_*): out[i] = T(float32(code[idx] * absmax[i / blocksize])). */
const char* ls_cuda_dequantize4bit(const uint8_t* packed, const float* absmax, int64_t n, int blocksize,
                                   int quantType, int outType, void* out, void* stream);

/* The same with double-quantized absmax, decoded once per block inside the kernel:
 * absmax_b = float32(float32(nestedCode[absmaxCodes[b]] * nestedAbsmax[b/256]) + offset). */
const char* ls_cuda_dequantize4bit_dq(const uint8_t* packed, const uint8_t* absmaxCodes, const float* nestedAbsmax,
                                      const float* nestedCode, float offset, int64_t n, int blocksize, int quantType,
                                      int outType, void* out, void* stream);

#ifdef __cplusplus
}
#endif

#endif /* LORASTUDIO_NF4_CUDA_H */
