/* The cross-entropy step of train/lm_loss.cpp as one CUDA kernel, behind a plain C interface (raw device
 * pointers, no torch). NULL on success, else a one-line error (no GPU, or built without CUDA kernels). */
#ifndef LORASTUDIO_CROSS_ENTROPY_CUDA_H
#define LORASTUDIO_CROSS_ENTROPY_CUDA_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* logits: rows × vocab, contiguous, elemType LS_ELEM_* (quant/nf4_cuda.h); labels: int64 [rows].
 * loss[row] = logsumexp(logits[row]) - logits[row][label] in float32 (NaN for a label at or above the vocabulary
 * size; 0 for a negative label, a position without loss). With gradScale != 0 the logits are overwritten by
 * their gradient, T((softmax - onehot) * gradScale) (zeros for a negative label). */
const char* ls_cuda_cross_entropy_rows(void* logits, const int64_t* labels, int elemType, int64_t rows, int64_t vocab,
                                       float gradScale, float* loss, void* stream);

#ifdef __cplusplus
}
#endif

#endif
