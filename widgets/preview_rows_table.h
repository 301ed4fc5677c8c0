// The first rows of a data set in two columns: the prompt and the response (the trained part, shown
// highlighted). One line per row: template tokens left out, line breaks shown as ⏎; the exact text is in
// the tooltip.
#pragma once

#include <QTableWidget>
#include <QVector>

#include "preview_row.h"

namespace ls::gui {

class PreviewRowsTable : public QTableWidget {
    Q_OBJECT
public:
    enum Column { LineColumn, PromptColumn, ResponseColumn, ColumnCount };

    explicit PreviewRowsTable(QWidget* parent = nullptr);

    void setRows(const QVector<PreviewRowData>& rows);
    void clearRows();
    const QVector<PreviewRowData>& rows() const { return m_rows; }
    // The row under the cursor, or -1.
    int selectedRow() const;

Q_SIGNALS:
    void rowSelected(int index);  // -1 when the selection is cleared

private:
    QVector<PreviewRowData> m_rows;
};

}  // namespace ls::gui
