// How much memory the device a run trains on has, for the Method page's memory panel.
#pragma once

#include <QString>

#include "lorastudio/model.h"

namespace ls::gui {

// Physical RAM of this machine in bytes (0 when the system does not say).
qint64 physicalMemoryBytes();
// Total memory of `device` in bytes: the physical RAM for the CPU, the first GPU's memory for CUDA (0 when
// there is none).
qint64 deviceMemoryBytes(ls::Device device);
// "RAM" or "GPU memory", for labels.
QString deviceMemoryName(ls::Device device);

}  // namespace ls::gui
