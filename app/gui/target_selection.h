// Turning the modules checked in the Method page's target tree into LoRA options, in the shortest form
// that selects exactly them: short names ({"q_proj", "v_proj"}), {"all-linear"} when every decoder
// linear is chosen ("lm_head" added when it is too), with a layer filter (firstLayer/lastLayer) when all
// chosen types cover the same run of layers, and otherwise the full module names.
#pragma once

#include <string>
#include <vector>

#include "lorastudio/lora.h"

namespace ls::gui {

// `base` with targetModules, targetRegex (cleared), firstLayer and lastLayer set for `selected` (full
// names of `modules`). The result is checked with selectLoraTargets, falling back to the full names.
// An empty selection gives an empty targetModules list, which selectLoraTargets refuses with its message.
ls::LoraOptions withTargetSelection(ls::LoraOptions base, const std::vector<ls::LinearModuleInfo>& modules,
                                    const std::vector<std::string>& selected);

}  // namespace ls::gui
