#include "live_plot.h"

#include <qcustomplot.h>

#include <QLabel>
#include <QLocale>
#include <QStackedLayout>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "plot_export.h"
#include "titled_plot.h"

namespace ls::gui {

namespace {

constexpr double kMaxSmoothing = 0.99;
constexpr int kFadedAlpha = 70;  // the raw line under its smoothed average

// Debiased exponential moving average (TensorBoard's smoothing): the first points are not pulled to 0.
QVector<double> smoothed(const QVector<double>& values, double weight) {
    QVector<double> out(values.size());
    double avg = 0.0;
    int n = 0;
    for (int i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (!std::isfinite(v)) {
            out[i] = std::numeric_limits<double>::quiet_NaN();
            continue;
        }
        avg = weight * avg + (1.0 - weight) * v;
        ++n;
        out[i] = avg / (1.0 - std::pow(weight, n));
    }
    return out;
}

QString number(double v) { return QString::number(v, 'g', 10); }

}  // namespace

LivePlot::LivePlot(const QString& exportName, QWidget* parent)
    : QWidget(parent),
      m_plot(new QCustomPlot),
      m_messagePage(new QWidget),
      m_messageTitle(new QLabel),
      m_messageText(new QLabel),
      m_timer(new QTimer(this)) {
    m_title = setUpTitledPlot(m_plot, this, exportName, QSize(220, 150));
    m_plot->setNoAntialiasingOnDrag(true);

    QSharedPointer<QCPAxisTickerFixed> keyTicker(new QCPAxisTickerFixed);
    keyTicker->setTickStep(1.0);  // keys are steps: integer multiples only
    keyTicker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(keyTicker);
    const QColor grid = palette().color(QPalette::Mid).lighter(130);
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
        axis->setSubTicks(false);
    }
    m_plot->xAxis->setRange(0, 1);
    m_plot->yAxis->setRange(0, 1);

    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_plot->legend->setFont(small);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setBrush(Qt::NoBrush);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(8);
    m_plot->legend->setColumnSpacing(12);
    m_plot->legend->setMargins(QMargins(4, 0, 4, 0));
    m_plot->legend->setVisible(false);

    m_emptyItem = new QCPItemText(m_plot);
    m_emptyItem->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_emptyItem->position->setCoords(0.5, 0.5);
    m_emptyItem->setColor(palette().color(QPalette::PlaceholderText));
    m_emptyItem->setSelectable(false);

    m_referenceLine = new QCPItemStraightLine(m_plot);
    m_referenceLine->setPen(QPen(QColor(120, 120, 120), 1.4, Qt::DashLine));
    m_referenceLine->setSelectable(false);
    m_referenceLine->setVisible(false);
    m_referenceText = new QCPItemText(m_plot);
    m_referenceText->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    m_referenceText->position->setTypeY(QCPItemPosition::ptPlotCoords);
    m_referenceText->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    m_referenceText->setColor(QColor(90, 90, 90));
    m_referenceText->setFont(small);
    m_referenceText->setPadding(QMargins(0, 0, 4, 1));
    m_referenceText->setSelectable(false);
    m_referenceText->setVisible(false);

    PlotExport::installPlotExportMenu(m_plot, exportName, [this] { return toCsv(); });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) { showToolTip(e->pos()); });

    // The message page: the title and a note, where the chart would be.
    m_messagePage->setAutoFillBackground(true);
    m_messagePage->setBackgroundRole(QPalette::Base);
    m_messageTitle->setAlignment(Qt::AlignHCenter);
    m_messageTitle->setFont(QFont(font().family(), font().pointSize(), QFont::Bold));
    m_messageText->setAlignment(Qt::AlignCenter);
    m_messageText->setWordWrap(true);
    m_messageText->setForegroundRole(QPalette::PlaceholderText);
    auto* messageLayout = new QVBoxLayout(m_messagePage);
    messageLayout->setContentsMargins(12, 4, 12, 12);
    messageLayout->addWidget(m_messageTitle);
    messageLayout->addStretch(1);
    messageLayout->addWidget(m_messageText);
    messageLayout->addStretch(2);

    m_stack = new QStackedLayout(this);
    m_stack->setContentsMargins(0, 0, 0, 0);
    m_stack->addWidget(m_plot);
    m_stack->addWidget(m_messagePage);

    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &LivePlot::replotNow);
}

