// The rounded panel the pages group content in: the palette's base colour, a thin mid-tone border.
#pragma once

#include <QString>

class QFrame;

namespace ls::gui {

// objectName scopes the style sheet to this frame (and its labels, which stay transparent).
QFrame* cardFrame(const QString& objectName);

}  // namespace ls::gui
