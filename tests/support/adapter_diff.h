// The largest difference between two adapters of the same layout, each tensor's relative to its own largest
// weight (floored at 1e-3): how far two trainings of the same adapter ended apart. For the CUDA tests that
// train a run two ways and compare.
#pragma once

#include <torch/torch.h>

#include <algorithm>

#include "lora/lora_impl.h"
#include "lorastudio/lora.h"

namespace ls::test {

inline double maxAdapterDiff(const ls::LoraAdapter& a, const ls::LoraAdapter& b) {
    double worst = 0;
    const auto& ma = a.impl().state->modules;
    const auto& mb = b.impl().state->modules;
    for (std::size_t i = 0; i < ma.size(); ++i)
        for (const auto& [x, y] : {std::pair{ma[i].a, mb[i].a}, std::pair{ma[i].b, mb[i].b}})
            worst = std::max(worst, (x - y).abs().max().item<double>() / std::max(1e-3, y.abs().max().item<double>()));
    return worst;
}

}  // namespace ls::test
