// How often each quantization code is used: one bar per code, in value order, labelled with its value.
// Plain data in.
#pragma once

#include <QVector>
#include <QWidget>

class QCPBars;
class QCPTextElement;
class QCustomPlot;

namespace ls::gui {

class CodeUsagePlot : public QWidget {
    Q_OBJECT
public:
    explicit CodeUsagePlot(QWidget* parent = nullptr);
    ~CodeUsagePlot() override;

    // counts[i] is how often code i (value codes[i]) is used; both the same length.
    void setUsage(const QVector<double>& codes, const QVector<double>& counts);
    void setTitle(const QString& title);
    void clear();

    QString title() const;
    int barCount() const { return m_counts.size(); }
    const QVector<double>& counts() const { return m_counts; }
    QCustomPlot* plot() const { return m_plot; }
    QString toCsv() const;  // "code,value,count,share" rows

private:
    QCustomPlot* m_plot;
    QCPBars* m_bars;
    QCPTextElement* m_title;
    QVector<double> m_codes;
    QVector<double> m_counts;
};

}  // namespace ls::gui
