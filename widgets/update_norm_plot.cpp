#include "update_norm_plot.h"

#include <qcustomplot.h>

#include <QLocale>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>

#include "plot_export.h"
#include "titled_plot.h"

namespace ls::gui {

namespace {

constexpr double kGroupWidth = 0.8;  // of one layer's slot
constexpr int kMaxKeyLabels = 16;    // more layers than this: label every n-th
constexpr int kLegendColumns = 8;

QColor groupColor(int i) {
    static const QColor colors[] = {QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b), QColor(0xe1, 0x57, 0x59),
                                    QColor(0x76, 0xb7, 0xb2), QColor(0x59, 0xa1, 0x4f), QColor(0xed, 0xc9, 0x48),
                                    QColor(0xb0, 0x7a, 0xa1), QColor(0xff, 0x9d, 0xa7), QColor(0x9c, 0x75, 0x5f),
                                    QColor(0xba, 0xb0, 0xac)};
    return colors[i % int(std::size(colors))];
}

}  // namespace

UpdateNormPlot::UpdateNormPlot(QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot), m_barsGroup(new QCPBarsGroup(m_plot)) {
    m_title = setUpTitledPlot(m_plot, this, QStringLiteral("updateNorms"), QSize(220, 140));

    // The legend in a row under the plot, left to right.
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_plot->legend->setVisible(true);
    m_plot->legend->setFont(small);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setBrush(Qt::NoBrush);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(kLegendColumns);
    m_plot->legend->setColumnSpacing(10);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    auto* row = new QCPLayoutGrid;  // centred: empty cells either side take the width the legend does not need
    m_plot->plotLayout()->addElement(2, 0, row);
    m_plot->plotLayout()->setRowStretchFactor(2, 0.001);
    row->addElement(0, 0, new QCPLayoutElement(m_plot));
    row->addElement(0, 1, m_plot->legend);
    row->addElement(0, 2, new QCPLayoutElement(m_plot));
    row->setColumnStretchFactors({1.0, 0.001, 1.0});
    m_plot->legend->setMargins(QMargins(6, 0, 6, 4));

    m_barsGroup->setSpacingType(QCPBarsGroup::stAbsolute);
    m_barsGroup->setSpacing(0);
    m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
    m_plot->xAxis->setSubTicks(false);
    m_plot->xAxis->setTickLength(0, 3);
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->yAxis->grid()->setPen(QPen(palette().color(QPalette::Mid).lighter(130), 1, Qt::DotLine));
    m_plot->yAxis->setSubTicks(false);
    m_plot->yAxis->setRange(0, 1);
    PlotExport::installPlotExportMenu(m_plot, QStringLiteral("update_norms"), [this] { return toCsv(); });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) { showToolTip(e->pos()); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
}

UpdateNormPlot::~UpdateNormPlot() = default;

void UpdateNormPlot::rebuildBars(const QStringList& groups) {
    for (QCPBars* bars : m_bars) m_plot->removePlottable(bars);
    m_bars.clear();
    m_groups = groups;
    for (int i = 0; i < groups.size(); ++i) {
        auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        bars->setName(groups[i]);
        bars->setPen(Qt::NoPen);
        bars->setBrush(groupColor(i));
        bars->setWidth(kGroupWidth / groups.size());
        bars->setBarsGroup(m_barsGroup);
        m_bars.push_back(bars);
    }
    m_plot->legend->setVisible(!groups.isEmpty());
}

void UpdateNormPlot::setEntries(const QVector<Entry>& entries) {
    m_entries = entries;
    QStringList groups;
    m_layers.clear();
    for (const Entry& e : entries) {
        if (!groups.contains(e.group)) groups << e.group;
        if (!m_layers.contains(e.layer)) m_layers << e.layer;
    }
    // Ascending layers, the modules outside the layers (-1) last.
    std::sort(m_layers.begin(), m_layers.end(), [](int a, int b) { return a < 0 ? false : (b < 0 ? true : a < b); });
    if (groups != m_groups) rebuildBars(groups);

    QVector<QVector<double>> keys(groups.size()), values(groups.size());
    double top = 0.0;
    for (const Entry& e : entries) {
        const int g = int(groups.indexOf(e.group));
        keys[g].push_back(double(m_layers.indexOf(e.layer)));
        values[g].push_back(e.value);
        top = qMax(top, e.value);
    }
    for (int g = 0; g < groups.size(); ++g) m_bars[g]->setData(keys[g], values[g], false);

    auto ticker = qSharedPointerCast<QCPAxisTickerText>(m_plot->xAxis->ticker());
    ticker->clear();
    const int every = qMax(1, int((m_layers.size() + kMaxKeyLabels - 1) / kMaxKeyLabels));
    for (int i = 0; i < m_layers.size(); ++i) {
        const int layer = m_layers[i];
        if (layer < 0)
            ticker->addTick(i, tr("other"));
        else if (i % every == 0)
            ticker->addTick(i, QString::number(layer));
    }
    m_plot->xAxis->setRange(-0.6, qMax<int>(1, m_layers.size()) - 0.4);
    m_plot->yAxis->setRange(0, top > 0 ? top * 1.1 : 1.0);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void UpdateNormPlot::clear() { setEntries({}); }

void UpdateNormPlot::setTitle(const QString& title) {
    m_title->setText(title);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString UpdateNormPlot::title() const { return m_title->text(); }

void UpdateNormPlot::setAxisLabels(const QString& key, const QString& value) {
    m_plot->xAxis->setLabel(key);
    m_plot->yAxis->setLabel(value);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void UpdateNormPlot::showToolTip(const QPoint& pos) {
    for (int g = 0; g < m_bars.size(); ++g) {
        QVariant details;
        if (m_bars[g]->selectTest(pos, false, &details) < 0) continue;
        const QCPDataSelection hit = details.value<QCPDataSelection>();
        if (hit.isEmpty()) continue;
        const auto it = m_bars[g]->data()->at(hit.dataRange().begin());
        const int slot = int(it->key);
        if (slot < 0 || slot >= m_layers.size()) continue;
        const int layer = m_layers[slot];
        const QString where = layer < 0 ? m_groups[g] : tr("layer %1 · %2").arg(layer).arg(m_groups[g]);
        QToolTip::showText(m_plot->mapToGlobal(pos),
                           QStringLiteral("%1: %2").arg(where, QLocale().toString(it->value, 'g', 5)), m_plot);
        return;
    }
    QToolTip::hideText();
}

QString UpdateNormPlot::toCsv() const {
    QString out = QStringLiteral("layer,group,value\n");
    for (const Entry& e : m_entries) {
        out += QStringLiteral("%1,%2,%3\n")
                   .arg(e.layer < 0 ? QStringLiteral("none") : QString::number(e.layer), e.group,
                        QString::number(e.value, 'g', 9));
    }
    return out;
}

}  // namespace ls::gui
