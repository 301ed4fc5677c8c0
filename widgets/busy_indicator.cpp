#include "busy_indicator.h"

#include <QPainter>
#include <QTimer>

namespace ls::gui {

namespace {
constexpr int kSpokes = 12;
constexpr int kFrameMs = 80;
}  // namespace

BusyIndicator::BusyIndicator(QWidget* parent) : QWidget(parent), m_timer(new QTimer(this)) {
    m_timer->setInterval(kFrameMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        m_step = (m_step + 1) % kSpokes;
        update();
    });
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void BusyIndicator::start() {
    m_running = true;
    if (isVisible()) m_timer->start();
    update();
}

void BusyIndicator::stop() {
    m_running = false;
    m_timer->stop();
    update();
}

QSize BusyIndicator::sizeHint() const { return {22, 22}; }

void BusyIndicator::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_running) m_timer->start();
}

void BusyIndicator::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    m_timer->stop();
}

void BusyIndicator::paintEvent(QPaintEvent*) {
    if (!m_running) return;
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal side = qMin(width(), height());
    painter.translate(width() / 2.0, height() / 2.0);
    painter.scale(side / 22.0, side / 22.0);
    QColor color = palette().color(QPalette::Highlight);
    for (int i = 0; i < kSpokes; ++i) {
        const int age = (m_step - i + kSpokes) % kSpokes;  // 0 = newest
        color.setAlphaF(1.0 - 0.75 * age / (kSpokes - 1));
        painter.setPen(QPen(color, 2.2, Qt::SolidLine, Qt::RoundCap));
        painter.save();
        painter.rotate(i * 360.0 / kSpokes);
        painter.drawLine(QPointF(0, -5), QPointF(0, -9.5));
        painter.restore();
    }
}

}  // namespace ls::gui
