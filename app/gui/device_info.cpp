#include "device_info.h"

#include <unistd.h>

#include <QCoreApplication>

namespace ls::gui {

qint64 physicalMemoryBytes() {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || pageSize <= 0) return 0;
    return static_cast<qint64>(pages) * static_cast<qint64>(pageSize);
}

qint64 deviceMemoryBytes(ls::Device device) {
    switch (device) {
        case ls::Device::CPU:
            return physicalMemoryBytes();
        case ls::Device::CUDA: {
            static const ls::DeviceInfo info = ls::describeDevice();  // detected once
            return info.cuda ? static_cast<qint64>(info.totalMemory) : 0;
        }
    }
    return 0;
}

QString deviceMemoryName(ls::Device device) {
    return device == ls::Device::CUDA ? QCoreApplication::translate("ls::gui::DeviceInfo", "GPU memory")
                                      : QCoreApplication::translate("ls::gui::DeviceInfo", "RAM");
}

}  // namespace ls::gui
