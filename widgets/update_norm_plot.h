// Grouped bars of one value per (layer, module type), e.g. the size of each module's adapter update
// ‖(α/r)·B·A‖: one group of bars per decoder layer, one colour per module type, a legend under the plot and
// the exact value on hover. Plain data in; exports as image and CSV (right-click).
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QCPBars;
class QCPBarsGroup;
class QCPTextElement;
class QCustomPlot;

namespace ls::gui {

class UpdateNormPlot : public QWidget {
    Q_OBJECT
public:
    struct Entry {
        int layer = -1;  // decoder layer; -1 for a module outside the layers (lm_head), drawn after the last one
        QString group;   // module type: "q", "k", ..., "lm_head"
        double value = 0.0;
    };

    explicit UpdateNormPlot(QWidget* parent = nullptr);
    ~UpdateNormPlot() override;

    // Replaces all bars. Groups keep the order in which they first appear.
    void setEntries(const QVector<Entry>& entries);
    void clear();
    void setTitle(const QString& title);
    void setAxisLabels(const QString& key, const QString& value);

    QString title() const;
    const QVector<Entry>& entries() const { return m_entries; }
    int barCount() const { return m_entries.size(); }
    QStringList groups() const { return m_groups; }
    QCustomPlot* plot() const { return m_plot; }
    // "layer,group,value" rows in the order given (layer -1 as "none").
    QString toCsv() const;

private:
    void rebuildBars(const QStringList& groups);
    void showToolTip(const QPoint& pos);

    QCustomPlot* m_plot;
    QCPTextElement* m_title;
    QCPBarsGroup* m_barsGroup;
    QVector<QCPBars*> m_bars;
    QVector<Entry> m_entries;
    QStringList m_groups;
    QVector<int> m_layers;  // the layers present, ascending, -1 last
};

}  // namespace ls::gui
