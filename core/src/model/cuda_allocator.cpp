#include "model/cuda_allocator.h"

#include <torch/version.h>

#include <cstdlib>
#include <mutex>

// setAllocatorSettings and expandable segments: CUDA LibTorch 2.3 or newer (the graphs' floor too).
#if defined(LS_TORCH_CUDA) && (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3))
#define LS_CUDA_ALLOCATOR_SETTINGS 1
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace ls::model {
namespace {

constexpr const char* kEngineSettings = "expandable_segments:True";
constexpr const char* kUserVariables[] = {"PYTORCH_CUDA_ALLOC_CONF", "PYTORCH_ALLOC_CONF"};

std::string userSettings() {
    for (const char* name : kUserVariables)
        if (const char* value = std::getenv(name)) return std::string(name) + "=" + value;
    return {};
}

}  // namespace

void configureCudaAllocator() {
#if defined(LS_CUDA_ALLOCATOR_SETTINGS)
    static std::once_flag once;
    std::call_once(once, [] {
        // Setting anything resets the rest to defaults: a user's own configuration is left whole.
        if (!userSettings().empty()) return;
        c10::cuda::CUDACachingAllocator::setAllocatorSettings(kEngineSettings);
    });
#endif
}

std::string cudaAllocatorSettings() {
    const std::string user = userSettings();
    if (!user.empty()) return user;
#if defined(LS_CUDA_ALLOCATOR_SETTINGS)
    return kEngineSettings;
#else
    return "default";
#endif
}

}  // namespace ls::model
