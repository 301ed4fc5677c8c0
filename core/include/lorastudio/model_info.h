// What `lora-studio-cli info` prints and the GUI's model card and target tree use.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lorastudio/model_config.h"

namespace ls {

class ModelFolder;

struct ModuleNode {
    std::string name;      // full dotted path, e.g. "model.layers.0.self_attn.q_proj"
    std::string type;      // "Linear", "Embedding", "RMSNorm", "DecoderLayer", "Attention", "MLP", "Module"
    int64_t params = 0;    // parameters in this module and below
    std::vector<int64_t> weightShape;  // for leaf modules with a weight
    std::vector<ModuleNode> children;
};

struct ModelInfo {
    ModelConfig config;
    std::string directory;
    int64_t paramCount = 0;
    uint64_t weightBytes = 0;
    std::string storedDType;  // most common dtype of the stored weights
    ModuleNode root;
};

// Built from config.json and the safetensors headers alone: no weights are read.
ModelInfo describeModel(const ModelFolder& folder);
std::string modelInfoToJson(const ModelInfo& info, int indent = 2);
std::string modelInfoToText(const ModelInfo& info);

}  // namespace ls
