// The few label styles every page shares: the page title, bold section titles, grey hints.
#pragma once

#include <QString>

class QLabel;

namespace ls::gui {

QLabel* pageTitle(const QString& text);  // bold, 1.5 x the normal size
QLabel* boldLabel(const QString& text);
QLabel* hintLabel(const QString& text);  // word-wrapped, in the palette's placeholder colour

}  // namespace ls::gui
