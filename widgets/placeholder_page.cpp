#include "placeholder_page.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace ls::gui {

namespace {
constexpr int kColumnWidth = 560;
}

PlaceholderPage::PlaceholderPage(const QIcon& icon, const QString& title, const QString& purpose,
                                 const QString& status, QWidget* parent)
    : QWidget(parent), m_title(new QLabel(title)), m_purpose(new QLabel(purpose)), m_status(new QLabel(status)) {
    auto* iconLabel = new QLabel;
    iconLabel->setPixmap(icon.pixmap(64, 64, QIcon::Disabled));
    iconLabel->setAlignment(Qt::AlignHCenter);

    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    m_title->setFont(titleFont);
    m_title->setAlignment(Qt::AlignHCenter);

    for (QLabel* label : {m_purpose, m_status}) {
        label->setWordWrap(true);
        label->setAlignment(Qt::AlignHCenter);
        label->setTextFormat(Qt::PlainText);
    }
    // The status sits in a dashed box; padding goes on the frame, not the label, so wrapping measures right.
    auto* statusBox = new QFrame;
    statusBox->setObjectName(QStringLiteral("placeholderStatus"));
    statusBox->setStyleSheet(QStringLiteral("#placeholderStatus { background: palette(alternate-base);"
                                            " border: 1px dashed palette(mid); border-radius: 6px; }"));
    auto* statusLayout = new QVBoxLayout(statusBox);
    statusLayout->setContentsMargins(12, 8, 12, 8);
    statusLayout->addWidget(m_status);

    // A centered column of readable width; the labels wrap inside it.
    auto* column = new QWidget;
    column->setMaximumWidth(kColumnWidth);
    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->setContentsMargins(0, 0, 0, 0);
    columnLayout->setSpacing(14);
    columnLayout->addWidget(iconLabel);
    columnLayout->addWidget(m_title);
    columnLayout->addWidget(m_purpose);
    columnLayout->addSpacing(6);
    columnLayout->addWidget(statusBox);

    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 100);
    row->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 32, 32, 32);
    layout->addStretch(2);
    layout->addLayout(row);
    layout->addStretch(3);
}

QString PlaceholderPage::title() const { return m_title->text(); }

QString PlaceholderPage::purpose() const { return m_purpose->text(); }

QString PlaceholderPage::status() const { return m_status->text(); }

}  // namespace ls::gui
