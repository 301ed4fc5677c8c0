#include "train_charts.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSlider>
#include <QVBoxLayout>
#include <cmath>

#include "live_plot.h"

namespace ls::gui {

namespace {

constexpr int kSliderSteps = 99;  // the slider's 0..99 is the smoothing weight 0..0.99
constexpr double kGiB = double(1LL << 30);

const QColor kBlue(0x1f, 0x77, 0xb4);
const QColor kOrange(0xe6, 0x7e, 0x22);
const QColor kRed(0xc0, 0x39, 0x2b);
const QColor kGreen(0x2e, 0x8b, 0x57);
const QColor kPurple(0x7d, 0x3c, 0x98);

QString gibText(double bytes) { return QLocale().toString(bytes / kGiB, 'f', 1); }

}  // namespace

TrainCharts::TrainCharts(QWidget* parent)
    : QWidget(parent),
      m_loss(new LivePlot(QStringLiteral("loss"))),
      m_lr(new LivePlot(QStringLiteral("learning_rate"))),
      m_memory(new LivePlot(QStringLiteral("memory"))),
      m_throughput(new LivePlot(QStringLiteral("throughput"))),
      m_smoothing(new QSlider(Qt::Horizontal)),
      m_smoothingValue(new QLabel),
      m_logScale(new QCheckBox(tr("Log scale"))) {
    m_plots = {m_loss, m_lr, m_memory, m_throughput};
    const QString step = tr("step");

    m_loss->setTitle(tr("Loss"));
    m_loss->setAxisLabels(step, tr("cross-entropy"));
    m_loss->addSeries(tr("train"), kBlue, LivePlot::Style::Line, true);
    m_loss->addSeries(tr("eval"), kOrange, LivePlot::Style::LineWithDots);

    m_lr->setTitle(tr("Learning rate"));
    m_lr->setAxisLabels(step, tr("learning rate"));
    m_lr->setIncludeZero(true);
    m_lr->addSeries(tr("learning rate"), kPurple);

    m_memory->setTitle(tr("GPU memory"));
    m_memory->setAxisLabels(step, tr("GiB"));
    m_memory->setIncludeZero(true);
    m_memory->addSeries(tr("allocated"), kBlue);
    m_memory->addSeries(tr("reserved"), kOrange);
    m_memory->addSeries(tr("peak"), kRed);

    m_throughput->setTitle(tr("Throughput"));
    m_throughput->setAxisLabels(step, tr("tokens / s"));
    m_throughput->setIncludeZero(true);
    m_throughput->addSeries(tr("tokens/s"), kGreen);

    for (LivePlot* plot : m_plots) plot->setEmptyText(tr("No steps yet"));

    m_smoothing->setRange(0, kSliderSteps);
    m_smoothing->setMaximumWidth(160);
    m_smoothing->setToolTip(
        tr("Smooths the train loss with an exponential moving average (0 = off); the raw curve stays visible, "
           "faded"));
    m_smoothingValue->setMinimumWidth(m_smoothingValue->fontMetrics().horizontalAdvance(QStringLiteral("0.00")) + 4);
    m_logScale->setToolTip(tr("Show the loss on a logarithmic axis"));
    auto* smoothingLabel = new QLabel(tr("Loss smoothing:"));
    smoothingLabel->setBuddy(m_smoothing);
    auto* hint = new QLabel(tr("Right-click a chart to save it as PNG, SVG or CSV."));
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto* controls = new QHBoxLayout;
    controls->addWidget(smoothingLabel);
    controls->addWidget(m_smoothing);
    controls->addWidget(m_smoothingValue);
    controls->addSpacing(12);
    controls->addWidget(m_logScale);
    controls->addStretch(1);
    controls->addWidget(hint);

    auto* grid = new QGridLayout;
    grid->setSpacing(8);
    grid->addWidget(m_loss, 0, 0);
    grid->addWidget(m_lr, 0, 1);
    grid->addWidget(m_memory, 1, 0);
    grid->addWidget(m_throughput, 1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(controls);
    layout->addLayout(grid, 1);

    connect(m_smoothing, &QSlider::valueChanged, this, &TrainCharts::onSmoothingChanged);
    connect(m_logScale, &QCheckBox::toggled, m_loss, &LivePlot::setLogScale);
    setSmoothing(kDefaultSmoothing);
    onSmoothingChanged(m_smoothing->value());
}

void TrainCharts::onSmoothingChanged(int value) {
    const double weight = double(value) / 100.0;
    m_smoothingValue->setText(QLocale().toString(weight, 'f', 2));
    m_loss->setSmoothing(weight);
}

void TrainCharts::setSmoothing(double weight) { m_smoothing->setValue(int(std::lround(weight * 100.0))); }

double TrainCharts::smoothing() const { return m_loss->smoothing(); }

void TrainCharts::addMetrics(const QVector<ls::StepMetrics>& batch) {
    if (batch.isEmpty()) return;
    if (batch.first().step <= m_lastStep) {
        for (LivePlot* plot : m_plots) plot->removeFrom(double(batch.first().step));
    }
    const int n = batch.size();
    QVector<double> keys(n), loss(n), lr(n), allocated(n), reserved(n), peak(n), tokens(n);
    QVector<double> evalKeys, evalLoss;
    for (int i = 0; i < n; ++i) {
        const ls::StepMetrics& m = batch[i];
        keys[i] = double(m.step);
        loss[i] = m.loss;
        lr[i] = m.lr;
        allocated[i] = double(m.memAllocated) / kGiB;
        reserved[i] = double(m.memReserved) / kGiB;
        peak[i] = double(m.memPeak) / kGiB;
        tokens[i] = m.tokensPerS;
        if (m.evalLoss) {
            evalKeys.push_back(double(m.step));
            evalLoss.push_back(*m.evalLoss);
        }
    }
    m_loss->appendPoints(kTrainLoss, keys, loss);
    if (!evalKeys.isEmpty()) m_loss->appendPoints(kEvalLoss, evalKeys, evalLoss);
    m_lr->appendPoints(0, keys, lr);
    m_memory->appendPoints(kAllocated, keys, allocated);
    m_memory->appendPoints(kReserved, keys, reserved);
    m_memory->appendPoints(kPeak, keys, peak);
    m_throughput->appendPoints(0, keys, tokens);
    m_lastStep = batch.last().step;
}

void TrainCharts::clear() {
    for (LivePlot* plot : m_plots) plot->clear();
    m_lastStep = 0;
}

void TrainCharts::setMemoryTracked(bool tracked, qint64 estimateBytes) {
    // On the CPU the engine reports the process's resident memory instead of the GPU allocator's.
    m_memoryTracked = tracked;
    m_memory->setTitle(tracked ? tr("GPU memory") : tr("Memory (process RAM)"));
    m_memory->setMessage(QString());
    if (tracked && estimateBytes > 0)
        m_memory->setReferenceLine(double(estimateBytes) / kGiB,
                                   tr("estimate %1 GiB").arg(gibText(double(estimateBytes))));
    else
        m_memory->clearReferenceLine();
}

}  // namespace ls::gui
