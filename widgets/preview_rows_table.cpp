#include "preview_rows_table.h"

#include <QHeaderView>
#include <QLocale>
#include <QRegularExpression>
#include <QStringList>

namespace ls::gui {

namespace {

constexpr int kMaxCellChars = 400;      // a cell shows one line; more would only be elided
constexpr int kMaxToolTipChars = 2000;  // tooltips stay on screen

// A cell shows the words, not the template: role headers become "user: ", other special tokens
// (<|eot_id|>, <s>, [INST], <<SYS>>) are left out, and runs of line breaks become one ⏎. The tooltip
// and the rendered view keep the exact text.
QString readable(const QString& text) {
    static const QRegularExpression llama3Header(QStringLiteral(R"(<\|start_header_id\|>(\w+)<\|end_header_id\|>)"));
    static const QRegularExpression chatmlHeader(QStringLiteral(R"(<\|im_start\|>(\w+)\n?)"));
    static const QRegularExpression special(QStringLiteral(R"(<\|[^|<>\s]{1,40}\|>|</?s>|\[/?INST\]|<</?SYS>>)"));
    static const QRegularExpression breaks(QStringLiteral(R"(\s*\n\s*)"));
    static const QRegularExpression edges(QStringLiteral(R"(^[\s\x{23ce}]+|[\s\x{23ce}]+$)"));
    QString line = text.left(kMaxCellChars);
    line.replace(llama3Header, QStringLiteral("\\1: "));
    line.replace(chatmlHeader, QStringLiteral("\\1: "));
    line.replace(special, QStringLiteral("\n"));
    line.replace(breaks, QStringLiteral(" \u23ce "));
    line.replace(QLatin1Char('\t'), QLatin1Char(' '));
    line.remove(edges);
    line.replace(QStringLiteral(": \u23ce "), QStringLiteral(": "));
    return line.isEmpty() ? text.left(kMaxCellChars).simplified() : line;
}

// The trained (or the untrained) parts of a row, each made readable, joined with a separator so that
// the turns of a chat stay apart.
QString cellText(const PreviewRowData& row, bool trained) {
    static const QRegularExpression assistantHeaderAtEnd(QStringLiteral(R"(\s*(\x{23ce}\s*)?assistant:\s*$)"));
    if (row.parts.isEmpty()) return readable(trained ? row.response : row.prompt);
    QStringList pieces;
    for (const TextPart& part : row.parts) {
        if (part.trained != trained) continue;
        QString piece = readable(part.text);
        // The header of the turn that follows is the response column itself.
        if (!trained) piece.remove(assistantHeaderAtEnd);
        if (!piece.isEmpty()) pieces << piece;
    }
    return pieces.join(QStringLiteral("  \u00b7  "));
}

QString richToolTip(const QString& text) {
    QString shown = text.left(kMaxToolTipChars);
    if (text.size() > kMaxToolTipChars) shown += QStringLiteral(" …");
    // Rich text, so long lines wrap and the line breaks stay.
    return QStringLiteral("<p style='white-space:pre-wrap'>") + shown.toHtmlEscaped() + QStringLiteral("</p>");
}

}  // namespace

PreviewRowsTable::PreviewRowsTable(QWidget* parent) : QTableWidget(0, ColumnCount, parent) {
    setHorizontalHeaderLabels({tr("Line"), tr("Prompt"), tr("Response (trained)")});
    horizontalHeaderItem(LineColumn)->setToolTip(tr("The line of the file where the row starts"));
    horizontalHeaderItem(PromptColumn)
        ->setToolTip(tr("The prompt as the model reads it, template tokens included; no loss is taken on it"));
    horizontalHeaderItem(ResponseColumn)->setToolTip(tr("The response: the tokens the adapter is trained to produce"));
    horizontalHeader()->setSectionResizeMode(LineColumn, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(PromptColumn, QHeaderView::Stretch);
    horizontalHeader()->setSectionResizeMode(ResponseColumn, QHeaderView::Stretch);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    horizontalHeader()->setHighlightSections(false);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setWordWrap(false);
    setTextElideMode(Qt::ElideRight);
    setShowGrid(false);
    setAlternatingRowColors(false);
    connect(this, &QTableWidget::itemSelectionChanged, this, [this] { Q_EMIT rowSelected(selectedRow()); });
}

void PreviewRowsTable::setRows(const QVector<PreviewRowData>& rows) {
    m_rows = rows;
    clearContents();
    setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const PreviewRowData& row = rows[r];
        auto* line = new QTableWidgetItem(QLocale().toString(row.line));
        line->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        line->setForeground(palette().brush(QPalette::PlaceholderText));
        auto* prompt = new QTableWidgetItem(cellText(row, false));
        prompt->setToolTip(richToolTip(row.prompt));
        auto* response = new QTableWidgetItem(cellText(row, true));
        response->setToolTip(richToolTip(row.response));
        response->setBackground(trainedTextBackground());
        response->setForeground(trainedTextForeground());
        setItem(r, LineColumn, line);
        setItem(r, PromptColumn, prompt);
        setItem(r, ResponseColumn, response);
    }
}

void PreviewRowsTable::clearRows() { setRows({}); }

int PreviewRowsTable::selectedRow() const {
    const QList<QTableWidgetItem*> items = selectedItems();
    return items.isEmpty() ? -1 : items.first()->row();
}

}  // namespace ls::gui
