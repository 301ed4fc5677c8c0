// A line chart for values that arrive while they are produced (training curves): named series of (key, value)
// points appended in batches, bounded buffers (a full series keeps every other point, so the whole run stays
// in view at half the resolution), and at most ~30 redraws a second from a single-shot timer whatever the
// rate of appends. Optional per-series smoothing (a debiased exponential moving average drawn over the faded
// raw line), a logarithmic value axis, a dashed horizontal reference line, and a message shown instead of
// the chart when there is nothing it could show. Plain data in; exports as image and CSV (right-click).
#pragma once

#include <QColor>
#include <QElapsedTimer>
#include <QString>
#include <QVector>
#include <QWidget>

class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;
class QLabel;
class QStackedLayout;
class QTimer;

namespace ls::gui {

class LivePlot : public QWidget {
    Q_OBJECT
public:
    static constexpr int kReplotIntervalMs = 33;    // at most ~30 redraws a second
    static constexpr int kDefaultCapacity = 20000;  // points held per series before it is thinned out

    enum class Style { Line, LineWithDots };

    // `exportName`: the file name the export dialogs suggest, without suffix.
    explicit LivePlot(const QString& exportName, QWidget* parent = nullptr);
    ~LivePlot() override;

    // A new series; returns its index. `smoothable` series follow setSmoothing().
    int addSeries(const QString& name, const QColor& color, Style style = Style::Line, bool smoothable = false);
    int seriesCount() const { return m_series.size(); }
    QString seriesName(int series) const;

    // Appends points in one call; keys ascending. Points at or before the series' last key are dropped
    // (call removeFrom() first to rewrite the tail). The chart redraws on its timer.
    void appendPoints(int series, const QVector<double>& keys, const QVector<double>& values);
    // Removes every point with key >= `key` from all series (a run resumed from an earlier checkpoint).
    void removeFrom(double key);
    void clear();

    // Points held (at most capacity()) and appended since the last clear().
    int pointCount(int series) const;
    qint64 appendedCount(int series) const;
    QVector<double> keys(int series) const;
    QVector<double> values(int series) const;
    void setCapacity(int points);  // >= 16
    int capacity() const { return m_capacity; }

    // 0 = off; up to 0.99 (the weight of the previous average).
    void setSmoothing(double weight);
    double smoothing() const { return m_smoothing; }
    void setLogScale(bool on);
    bool logScale() const { return m_logScale; }

    // A dashed horizontal line at `value` with a label at its right end (an estimate, a limit).
    void setReferenceLine(double value, const QString& label);
    void clearReferenceLine();
    bool hasReferenceLine() const { return m_hasReference; }
    double referenceValue() const { return m_reference; }

    void setTitle(const QString& title);
    QString title() const;
    void setAxisLabels(const QString& key, const QString& value);
    // The value axis always includes 0 (memory, throughput); otherwise it follows the data (loss).
    void setIncludeZero(bool on);
    // Shown in the empty chart until the first point arrives.
    void setEmptyText(const QString& text);
    // Non-empty: the title and this note replace the chart (the data is kept); empty: the chart again.
    void setMessage(const QString& message);
    QString message() const;
    bool isShowingMessage() const;

    // Redraws done so far (tests); pending appends are drawn by flush() at once.
    int replotCount() const { return m_replots; }
    void flush();

    QCustomPlot* plot() const { return m_plot; }
    // "<key axis label>,<series 1>,<series 2>,..." then one row per key of any series; a series without that key leaves
    // its field empty.
    QString toCsv() const;

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct Series {
        QString name;
        QColor color;
        bool smoothable = false;
        QCPGraph* raw = nullptr;
        QCPGraph* smooth = nullptr;
        QVector<double> keys;
        QVector<double> values;
        qint64 appended = 0;
    };

    void scheduleReplot();
    void replotNow();
    void applyStyles();
    void updateRanges();
    void showToolTip(const QPoint& pos);
    static void thin(QVector<double>& v);

    QCustomPlot* m_plot;
    QCPTextElement* m_title;
    QCPItemText* m_emptyItem;
    QCPItemStraightLine* m_referenceLine;
    QCPItemText* m_referenceText;
    QWidget* m_messagePage;
    QLabel* m_messageTitle;
    QLabel* m_messageText;
    QStackedLayout* m_stack;
    QTimer* m_timer;
    QElapsedTimer m_sinceReplot;
    QVector<Series> m_series;
    int m_capacity = kDefaultCapacity;
    double m_smoothing = 0.0;
    bool m_logScale = false;
    bool m_includeZero = false;
    bool m_hasReference = false;
    double m_reference = 0.0;
    bool m_dirty = false;
    int m_replots = 0;
};

}  // namespace ls::gui