LivePlot::~LivePlot() = default;

int LivePlot::addSeries(const QString& name, const QColor& color, Style style, bool smoothable) {
    Series s;
    s.name = name;
    s.color = color;
    s.smoothable = smoothable;
    s.raw = m_plot->addGraph();
    s.raw->setName(name);
    s.raw->setAdaptiveSampling(true);
    if (style == Style::LineWithDots) s.raw->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
    if (smoothable) {
        s.smooth = m_plot->addGraph();
        s.smooth->setName(name);
        s.smooth->setAdaptiveSampling(true);
    }
    m_series.push_back(s);
    if (m_series.size() == 2) {
        // A legend from the second series on, in a row under the title where it hides no data.
        // Centred: empty cells either side take the width the legend does not need.
        m_plot->axisRect()->insetLayout()->take(m_plot->legend);
        auto* row = new QCPLayoutGrid;
        m_plot->plotLayout()->insertRow(1);
        m_plot->plotLayout()->addElement(1, 0, row);
        m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
        row->addElement(0, 0, new QCPLayoutElement(m_plot));
        row->addElement(0, 1, m_plot->legend);
        row->addElement(0, 2, new QCPLayoutElement(m_plot));
        row->setColumnStretchFactors({1.0, 0.001, 1.0});
        m_plot->legend->setVisible(true);
    }
    applyStyles();
    return m_series.size() - 1;
}

QString LivePlot::seriesName(int series) const { return m_series.value(series).name; }

void LivePlot::applyStyles() {
    const bool smoothing = m_smoothing > 0.0;
    // The legend in series order, one entry per series: its smoothed line when that is drawn.
    m_plot->legend->clearItems();
    for (Series& s : m_series) {
        const bool smoothOn = smoothing && s.smooth;
        QColor raw = s.color;
        if (smoothOn) raw.setAlpha(kFadedAlpha);
        s.raw->setPen(QPen(raw, smoothOn ? 1.0 : 1.6));
        if (s.smooth) {
            s.smooth->setPen(QPen(s.color, 1.8));
            s.smooth->setVisible(smoothOn);
        }
        (smoothOn ? s.smooth : s.raw)->addToLegend();
    }
}

void LivePlot::thin(QVector<double>& v) {
    // Keeps the newest point and every other one before it.
    QVector<double> kept;
    kept.reserve(v.size() / 2 + 1);
    const int n = v.size();
    for (int i = (n - 1) % 2; i < n; i += 2) kept.push_back(v[i]);
    v.swap(kept);
}

void LivePlot::appendPoints(int series, const QVector<double>& keys, const QVector<double>& values) {
    Q_ASSERT(keys.size() == values.size());
    if (series < 0 || series >= m_series.size()) return;
    Series& s = m_series[series];
    const int n = qMin(keys.size(), values.size());
    s.keys.reserve(s.keys.size() + n);
    s.values.reserve(s.values.size() + n);
    for (int i = 0; i < n; ++i) {
        if (!s.keys.isEmpty() && keys[i] <= s.keys.last()) continue;
        s.keys.push_back(keys[i]);
        s.values.push_back(values[i]);
        ++s.appended;
    }
    while (s.keys.size() > m_capacity) {
        thin(s.keys);
        thin(s.values);
    }
    scheduleReplot();
}

void LivePlot::removeFrom(double key) {
    for (Series& s : m_series) {
        const int keep = int(std::lower_bound(s.keys.begin(), s.keys.end(), key) - s.keys.begin());
        s.keys.resize(keep);
        s.values.resize(keep);
    }
    scheduleReplot();
}

void LivePlot::clear() {
    for (Series& s : m_series) {
        s.keys.clear();
        s.values.clear();
        s.appended = 0;
    }
    scheduleReplot();
}

int LivePlot::pointCount(int series) const {
    return series >= 0 && series < m_series.size() ? m_series[series].keys.size() : 0;
}

qint64 LivePlot::appendedCount(int series) const {
    return series >= 0 && series < m_series.size() ? m_series[series].appended : 0;
}

