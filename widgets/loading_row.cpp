#include "loading_row.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include "busy_indicator.h"

namespace ls::gui {

LoadingRow::LoadingRow(Indicator indicator, QWidget* parent)
    : QWidget(parent), m_indicator(indicator), m_message(new QLabel), m_cancel(new QPushButton(tr("Cancel"))) {
    m_message->setTextFormat(Qt::PlainText);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    if (indicator == Indicator::Spinner) {
        m_spinner = new BusyIndicator;
        layout->addWidget(m_spinner);
    } else {
        m_progress = new QProgressBar;
        m_progress->setTextVisible(true);
        m_progress->setMaximumWidth(260);
        layout->addWidget(m_progress);
    }
    layout->addWidget(m_message, 1);
    layout->addWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, this, &LoadingRow::cancelRequested);
    QWidget::setVisible(false);
}

void LoadingRow::start(const QString& message, const QString& toolTip) {
    setMessage(message, toolTip);
    if (m_progress) m_progress->setRange(0, 0);
    setVisible(true);
}

void LoadingRow::stop() { setVisible(false); }

void LoadingRow::setVisible(bool visible) {
    m_active = visible;
    if (m_spinner) {
        if (visible)
            m_spinner->start();
        else
            m_spinner->stop();
    }
    QWidget::setVisible(visible);
}

void LoadingRow::setMessage(const QString& message, const QString& toolTip) {
    m_message->setText(message);
    m_message->setToolTip(toolTip);
}

QString LoadingRow::message() const { return m_message->text(); }

void LoadingRow::setProgress(int done, int total) {
    if (!m_progress) return;
    if (total <= 0) {
        m_progress->setRange(0, 0);
        return;
    }
    m_progress->setRange(0, total);
    m_progress->setValue(qBound(0, done, total));
}

void LoadingRow::setCancelable(bool cancelable) {
    m_cancelable = cancelable;
    m_cancel->setVisible(cancelable);
}

void LoadingRow::setCancelToolTip(const QString& toolTip) { m_cancel->setToolTip(toolTip); }

}  // namespace ls::gui
