// The parameters of a Llama-family decoder as plain tensors, loaded from a Hugging Face folder.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "lorastudio/model_folder.h"
#include "model/host_embedding.h"
#include "model/linear.h"

namespace ls::model {

struct LayerWeights {
    torch::Tensor inputNorm;          // input_layernorm.weight [hidden]
    torch::Tensor postAttentionNorm;  // post_attention_layernorm.weight [hidden]
    LinearWeights q, k, v, o;         // self_attn.{q,k,v,o}_proj
    torch::Tensor qNorm, kNorm;       // self_attn.{q,k}_norm.weight [headDim] (Qwen3), else undefined
    LinearWeights gate, up, down;     // mlp.{gate,up,down}_proj

    // The seven projections, in the order above.
    std::vector<LinearWeights*> projections() { return {&q, &k, &v, &o, &gate, &up, &down}; }
};

struct LlamaWeights {
    torch::Tensor embedTokens;  // model.embed_tokens.weight [vocab, hidden]; on the CPU when hostEmbedding is set
    std::shared_ptr<HostEmbedding> hostEmbedding;  // set when the GPU reads embedTokens from host memory
    std::string hostEmbeddingProblem;              // why it could not, when it was asked to and could not
    std::vector<LayerWeights> layers;
    torch::Tensor norm;    // model.norm.weight [hidden]
    LinearWeights lmHead;  // lm_head.weight, or the same tensor as embedTokens when tied
};

// Copies every tensor out of the mapping into `dtype` on `device`, checking names and shapes against
// folder.config(). Errors: "<dir>: tensor X has shape [..], expected [..]", "<dir>: missing tensor X".
// quantizeNf4: dense decoder-layer linears become NF4 + double quant on `device` as they are read.
// embeddingsOnHost (only where ls::embeddingsStayOnHost holds: CUDA, untied): the embedding table stays in
// page-locked host memory (HostEmbedding), or on the device when that memory cannot be mapped
// (hostEmbeddingProblem says why).
// hostLayers (ascending): those decoder layers' dense projection weights are read into CPU memory instead,
// for a WeightStream to take (model/weight_stream.h); their norms and biases go to `device` as usual.
LlamaWeights loadLlamaWeights(const ModelFolder& folder, torch::Dtype dtype, torch::Device device,
                              bool quantizeNf4 = false, bool embeddingsOnHost = false,
                              const std::vector<int64_t>& hostLayers = {});

}  // namespace ls::model
