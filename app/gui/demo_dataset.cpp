#include "demo_dataset.h"

#include <QDir>
#include <QFileInfo>

#include "lorastudio/demo.h"

namespace ls::gui {

QString demoDatasetPath() {
    const QString fromEnv = qEnvironmentVariable("LS_DEMO_DATA");
    if (!fromEnv.isEmpty()) return QDir::cleanPath(fromEnv);
    // The dataset that ships with the demo model (installed, or in the source tree).
    const QString shipped = QString::fromStdString(ls::demoDatasetFile().string());
    return QFileInfo::exists(shipped) ? shipped : QString();
}

}  // namespace ls::gui
