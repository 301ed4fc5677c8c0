#include "key_value_card.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace ls::gui {

KeyValueCard::KeyValueCard(QWidget* parent)
    : QFrame(parent), m_title(new QLabel), m_subtitle(new QLabel), m_grid(new QGridLayout) {
    setObjectName(QStringLiteral("keyValueCard"));
    setStyleSheet(QStringLiteral("#keyValueCard { background: palette(base); border: 1px solid palette(mid);"
                                 " border-radius: 6px; }"
                                 "#keyValueCard QLabel { background: transparent; }"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    m_subtitle->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_subtitle->hide();

    m_grid->setHorizontalSpacing(16);
    m_grid->setVerticalSpacing(6);
    m_grid->setColumnStretch(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 12, 14, 12);
    layout->setSpacing(4);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addSpacing(8);
    layout->addLayout(m_grid);
    layout->addStretch(1);
}

void KeyValueCard::setTitle(const QString& title) { m_title->setText(title); }

QString KeyValueCard::title() const { return m_title->text(); }

void KeyValueCard::setSubtitle(const QString& subtitle) {
    m_subtitleText = subtitle;
    m_subtitle->setToolTip(subtitle);
    m_subtitle->setVisible(!subtitle.isEmpty());
    updateSubtitle();
}

void KeyValueCard::resizeEvent(QResizeEvent* event) {
    QFrame::resizeEvent(event);
    updateSubtitle();
}

void KeyValueCard::updateSubtitle() {
    const int available = qMax(80, contentsRect().width() - 28);
    m_subtitle->setText(m_subtitle->fontMetrics().elidedText(m_subtitleText, Qt::ElideMiddle, available));
}

void KeyValueCard::clear() { setRows({}); }

void KeyValueCard::setRows(const QVector<Row>& rows) {
    while (QLayoutItem* item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_rows = rows;
    int r = 0;
    for (const Row& row : rows) {
        auto* label = new QLabel(row.label);
        label->setForegroundRole(QPalette::PlaceholderText);
        label->setAlignment(Qt::AlignRight | Qt::AlignTop);
        auto* value = new QLabel(row.value);
        value->setTextFormat(Qt::PlainText);
        value->setWordWrap(true);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        if (!row.toolTip.isEmpty()) {
            label->setToolTip(row.toolTip);
            value->setToolTip(row.toolTip);
        }
        m_grid->addWidget(label, r, 0);
        m_grid->addWidget(value, r, 1);
        ++r;
    }
}

QString KeyValueCard::value(const QString& label) const {
    for (const Row& row : m_rows) {
        if (row.label == label) return row.value;
    }
    return {};
}

}  // namespace ls::gui
