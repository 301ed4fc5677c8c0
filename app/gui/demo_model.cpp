#include "demo_model.h"

#include <QDir>

#include "lorastudio/demo.h"

namespace ls::gui {

// The same folder the CLI uses: $LS_DEMO_MODEL, else the installed demo (share/lora-studio/demo/model beside
// bin/, then under the install prefix), else the source tree's fixture (core's demoModelDir()).
QString demoModelPath() { return QDir::cleanPath(QString::fromStdString(ls::demoModelDir().string())); }

}  // namespace ls::gui
