// Training memory side by side: one stacked bar per method (segments such as weights, adapters,
// gradients, ...), a dashed line at the device's capacity, and above each bar its total and whether it
// fits ("fits", "tight" above 85% of the capacity, "exceeds"). One bar can be highlighted (the chosen
// method). The axis is in GiB, or MiB when every bar stays below 1 GiB. The capacity is also named above
// the plot, so one far above the bars can leave the line off instead of squashing them. Plain data in;
// right-click saves an image or the CSV.
#pragma once

#include <QStringList>
#include <QVector>
#include <QWidget>

class QCPBars;
class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;

namespace ls::gui {

class MemoryBarsPlot : public QWidget {
    Q_OBJECT
public:
    struct Bar {
        QString label;             // "LoRA"
        QVector<qint64> segments;  // bytes, one per segment name, stacked bottom to top
        qint64 total() const;
    };
    enum class Fit { Unknown, Fits, Tight, Exceeds };
    static constexpr double kTightShare = 0.85;  // above this share of the capacity a bar is "tight"
    // The capacity line is drawn when it is at most this many times the tallest bar.
    static constexpr double kOffScaleFactor = 6.0;

    explicit MemoryBarsPlot(QWidget* parent = nullptr);
    ~MemoryBarsPlot() override;

    // The segment names (legend), bottom to top. Resets the bars.
    void setSegments(const QStringList& names);
    void setBars(const QVector<Bar>& bars);
    // bytes <= 0: unknown (no line, no fit labels). `label` names it ("RAM", "GPU 0").
    void setCapacity(qint64 bytes, const QString& label);
    void setHighlighted(int index);  // -1: none
    // Shown in place of the bars when there are none ("No estimate: ...").
    void setEmptyText(const QString& text);
    void clear();  // no bars

    QStringList segments() const { return m_segmentNames; }
    const QVector<Bar>& bars() const { return m_bars; }
    int barCount() const { return m_bars.size(); }
    qint64 capacity() const { return m_capacity; }
    int highlighted() const { return m_highlighted; }
    Fit fitOf(int index) const;
    static Fit fitFor(qint64 total, qint64 capacity);
    QString barText(int index) const;  // the label above the bar: "1.2 GiB · fits"
    QString unitName() const;          // "GiB" or "MiB"
    bool capacityOnScale() const;
    QCustomPlot* plot() const { return m_plot; }
    QString toCsv() const;  // "bar,<segments...>,total,capacity" in bytes

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();
    void showToolTip(const QPoint& pos);
    QString fitText(Fit fit) const;

    QCustomPlot* m_plot;
    QVector<QCPBars*> m_stack;
    QVector<QCPItemText*> m_labels;  // per bar: its total, and above it the fit
    QCPItemStraightLine* m_capacityLine;
    QCPItemText* m_capacityText;
    QCPTextElement* m_capacityTitle;
    QCPItemText* m_emptyText;
    QCPItemRect* m_highlight;
    QStringList m_segmentNames;
    QVector<Bar> m_bars;
    qint64 m_capacity = 0;
    QString m_capacityLabel;
    int m_highlighted = -1;
    double m_unit = 1.0;
};

}  // namespace ls::gui
