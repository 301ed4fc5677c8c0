#include "error_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace ls::gui {

ErrorBanner::ErrorBanner(QWidget* parent)
    : QFrame(parent),
      m_icon(new QLabel),
      m_title(new QLabel),
      m_message(new QLabel),
      m_action(new QToolButton),
      m_close(new QToolButton) {
    setObjectName(QStringLiteral("errorBanner"));
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(
        QStringLiteral("#errorBanner { background: #fdecea; border: 1px solid #e8a19b; border-radius: 6px; }"
                       "#errorBanner QLabel { color: #611a15; background: transparent; }"
                       "#errorBanner QToolButton { color: #611a15; border: none; padding: 2px 6px; }"
                       "#errorBanner QToolButton:hover { background: #f7d4d0; border-radius: 4px; }"
                       "#errorBanner QToolButton#errorBannerAction { font-weight: bold; "
                       "border: 1px solid #e8a19b; border-radius: 4px; }"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxCritical).pixmap(24, 24));
    m_icon->setAlignment(Qt::AlignTop);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_message->setTextFormat(Qt::PlainText);
    m_action->setObjectName(QStringLiteral("errorBannerAction"));
    m_action->setCursor(Qt::PointingHandCursor);
    m_action->hide();
    m_close->setText(tr("Dismiss"));
    m_close->setToolTip(tr("Hide this message"));
    m_close->setCursor(Qt::PointingHandCursor);

    auto* text = new QVBoxLayout;
    text->setSpacing(2);
    text->addWidget(m_title);
    text->addWidget(m_message);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(10, 8, 8, 8);
    row->setSpacing(10);
    row->addWidget(m_icon);
    row->addLayout(text, 1);
    row->addWidget(m_action, 0, Qt::AlignTop);
    row->addWidget(m_close, 0, Qt::AlignTop);

    connect(m_close, &QToolButton::clicked, this, &ErrorBanner::dismiss);
    connect(m_action, &QToolButton::clicked, this, [this] {
        dismiss();
        Q_EMIT actionTriggered();
    });
    hide();
}

void ErrorBanner::showError(const QString& title, const QString& message, const QString& actionText) {
    m_title->setText(title);
    m_message->setText(message);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    setToolTip(message);
    show();
}

QString ErrorBanner::title() const { return m_title->text(); }

QString ErrorBanner::message() const { return m_message->text(); }

void ErrorBanner::dismiss() {
    if (isHidden()) return;
    hide();
    Q_EMIT dismissed();
}

}  // namespace ls::gui
