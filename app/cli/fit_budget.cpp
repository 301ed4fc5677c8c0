#include "fit_budget.h"

#include <cstdio>

#include "lorastudio/error.h"
#include "lorastudio/memory_fit.h"
#include "lorastudio/model.h"

namespace ls::cli {

int64_t fitBudget(const Args& args, const std::string& command) {
    constexpr double kGiB = double(int64_t(1) << 30);
    if (args.valueOr("fit", "") == "gpu") {
        const DeviceInfo gpu = describeDevice();
        if (!gpu.cuda) fail(command + ": --fit gpu needs a CUDA GPU, and none was found (give --fit GIB)");
        return static_cast<int64_t>(kGpuBudgetShare * static_cast<double>(gpu.totalMemory));
    }
    return static_cast<int64_t>(args.doubleValue("fit", 0.0, 0.01, 1e6) * kGiB);
}

std::string gibText(int64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f GiB", static_cast<double>(bytes) / double(int64_t(1) << 30));
    return buf;
}

}  // namespace ls::cli