QVector<double> LivePlot::keys(int series) const { return m_series.value(series).keys; }

QVector<double> LivePlot::values(int series) const { return m_series.value(series).values; }

void LivePlot::setCapacity(int points) {
    m_capacity = qMax(16, points);
    for (Series& s : m_series) {
        while (s.keys.size() > m_capacity) {
            thin(s.keys);
            thin(s.values);
        }
    }
    scheduleReplot();
}

void LivePlot::setSmoothing(double weight) {
    weight = std::clamp(weight, 0.0, kMaxSmoothing);
    if (weight == m_smoothing) return;
    m_smoothing = weight;
    applyStyles();
    scheduleReplot();
}

void LivePlot::setLogScale(bool on) {
    if (on == m_logScale) return;
    m_logScale = on;
    if (on) {
        m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    } else {
        m_plot->yAxis->setScaleType(QCPAxis::stLinear);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
    scheduleReplot();
}

void LivePlot::setReferenceLine(double value, const QString& label) {
    m_hasReference = true;
    m_reference = value;
    m_referenceLine->point1->setCoords(0.0, value);
    m_referenceLine->point2->setCoords(1.0, value);
    m_referenceLine->setVisible(true);
    m_referenceText->position->setCoords(1.0, value);
    m_referenceText->setText(label);
    m_referenceText->setVisible(!label.isEmpty());
    scheduleReplot();
}

void LivePlot::clearReferenceLine() {
    m_hasReference = false;
    m_referenceLine->setVisible(false);
    m_referenceText->setVisible(false);
    scheduleReplot();
}

void LivePlot::setTitle(const QString& title) {
    m_title->setText(title);
    m_messageTitle->setText(title);
    scheduleReplot();
}

QString LivePlot::title() const { return m_title->text(); }

void LivePlot::setAxisLabels(const QString& key, const QString& value) {
    m_plot->xAxis->setLabel(key);
    m_plot->yAxis->setLabel(value);
    scheduleReplot();
}

void LivePlot::setIncludeZero(bool on) {
    m_includeZero = on;
    scheduleReplot();
}

void LivePlot::setEmptyText(const QString& text) {
    m_emptyItem->setText(text);
    scheduleReplot();
}

void LivePlot::setMessage(const QString& message) {
    m_messageText->setText(message);
    m_stack->setCurrentWidget(message.isEmpty() ? static_cast<QWidget*>(m_plot) : m_messagePage);
    if (message.isEmpty()) scheduleReplot();
}

QString LivePlot::message() const { return isShowingMessage() ? m_messageText->text() : QString(); }

bool LivePlot::isShowingMessage() const { return m_stack->currentWidget() == m_messagePage; }

void LivePlot::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_dirty) scheduleReplot();
}

void LivePlot::scheduleReplot() {
    m_dirty = true;
    if (m_timer->isActive()) return;
    const qint64 since = m_sinceReplot.isValid() ? m_sinceReplot.elapsed() : kReplotIntervalMs;
    m_timer->start(int(qMax<qint64>(0, kReplotIntervalMs - since)));
}

void LivePlot::flush() {
    m_timer->stop();
    m_dirty = true;
    replotNow();
}

void LivePlot::replotNow() {
    // A hidden chart is brought up to date when it is shown again.
    if (!m_dirty || !isVisible()) return;
    m_dirty = false;
    bool empty = true;
    for (Series& s : m_series) {
        s.raw->setData(s.keys, s.values, true);
        if (s.smooth) {
            if (m_smoothing > 0.0)
                s.smooth->setData(s.keys, smoothed(s.values, m_smoothing), true);
            else
                s.smooth->data()->clear();
        }
        empty = empty && s.keys.isEmpty();
    }
    m_emptyItem->setVisible(empty && !m_emptyItem->text().isEmpty());
    // No numbers on an empty chart's axes: they would mean nothing.
    m_plot->xAxis->setTickLabels(!empty);
    m_plot->yAxis->setTickLabels(!empty);
    updateRanges();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    ++m_replots;
    m_sinceReplot.restart();
}

