#include "demo_model.h"

#include <QDir>

namespace ls::gui {

QString demoModelPath() {
    const QString fromEnv = qEnvironmentVariable("LS_DEMO_MODEL");
    if (!fromEnv.isEmpty()) return QDir::cleanPath(fromEnv);
    return QDir::cleanPath(QStringLiteral(LS_DEMO_MODEL_DIR));
}

}  // namespace ls::gui
