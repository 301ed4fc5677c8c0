#include "code_usage_plot.h"

#include <QLocale>
#include <QVBoxLayout>
#include <algorithm>
#include <numeric>

#include "plot_export.h"
#include "titled_plot.h"
#include <qcustomplot.h>

namespace ls::gui {

CodeUsagePlot::CodeUsagePlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot) {
    m_title = setUpTitledPlot(m_plot, this, QStringLiteral("codeUsage"), QSize(180, 120));

    m_bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_bars->setPen(Qt::NoPen);
    m_bars->setBrush(QColor(60, 150, 110, 210));
    m_bars->setWidth(0.75);
    m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
    m_plot->xAxis->setTickLabelRotation(60);
    m_plot->xAxis->setSubTicks(false);
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->xAxis->setLabel(tr("code value"));
    m_plot->yAxis->setLabel(tr("share of weights (%)"));
    PlotExport::installPlotExportMenu(m_plot, QStringLiteral("code_usage"), [this] { return toCsv(); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
}

CodeUsagePlot::~CodeUsagePlot() = default;

void CodeUsagePlot::setUsage(const QVector<double>& codes, const QVector<double>& counts) {
    Q_ASSERT(codes.size() == counts.size());
    m_codes = codes;
    m_counts = counts;
    double total = 0.0;
    for (double c : counts) total += c;
    QVector<double> keys(counts.size()), shares(counts.size());
    double top = 0.0;
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(m_plot->xAxis->ticker());
    ticker->clear();
    // Bars in value order (FP4's code indices are not monotonic in value); the CSV keeps index order.
    QVector<int> order(counts.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&codes](int a, int b) { return codes[a] < codes[b]; });
    for (int i = 0; i < counts.size(); ++i) {
        const int code = order[i];
        keys[i] = i;
        shares[i] = total > 0 ? 100.0 * counts[code] / total : 0.0;
        top = qMax(top, shares[i]);
        ticker->addTick(i, QLocale().toString(codes[code], 'f', 2));
    }
    m_bars->setData(keys, shares, true);
    m_plot->xAxis->setRange(-0.6, qMax<int>(counts.size(), 1) - 0.4);
    m_plot->yAxis->setRange(0, top > 0 ? top * 1.1 : 1.0);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CodeUsagePlot::setTitle(const QString& title) {
    m_title->setText(title);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString CodeUsagePlot::title() const { return m_title->text(); }

void CodeUsagePlot::clear() {
    setUsage({}, {});
    setTitle(QString());
}

QString CodeUsagePlot::toCsv() const {
    double total = 0.0;
    for (double c : m_counts) total += c;
    QString out = QStringLiteral("code,value,count,share\n");
    for (int i = 0; i < m_counts.size(); ++i) {
        out += QStringLiteral("%1,%2,%3,%4\n")
                   .arg(i)
                   .arg(QString::number(m_codes[i], 'g', 9), QString::number(m_counts[i], 'f', 0),
                        QString::number(total > 0 ? m_counts[i] / total : 0.0, 'g', 6));
    }
    return out;
}

}  // namespace ls::gui
