// Token lengths of a data set as a histogram: one bar per bin of lengths, a dashed vertical line at the
// sequence length, and the bins beyond it (rows that are cut) in a warning colour. Plain data in.
#pragma once

#include <QString>
#include <QVector>
#include <QWidget>

class QCPBars;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;

namespace ls::gui {

class LengthHistogramPlot : public QWidget {
    Q_OBJECT
public:
    // Lengths lo .. hi-1 (tokens) were seen `count` times.
    struct Bin {
        int lo = 0;
        int hi = 0;
        int count = 0;
    };

    explicit LengthHistogramPlot(QWidget* parent = nullptr);
    ~LengthHistogramPlot() override;

    // Bins in ascending order, adjacent and of equal width (each hi is the next lo).
    void setBins(const QVector<Bin>& bins);
    // The sequence length: lengths above it are truncated. 0 draws no line.
    void setLimit(int limit);
    void setTitle(const QString& title);
    void clear();

    const QVector<Bin>& bins() const { return m_bins; }
    int limit() const { return m_limit; }
    QString title() const;
    int totalCount() const;
    // Bins drawn in the warning colour: every length in them is above the limit.
    int beyondLimitBinCount() const;
    QCustomPlot* plot() const { return m_plot; }
    QString toCsv() const;  // "length_lo,length_hi,count" rows (hi exclusive)

    static bool isBeyond(const Bin& bin, int limit) { return limit > 0 && bin.lo > limit; }

private:
    void rebuild();
    void showToolTip(const QPoint& pos);

    QCustomPlot* m_plot;
    QCPBars* m_within;
    QCPBars* m_beyond;
    QCPItemStraightLine* m_line;
    QCPItemText* m_lineLabel;
    QCPTextElement* m_title;
    QVector<Bin> m_bins;
    int m_limit = 0;
};

}  // namespace ls::gui
