// Fault injection for tests: a function called after each completed step (after its checkpoint), with
// the live adapter, e.g. to poison a weight and check that a NaN stops the run cleanly.
#pragma once

#include <functional>

#include "lorastudio/train.h"

namespace ls::train {

using AfterStepHook = std::function<void(int64_t step, LoraAdapter& adapter)>;
void setAfterStepHookForTesting(TrainingSession& session, AfterStepHook hook);

// Fault injection for tests that run the CLI: with LS_TEST_KILL_AT="POINT:STEP" in the environment the
// process SIGKILLs itself on reaching POINT while it saves step STEP (no cleanup runs, as with kill -9).
// Points: checkpoint-adapter (adapter files written into step-N.partial), checkpoint-optimizer (optimizer
// state written), checkpoint-manifest (manifest written, not yet renamed), checkpoint-renamed (in place,
// older checkpoints not yet pruned), metrics-append (half of step STEP's line in metrics.jsonl, as when
// a kill lands between the pages of one write).
// Without the variable this does nothing.
void killPointForTesting(const char* point, int64_t step);
bool killPointArmedForTesting(const char* point, int64_t step);

}  // namespace ls::train
