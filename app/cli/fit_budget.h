// --fit GIB|gpu, which train and estimate share: the memory budget ls::fitToMemory is given.
#pragma once

#include <cstdint>
#include <string>

#include "cli_command.h"

namespace ls::cli {

// GIB gibibytes, or "gpu": kGpuBudgetShare of the first CUDA GPU's memory. Errors start with "<command>: ".
int64_t fitBudget(const Args& args, const std::string& command);

// "16.00 GiB", as the fit messages print budgets and estimates.
std::string gibText(int64_t bytes);

}  // namespace ls::cli
