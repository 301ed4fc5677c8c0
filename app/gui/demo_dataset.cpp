#include "demo_dataset.h"

#include <QDir>

namespace ls::gui {

QString demoDatasetPath() {
    const QString fromEnv = qEnvironmentVariable("LS_DEMO_DATA");
    if (!fromEnv.isEmpty()) return QDir::cleanPath(fromEnv);
    return {};
}

}  // namespace ls::gui
