#include "card_frame.h"

#include <QFrame>

namespace ls::gui {

QFrame* cardFrame(const QString& objectName) {
    auto* card = new QFrame;
    card->setObjectName(objectName);
    card->setStyleSheet(QStringLiteral("#%1 { background: palette(base); border: 1px solid palette(mid);"
                                       " border-radius: 6px; }"
                                       "#%1 QLabel { background: transparent; }")
                            .arg(objectName));
    return card;
}

}  // namespace ls::gui
