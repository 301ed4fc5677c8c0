// A histogram of block-normalised weights (w / absmax, over [-1, 1]) as bars, with the quantization code
// values drawn as vertical lines on top: where the codes sit against where the weights are. Plain data in.
#pragma once

#include <QVector>
#include <QWidget>

class QCPBars;
class QCPTextElement;
class QCustomPlot;

namespace ls::gui {

class CodeHistogramPlot : public QWidget {
    Q_OBJECT
public:
    explicit CodeHistogramPlot(QWidget* parent = nullptr);
    ~CodeHistogramPlot() override;

    // counts[i] covers [low + i*w, low + (i+1)*w), w = (high - low) / counts.size().
    void setHistogram(const QVector<double>& counts, double low = -1.0, double high = 1.0);
    // One vertical line per code value (16 for NF4/FP4, 15 for int4).
    void setCodeValues(const QVector<double>& codes);
    void setTitle(const QString& title);
    // The defaults describe block-normalised weights: "w / absmax of its block", "weights", [-1.05, 1.05].
    void setAxisLabels(const QString& values, const QString& counts);
    void setKeyRange(double low, double high);
    void clear();

    QString title() const;
    QString keyAxisLabel() const;
    int codeLineCount() const { return m_codes.size(); }
    const QVector<double>& codeValues() const { return m_codes; }
    const QVector<double>& counts() const { return m_counts; }
    QCustomPlot* plot() const { return m_plot; }
    // "bin_low,bin_high,count" rows, then "code,value" rows.
    QString toCsv() const;

private:
    void rebuildLines();

    QCustomPlot* m_plot;
    QCPBars* m_bars;
    QCPTextElement* m_title;
    QVector<double> m_counts;
    QVector<double> m_codes;
    double m_low = -1.0;
    double m_high = 1.0;
};

}  // namespace ls::gui
