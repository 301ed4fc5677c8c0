#include "screenshot.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPixmap>
#include <QWidget>

namespace ls::gui {

bool saveScreenshot(QWidget* widget, const QString& path, QString* error) {
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = QCoreApplication::translate("ls::gui::Screenshot", "%1: cannot create the folder").arg(info.absolutePath());
        return false;
    }
    const QPixmap pixmap = widget->grab();
    if (pixmap.isNull() || !pixmap.save(path, "PNG")) {
        *error = QCoreApplication::translate("ls::gui::Screenshot", "%1: cannot write the PNG file").arg(path);
        return false;
    }
    return true;
}

}  // namespace ls::gui
