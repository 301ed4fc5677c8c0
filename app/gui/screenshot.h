// Renders a widget (with its children, menu and status bar) to a PNG file.
#pragma once

#include <QString>

class QWidget;

namespace ls::gui {

// Returns false and sets *error ("<file>: <problem>") when the image cannot be written.
bool saveScreenshot(QWidget* widget, const QString& path, QString* error);

}  // namespace ls::gui
