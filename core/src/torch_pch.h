// Precompiled header for core: torch is parsed once per build instead of once per file.
#pragma once
#include <torch/torch.h>
#include <nlohmann/json.hpp>
