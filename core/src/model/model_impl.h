// ls::Model::Impl: what the public Model wraps. Internal; a training engine may reach the decoder
// through Model::impl().decoder.
#pragma once

#include <filesystem>

#include "lorastudio/model.h"
#include "model/llama_model.h"

namespace ls {

struct Model::Impl {
    std::filesystem::path dir;
    LoadOptions options;
    model::LlamaModel decoder;
    std::string weightStreamProblem;  // why LoadOptions::streamedLayers could not be honoured
};

}  // namespace ls
