#include "length_histogram_plot.h"

#include <qcustomplot.h>

#include <QLocale>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>
#include <cmath>

#include "plot_export.h"
#include "titled_plot.h"

namespace ls::gui {

namespace {

const QColor kWithinColor(70, 120, 190, 210);
const QColor kBeyondColor(230, 130, 40, 220);
const QColor kLineColor(200, 70, 40);
// The line stays in view when it is at most this far beyond the longest row (as a share of that length);
// further out, the data would be squeezed into a corner, so the limit is named at the edge instead.
constexpr double kMaxLineStretch = 1.5;

// 1, 2 or 5 times a power of ten, at least `raw`, and at least 1 (counts are whole numbers).
double niceStep(double raw) {
    if (raw <= 1.0) return 1.0;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * power >= raw) return m * power;
    }
    return 10.0 * power;
}

}  // namespace

LengthHistogramPlot::LengthHistogramPlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot) {
    m_title = setUpTitledPlot(m_plot, this, QStringLiteral("lengthHistogram"), QSize(220, 150));

    for (QCPBars** bars : {&m_within, &m_beyond}) {
        *bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        (*bars)->setPen(Qt::NoPen);
        (*bars)->setWidthType(QCPBars::wtPlotCoords);
        (*bars)->setSelectable(QCP::stNone);
    }
    m_within->setBrush(kWithinColor);
    m_beyond->setBrush(kBeyondColor);
    m_within->setName(tr("within the sequence length"));
    m_beyond->setName(tr("cut to the sequence length"));

    m_line = new QCPItemStraightLine(m_plot);
    m_line->setPen(QPen(kLineColor, 1.5, Qt::DashLine));
    m_line->setSelectable(false);
    m_lineLabel = new QCPItemText(m_plot);
    m_lineLabel->setColor(kLineColor);
    m_lineLabel->setSelectable(false);
    m_lineLabel->setPadding(QMargins(4, 2, 4, 2));

    auto ticker = QSharedPointer<QCPAxisTickerFixed>(new QCPAxisTickerFixed);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setSubTicks(false);
    m_plot->xAxis->setLabel(tr("tokens"));
    m_plot->yAxis->setLabel(tr("rows"));
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) { showToolTip(event->pos()); });
    PlotExport::installPlotExportMenu(m_plot, QStringLiteral("token_lengths"), [this] { return toCsv(); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    rebuild();
}

LengthHistogramPlot::~LengthHistogramPlot() = default;

void LengthHistogramPlot::setBins(const QVector<Bin>& bins) {
    m_bins = bins;
    rebuild();
}

void LengthHistogramPlot::setLimit(int limit) {
    m_limit = qMax(0, limit);
    rebuild();
}

void LengthHistogramPlot::setTitle(const QString& title) {
    m_title->setText(title);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString LengthHistogramPlot::title() const { return m_title->text(); }

void LengthHistogramPlot::clear() {
    m_bins.clear();
    m_limit = 0;
    m_title->setText(QString());
    rebuild();
}

int LengthHistogramPlot::totalCount() const {
    int total = 0;
    for (const Bin& bin : m_bins) total += bin.count;
    return total;
}

int LengthHistogramPlot::beyondLimitBinCount() const {
    int n = 0;
    for (const Bin& bin : m_bins) n += isBeyond(bin, m_limit) ? 1 : 0;
    return n;
}

void LengthHistogramPlot::rebuild() {
    QVector<double> withinKeys, withinCounts, beyondKeys, beyondCounts;
    double top = 0.0;
    for (const Bin& bin : m_bins) {
        const double key = 0.5 * (bin.lo + bin.hi);
        if (isBeyond(bin, m_limit)) {
            beyondKeys.push_back(key);
            beyondCounts.push_back(bin.count);
        } else {
            withinKeys.push_back(key);
            withinCounts.push_back(bin.count);
        }
        top = qMax<double>(top, bin.count);
    }
    const double width = m_bins.isEmpty() ? 1.0 : qMax(1, m_bins.first().hi - m_bins.first().lo);
    // A hair narrower than the bin, so neighbouring bars stay apart.
    for (QCPBars* bars : {m_within, m_beyond}) bars->setWidth(width * 0.92);
    m_within->setData(withinKeys, withinCounts, true);
    m_beyond->setData(beyondKeys, beyondCounts, true);

    const double low = m_bins.isEmpty() ? 0.0 : m_bins.first().lo;
    const double high = m_bins.isEmpty() ? 1.0 : m_bins.last().hi;
    const bool lineInView = m_limit > 0 && !m_bins.isEmpty() && m_limit <= high * kMaxLineStretch;
    const double right = lineInView ? qMax<double>(high, m_limit) : high;
    const double margin = (right - low) * 0.03;
    m_plot->xAxis->setRange(low - margin, right + margin);

    const double step = niceStep(top / 5.0);
    qSharedPointerCast<QCPAxisTickerFixed>(m_plot->yAxis->ticker())->setTickStep(step);
    m_plot->yAxis->setRange(0, top > 0 ? std::ceil(top * 1.18 / step) * step : 1.0);

    const QString limitText = tr("sequence length %1").arg(QLocale().toString(m_limit));
    m_line->setVisible(lineInView);
    m_lineLabel->setVisible(m_limit > 0 && !m_bins.isEmpty());
    if (lineInView) {
        m_line->point1->setCoords(m_limit, 0.0);
        m_line->point2->setCoords(m_limit, 1.0);
        // The label sits beside the top of the line, on the side with more room.
        const bool leftSide = m_limit - low > 0.6 * (right - low);
        m_lineLabel->position->setTypeX(QCPItemPosition::ptPlotCoords);
        m_lineLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        m_lineLabel->position->setCoords(m_limit, 0.0);
        m_lineLabel->setPositionAlignment((leftSide ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop);
        m_lineLabel->setText(limitText);
    } else {
        m_lineLabel->position->setType(QCPItemPosition::ptAxisRectRatio);
        m_lineLabel->position->setCoords(1.0, 0.0);
        m_lineLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
        m_lineLabel->setText(limitText + QStringLiteral(" \u2192"));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void LengthHistogramPlot::showToolTip(const QPoint& pos) {
    const double x = m_plot->xAxis->pixelToCoord(pos.x());
    const double y = m_plot->yAxis->pixelToCoord(pos.y());
    for (const Bin& bin : m_bins) {
        if (x < bin.lo || x >= bin.hi || y < 0 || y > qMax(bin.count, 1)) continue;
        QString text =
            tr("%1 – %2 tokens\nrows: %3")
                .arg(QLocale().toString(bin.lo), QLocale().toString(bin.hi - 1), QLocale().toString(bin.count));
        if (isBeyond(bin, m_limit))
            text += QLatin1Char('\n') + tr("cut to %1 tokens for training").arg(QLocale().toString(m_limit));
        QToolTip::showText(m_plot->mapToGlobal(pos), text, m_plot);
        return;
    }
    QToolTip::hideText();
}

QString LengthHistogramPlot::toCsv() const {
    QString out = QStringLiteral("length_lo,length_hi,count\n");
    for (const Bin& bin : m_bins) out += QStringLiteral("%1,%2,%3\n").arg(bin.lo).arg(bin.hi).arg(bin.count);
    return out;
}

}  // namespace ls::gui
