// A titled card of "label: value" rows (a model card, a run summary). Values are selectable text.
#pragma once

#include <QFrame>
#include <QString>
#include <QVector>

class QGridLayout;
class QLabel;

namespace ls::gui {

class KeyValueCard : public QFrame {
    Q_OBJECT
public:
    struct Row {
        QString label;
        QString value;
        QString toolTip;  // optional: exact numbers, explanations
    };

    explicit KeyValueCard(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    void setSubtitle(const QString& subtitle);  // e.g. the folder; elided in the middle, full text as tooltip
    void setRows(const QVector<Row>& rows);
    void clear();

    QString title() const;
    const QVector<Row>& rows() const { return m_rows; }
    QString value(const QString& label) const;  // empty when no row has this label

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void updateSubtitle();

    QLabel* m_title;
    QLabel* m_subtitle;
    QString m_subtitleText;
    QGridLayout* m_grid;
    QVector<Row> m_rows;
};

}  // namespace ls::gui
