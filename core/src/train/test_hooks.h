// Fault injection for tests: a function called after each completed step (after its checkpoint), with
// the live adapter, e.g. to poison a weight and check that a NaN stops the run cleanly.
#pragma once

#include <functional>

#include "lorastudio/train.h"

namespace ls::train {

using AfterStepHook = std::function<void(int64_t step, LoraAdapter& adapter)>;
void setAfterStepHookForTesting(TrainingSession& session, AfterStepHook hook);

}  // namespace ls::train
