#include "rendered_row_view.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ls::gui {

namespace {

QString css(const QColor& color) { return color.name(QColor::HexRgb); }

QLabel* legendChip(const QString& text, const QColor& background, const QColor& foreground) {
    auto* chip = new QLabel(text);
    chip->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border-radius: 3px; padding: 1px 6px; }")
                            .arg(css(background), css(foreground)));
    return chip;
}

}  // namespace

RenderedRowView::RenderedRowView(QWidget* parent) : QWidget(parent), m_caption(new QLabel), m_text(new QTextBrowser) {
    QFont bold = m_caption->font();
    bold.setBold(true);
    m_caption->setFont(bold);
    m_caption->setTextFormat(Qt::PlainText);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->setSpacing(8);
    header->addWidget(m_caption, 1);
    header->addWidget(legendChip(tr("prompt: no loss"), promptTextBackground(), promptTextForeground()));
    header->addWidget(legendChip(tr("response: trained"), trainedTextBackground(), trainedTextForeground()));

    m_text->setOpenLinks(false);
    m_text->setReadOnly(true);
    m_text->setFrameShape(QFrame::StyledPanel);
    m_text->setPlaceholderText(tr("Select a row above to see it in full."));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_text->document()->setDefaultFont(mono);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_text, 1);
    clear();
}

void RenderedRowView::setRow(const PreviewRowData& row) {
    m_row = row;
    m_caption->setText(tr("Line %1 as the model reads it").arg(QLocale().toString(row.line)));
    QString html = QStringLiteral("<pre style='white-space:pre-wrap; margin:0'>");
    for (const TextPart& part : row.parts) {
        const QColor background = part.trained ? trainedTextBackground() : promptTextBackground();
        const QColor foreground = part.trained ? trainedTextForeground() : promptTextForeground();
        html +=
            QStringLiteral("<span style='background-color:%1; color:%2;%3'>")
                .arg(css(background), css(foreground), part.trained ? QStringLiteral(" font-weight:600;") : QString()) +
            part.text.toHtmlEscaped() + QStringLiteral("</span>");
    }
    html += QStringLiteral("</pre>");
    m_text->setHtml(html);
}

void RenderedRowView::clear() {
    m_row = PreviewRowData{};
    m_caption->setText(tr("Rendered row"));
    m_text->clear();
}

QString RenderedRowView::caption() const { return m_caption->text(); }

QString RenderedRowView::plainText() const { return m_text->toPlainText(); }

}  // namespace ls::gui
