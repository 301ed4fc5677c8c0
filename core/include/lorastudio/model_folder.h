// A local Hugging Face model folder: config.json plus weights in safetensors (single file or sharded).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lorastudio/model_config.h"
#include "lorastudio/safetensors.h"

namespace ls {

class ModelFolder {
public:
    // Reads config.json and maps the weights. Pickle checkpoints are never opened: a folder with only
    // pytorch_model.bin / *.pt / *.pth gets an error asking for safetensors. Shard names in
    // model.safetensors.index.json that leave the folder are refused.
    static ModelFolder open(const std::filesystem::path& dir);

    const std::filesystem::path& dir() const { return m_dir; }
    const ModelConfig& config() const { return m_config; }
    std::vector<std::string> tensorNames() const;  // sorted
    const TensorView* find(const std::string& name) const;
    // Throws "<dir>: missing tensor <name>".
    const TensorView& get(const std::string& name) const;
    const std::vector<std::shared_ptr<SafetensorsFile>>& files() const { return m_files; }
    std::uint64_t weightBytes() const;
    bool hasTokenizer() const;

private:
    std::filesystem::path m_dir;
    ModelConfig m_config;
    std::vector<std::shared_ptr<SafetensorsFile>> m_files;
    std::map<std::string, const TensorView*> m_tensors;
};

}  // namespace ls
