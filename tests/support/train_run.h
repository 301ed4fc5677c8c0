// A small training run on a fixture, for the CUDA tests that train one setup two ways and compare the
// results: rank 4 on every linear, A from seed 3, and B drawn non-zero (seed 5) so that the very first step
// already depends on the adapter.
#pragma once

#include <torch/torch.h>

#include <memory>

#include "lora/lora_impl.h"
#include "lorastudio/lora.h"
#include "lorastudio/model.h"
#include "lorastudio/train.h"
#include "train/trainer.h"

namespace ls::test {

struct TrainRun {
    std::unique_ptr<ls::Model> model;
    std::unique_ptr<ls::LoraAdapter> adapter;
    std::unique_ptr<ls::train::Trainer> trainer;
};

// `config` gives everything but the adapter's targets, rank and seed, which are set here.
inline TrainRun startTrainRun(std::unique_ptr<ls::Model> model, ls::TrainConfig config) {
    TrainRun r;
    r.model = std::move(model);
    config.lora.targetModules = {"all-linear"};
    config.lora.r = 4;
    config.lora.seed = 3;
    r.adapter = ls::LoraAdapter::create(*r.model, config.lora);
    {
        torch::NoGradGuard g;
        torch::manual_seed(5);
        for (auto& m : r.adapter->impl().state->modules) m.b.normal_(0, 0.05);
    }
    r.adapter->attach(*r.model);
    r.adapter->setTraining(true);
    r.trainer = std::make_unique<ls::train::Trainer>(*r.model, *r.adapter, config);
    return r;
}

}  // namespace ls::test