void LivePlot::updateRanges() {
    constexpr double inf = std::numeric_limits<double>::infinity();
    double kLow = inf, kHigh = -inf, vLow = inf, vHigh = -inf;
    auto takeValue = [&](double v) {
        if (!std::isfinite(v) || (m_logScale && v <= 0.0)) return;
        vLow = qMin(vLow, v);
        vHigh = qMax(vHigh, v);
    };
    for (const Series& s : m_series) {
        if (s.keys.isEmpty()) continue;
        kLow = qMin(kLow, s.keys.first());
        kHigh = qMax(kHigh, s.keys.last());
        for (double v : s.values) takeValue(v);
    }
    if (kLow > kHigh) {
        kLow = 0.0;
        kHigh = 1.0;
    } else if (kLow == kHigh) {
        kLow -= 0.5;
        kHigh += 0.5;
    }
    m_plot->xAxis->setRange(kLow, kHigh);

    const bool noData = vLow > vHigh;
    if (m_hasReference) takeValue(m_reference);
    if (m_includeZero && !m_logScale && !noData) takeValue(0.0);
    if (vLow > vHigh) {
        vLow = m_logScale ? 0.1 : 0.0;
        vHigh = 1.0;
    }
    if (m_logScale) {
        m_plot->yAxis->setRange(vLow / 1.25, vHigh * 1.25);
    } else {
        double span = vHigh - vLow;
        if (span <= 0.0) span = vHigh != 0.0 ? std::abs(vHigh) * 0.2 : 1.0;
        const double low = (m_includeZero && vLow >= 0.0) ? qMax(0.0, vLow - 0.08 * span) : vLow - 0.08 * span;
        // Room above the top for the reference line's label.
        m_plot->yAxis->setRange(low, vHigh + (m_hasReference ? 0.14 : 0.08) * span);
    }
}

void LivePlot::showToolTip(const QPoint& pos) {
    if (m_series.isEmpty() || !m_plot->axisRect()->rect().contains(pos)) {
        QToolTip::hideText();
        return;
    }
    const double key = m_plot->xAxis->pixelToCoord(pos.x());
    // The nearest key of any series, then every series' value there.
    double best = 0.0, bestDistance = std::numeric_limits<double>::infinity();
    for (const Series& s : m_series) {
        if (s.keys.isEmpty()) continue;
        auto it = std::lower_bound(s.keys.begin(), s.keys.end(), key);
        for (auto c : {it, it == s.keys.begin() ? it : it - 1}) {
            if (c == s.keys.end()) continue;
            if (std::abs(*c - key) < bestDistance) {
                bestDistance = std::abs(*c - key);
                best = *c;
            }
        }
    }
    if (!std::isfinite(bestDistance)) return;
    QString text = QStringLiteral("%1 %2").arg(m_plot->xAxis->label(), QLocale().toString(best, 'g', 10));
    for (const Series& s : m_series) {
        auto it = std::lower_bound(s.keys.begin(), s.keys.end(), best);
        if (it == s.keys.end() || *it != best) continue;
        const double v = s.values[int(it - s.keys.begin())];
        text += QStringLiteral("\n%1: %2").arg(s.name, QLocale().toString(v, 'g', 5));
    }
    QToolTip::showText(m_plot->mapToGlobal(pos), text, m_plot);
}

QString LivePlot::toCsv() const {
    std::map<double, QVector<QString>> rows;
    for (int i = 0; i < m_series.size(); ++i) {
        const Series& s = m_series[i];
        for (int j = 0; j < s.keys.size(); ++j) {
            QVector<QString>& row = rows[s.keys[j]];
            row.resize(m_series.size());
            row[i] = number(s.values[j]);
        }
    }
    const QString keyName = m_plot->xAxis->label();
    QString out = keyName.isEmpty() ? QStringLiteral("key") : keyName;
    for (const Series& s : m_series) out += QLatin1Char(',') + s.name;
    out += QLatin1Char('\n');
    for (auto& [key, row] : rows) {
        out += number(key);
        for (int i = 0; i < m_series.size(); ++i) out += QLatin1Char(',') + row.value(i);
        out += QLatin1Char('\n');
    }
    return out;
}

}  // namespace ls::gui
