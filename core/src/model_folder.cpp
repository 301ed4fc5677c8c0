// A Hugging Face model folder: config.json + model.safetensors, or shards listed in
// model.safetensors.index.json. Pickle checkpoints are never opened.
#include "lorastudio/model_folder.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "lorastudio/atomic_file.h"
#include "lorastudio/error.h"

namespace ls {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool isPickleCheckpoint(const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".bin" || ext == ".pt" || ext == ".pth" || ext == ".ckpt" || ext == ".pkl";
}

// A shard path from an index must name a file inside the model folder.
fs::path resolveShard(const fs::path& dir, const fs::path& index, const std::string& shard) {
    const fs::path rel(shard);
    if (shard.empty() || rel.is_absolute()) failFile(index, "shard name '" + shard + "' is not a file name inside the model folder");
    for (const auto& part : rel)
        if (part == "..") failFile(index, "shard name '" + shard + "' leaves the model folder");
    const fs::path full = dir / rel;
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(full, ec);
    const fs::path realDir = fs::weakly_canonical(dir, ec);
    const auto mismatch = std::mismatch(realDir.begin(), realDir.end(), real.begin(), real.end());
    if (mismatch.first != realDir.end()) failFile(index, "shard name '" + shard + "' leaves the model folder");
    return full;
}

}  // namespace

ModelFolder ModelFolder::open(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) failFile(dir, "no such folder");
    if (!fs::is_directory(dir, ec)) {
        if (isPickleCheckpoint(dir))
            failFile(dir, "is a pickle checkpoint; pickle files can run code and are never opened: convert the model "
                          "to safetensors and choose its folder");
        failFile(dir, "not a folder (choose the folder that holds config.json)");
    }

    ModelFolder folder;
    folder.m_dir = dir;
    const fs::path configPath = dir / "config.json";
    if (!fs::exists(configPath, ec)) failFile(dir, "no config.json (is this a Hugging Face model folder?)");
    folder.m_config = loadModelConfig(configPath);

    const fs::path indexPath = dir / "model.safetensors.index.json";
    const fs::path singlePath = dir / "model.safetensors";
    if (fs::exists(indexPath, ec)) {
        json index = json::parse(readTextFile(indexPath, 64u << 20), nullptr, false);
        if (index.is_discarded() || !index.is_object()) failFile(indexPath, "not a JSON object");
        if (!index.contains("weight_map") || !index["weight_map"].is_object()) failFile(indexPath, "no weight_map object");
        std::map<std::string, std::shared_ptr<SafetensorsFile>> shards;
        for (auto it = index["weight_map"].begin(); it != index["weight_map"].end(); ++it) {
            if (!it.value().is_string()) failFile(indexPath, "weight_map entry '" + it.key() + "' is not a file name");
            const std::string shard = it.value().get<std::string>();
            auto& file = shards[shard];
            if (!file) {
                file = SafetensorsFile::open(resolveShard(dir, indexPath, shard));
                folder.m_files.push_back(file);
            }
            if (!file->find(it.key()))
                failFile(indexPath, "weight_map says '" + it.key() + "' is in " + shard + ", but it is not there");
        }
        if (shards.empty()) failFile(indexPath, "weight_map is empty");
    } else if (fs::exists(singlePath, ec)) {
        folder.m_files.push_back(SafetensorsFile::open(singlePath));
    } else {
        bool pickle = false;
        for (const auto& entry : fs::directory_iterator(dir, ec))
            if (entry.is_regular_file() && isPickleCheckpoint(entry.path())) pickle = true;
        if (pickle)
            failFile(dir, "only pickle checkpoints (pytorch_model.bin / .pt / .pth) found; they can run code and are "
                          "never opened: convert the model to safetensors");
        failFile(dir, "no model.safetensors or model.safetensors.index.json");
    }

    for (const auto& file : folder.m_files) {
        for (const auto& t : file->tensors()) {
            if (!folder.m_tensors.emplace(t.name, &t).second)
                failFile(file->path(), "tensor '" + t.name + "' also appears in another shard");
        }
    }
    return folder;
}

std::vector<std::string> ModelFolder::tensorNames() const {
    std::vector<std::string> names;
    names.reserve(m_tensors.size());
    for (const auto& [name, t] : m_tensors) names.push_back(name);
    return names;
}

const TensorView* ModelFolder::find(const std::string& name) const {
    auto it = m_tensors.find(name);
    return it == m_tensors.end() ? nullptr : it->second;
}

const TensorView& ModelFolder::get(const std::string& name) const {
    const TensorView* t = find(name);
    if (!t) failFile(m_dir, "missing tensor '" + name + "'");
    return *t;
}

std::uint64_t ModelFolder::weightBytes() const {
    std::uint64_t total = 0;
    for (const auto& [name, t] : m_tensors) total += t->nbytes;
    return total;
}

bool ModelFolder::hasTokenizer() const {
    std::error_code ec;
    return fs::exists(m_dir / "tokenizer.json", ec);
}

}  // namespace ls
