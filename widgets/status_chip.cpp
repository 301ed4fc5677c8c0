#include "status_chip.h"

namespace ls::gui {

StatusChip::StatusChip(QWidget* parent) : QLabel(parent) {
    setObjectName(QStringLiteral("statusChip"));
    setTextFormat(Qt::PlainText);
    setAlignment(Qt::AlignCenter);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setStatus(QString(), palette().color(QPalette::Mid));
}

void StatusChip::setStatus(const QString& text, const QColor& color) {
    m_color = color;
    setText(text);
    QColor fill = color;
    fill.setAlpha(34);
    const QColor ink = color.darker(135);
    setStyleSheet(QStringLiteral("#statusChip { background: %1; color: %2; border: 1px solid %3; border-radius: 10px;"
                                 " padding: 2px 12px; font-weight: bold; }")
                      .arg(fill.name(QColor::HexArgb), ink.name(), color.name()));
    setMinimumWidth(qMax(90, fontMetrics().horizontalAdvance(text) + 30));
}

}  // namespace ls::gui
