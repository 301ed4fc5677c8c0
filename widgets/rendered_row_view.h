// One row rendered with its prompt template, as the model reads it: the prompt pieces on a faint band,
// the trained pieces (the response) highlighted, with a legend. Read-only, selectable text.
#pragma once

#include <QWidget>

#include "preview_row.h"

class QLabel;
class QTextBrowser;

namespace ls::gui {

class RenderedRowView : public QWidget {
    Q_OBJECT
public:
    explicit RenderedRowView(QWidget* parent = nullptr);

    void setRow(const PreviewRowData& row);
    void clear();

    bool isEmpty() const { return m_row.parts.isEmpty(); }
    const PreviewRowData& row() const { return m_row; }
    QString caption() const;
    QString plainText() const;  // what the view shows, as plain text
    QTextBrowser* textView() const { return m_text; }

private:
    QLabel* m_caption;
    QTextBrowser* m_text;
    PreviewRowData m_row;
};

}  // namespace ls::gui
