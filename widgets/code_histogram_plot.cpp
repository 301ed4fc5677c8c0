#include "code_histogram_plot.h"

#include <QVBoxLayout>

#include "plot_export.h"
#include "titled_plot.h"
#include <qcustomplot.h>

namespace ls::gui {

CodeHistogramPlot::CodeHistogramPlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot) {
    m_title = setUpTitledPlot(m_plot, this, QStringLiteral("codeHistogram"), QSize(200, 140));

    m_bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_bars->setPen(Qt::NoPen);
    m_bars->setBrush(QColor(70, 120, 190, 200));
    m_bars->setWidthType(QCPBars::wtPlotCoords);
    m_plot->xAxis->setLabel(tr("w / absmax of its block"));
    m_plot->yAxis->setLabel(tr("weights"));
    m_plot->xAxis->setRange(-1.05, 1.05);
    m_plot->xAxis->grid()->setVisible(false);
    PlotExport::installPlotExportMenu(m_plot, QStringLiteral("weight_histogram"), [this] { return toCsv(); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
}

CodeHistogramPlot::~CodeHistogramPlot() = default;

void CodeHistogramPlot::setHistogram(const QVector<double>& counts, double low, double high) {
    m_counts = counts;
    m_low = low;
    m_high = high;
    const int n = counts.size();
    const double width = n > 0 ? (high - low) / n : 0.0;
    QVector<double> keys(n);
    double top = 0.0;
    for (int i = 0; i < n; ++i) {
        keys[i] = low + (i + 0.5) * width;
        top = qMax(top, counts[i]);
    }
    m_bars->setWidth(width);
    m_bars->setData(keys, counts, true);
    m_plot->yAxis->setRange(0, top > 0 ? top * 1.08 : 1.0);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CodeHistogramPlot::setCodeValues(const QVector<double>& codes) {
    m_codes = codes;
    rebuildLines();
}

void CodeHistogramPlot::rebuildLines() {
    m_plot->clearItems();
    const QPen pen(QColor(210, 60, 40, 210), 1.2, Qt::DashLine);
    for (double code : m_codes) {
        auto* line = new QCPItemStraightLine(m_plot);
        line->point1->setCoords(code, 0.0);
        line->point2->setCoords(code, 1.0);
        line->setPen(pen);
        line->setSelectable(false);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CodeHistogramPlot::setTitle(const QString& title) {
    m_title->setText(title);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString CodeHistogramPlot::title() const { return m_title->text(); }

void CodeHistogramPlot::setAxisLabels(const QString& values, const QString& counts) {
    m_plot->xAxis->setLabel(values);
    m_plot->yAxis->setLabel(counts);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString CodeHistogramPlot::keyAxisLabel() const { return m_plot->xAxis->label(); }

void CodeHistogramPlot::setKeyRange(double low, double high) {
    m_plot->xAxis->setRange(low, high);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CodeHistogramPlot::clear() {
    setHistogram({});
    setCodeValues({});
    setTitle(QString());
}

QString CodeHistogramPlot::toCsv() const {
    QString out = QStringLiteral("bin_low,bin_high,count\n");
    const int n = m_counts.size();
    const double width = n > 0 ? (m_high - m_low) / n : 0.0;
    for (int i = 0; i < n; ++i) {
        out += QStringLiteral("%1,%2,%3\n")
                   .arg(QString::number(m_low + i * width, 'g', 9), QString::number(m_low + (i + 1) * width, 'g', 9),
                        QString::number(m_counts[i], 'f', 0));
    }
    out += QStringLiteral("\ncode,value\n");
    for (int i = 0; i < m_codes.size(); ++i)
        out += QStringLiteral("%1,%2\n").arg(i).arg(QString::number(m_codes[i], 'g', 9));
    return out;
}

}  // namespace ls::gui
