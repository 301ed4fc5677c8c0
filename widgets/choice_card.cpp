#include "choice_card.h"

#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QRadioButton>
#include <QVBoxLayout>

namespace ls::gui {

namespace {

constexpr qreal kRadius = 6.0;

}  // namespace

ChoiceCard::ChoiceCard(const QString& title, const QString& description, QWidget* parent)
    : QFrame(parent), m_radio(new QRadioButton(title)), m_description(new QLabel(description)) {
    setFrameShape(QFrame::NoFrame);
    setCursor(Qt::PointingHandCursor);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    QFont bold = m_radio->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    m_radio->setFont(bold);
    m_description->setWordWrap(true);
    m_description->setTextFormat(Qt::PlainText);
    m_description->setForegroundRole(QPalette::PlaceholderText);
    // Aligned with the radio button's text, not its indicator.
    const int indent = m_radio->sizeHint().width() - m_radio->fontMetrics().horizontalAdvance(title) - 4;
    m_description->setContentsMargins(qMax(indent, 0), 0, 0, 0);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(2);
    layout->addWidget(m_radio);
    layout->addWidget(m_description);

    connect(m_radio, &QRadioButton::toggled, this, [this] { update(); });
    connect(m_radio, &QRadioButton::clicked, this, [this] {
        if (m_radio->isChecked()) Q_EMIT chosen();
    });
}

bool ChoiceCard::isChecked() const { return m_radio->isChecked(); }

void ChoiceCard::setChecked(bool checked) { m_radio->setChecked(checked); }

QString ChoiceCard::title() const { return m_radio->text(); }

QString ChoiceCard::description() const { return m_description->text(); }

void ChoiceCard::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const bool on = m_radio->isChecked();
    const QColor accent = palette().color(QPalette::Highlight);
    QColor fill = palette().color(QPalette::Base);
    if (on) {
        QColor tint = accent;
        tint.setAlpha(28);
        painter.setBrush(fill);
        painter.setPen(Qt::NoPen);
        painter.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), kRadius, kRadius);
        fill = tint;
    }
    painter.setBrush(fill);
    painter.setPen(QPen(on ? accent : palette().color(QPalette::Mid), on ? 2.0 : 1.0));
    painter.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), kRadius, kRadius);
}

void ChoiceCard::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && isEnabled() && rect().contains(event->position().toPoint())) {
        if (!m_radio->isChecked()) m_radio->click();
        m_radio->setFocus(Qt::MouseFocusReason);
        event->accept();
        return;
    }
    QFrame::mouseReleaseEvent(event);
}

}  // namespace ls::gui
