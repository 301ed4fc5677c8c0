// A small rounded label in a state's colour ("Running", "Paused", "Failed", ...). Plain text in.
#pragma once

#include <QColor>
#include <QLabel>

namespace ls::gui {

class StatusChip : public QLabel {
    Q_OBJECT
public:
    explicit StatusChip(QWidget* parent = nullptr);

    // `color` is the state's colour: the border and the text are drawn in it, the fill is a light tint.
    void setStatus(const QString& text, const QColor& color);
    QColor color() const { return m_color; }

private:
    QColor m_color;
};

}  // namespace ls::gui
