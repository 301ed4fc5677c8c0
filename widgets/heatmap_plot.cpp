#include "heatmap_plot.h"

#include <QLocale>
#include <QToolTip>
#include <QVBoxLayout>
#include <cmath>

#include "plot_export.h"
#include "titled_plot.h"
#include <qcustomplot.h>

namespace ls::gui {

namespace {

constexpr int kMaxLabelledCells = 400;  // more cells than this: no value text inside the cells

// A perceptually ordered dark-blue -> green -> yellow gradient (viridis stops; QCustomPlot 2.1.0 lacks it).
QCPColorGradient viridis() {
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.00, QColor(68, 1, 84));
    g.setColorStopAt(0.25, QColor(59, 82, 139));
    g.setColorStopAt(0.50, QColor(33, 145, 140));
    g.setColorStopAt(0.75, QColor(94, 201, 98));
    g.setColorStopAt(1.00, QColor(253, 231, 37));
    g.setNanHandling(QCPColorGradient::nhTransparent);
    return g;
}

QString formatValue(double v) { return QLocale().toString(v, 'g', 3); }

}  // namespace

HeatmapPlot::HeatmapPlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot) {
    m_title = setUpTitledPlot(m_plot, this, QStringLiteral("heatmap"), QSize(200, 180));

    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);  // cells centred on integer coordinates
    m_scale = new QCPColorScale(m_plot);
    m_scale->setType(QCPAxis::atRight);
    m_scale->setBarWidth(12);
    m_plot->plotLayout()->addElement(1, 1, m_scale);
    m_map->setColorScale(m_scale);
    m_map->setGradient(viridis());
    auto* margins = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);

    m_plot->yAxis->setRangeReversed(true);  // row 0 at the top
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->grid()->setVisible(false);
        axis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
        axis->setSubTicks(false);
        axis->setTickLength(0, 3);
    }
    m_selection = new QCPItemRect(m_plot);
    m_selection->setPen(QPen(QColor(220, 30, 60), 3));
    m_selection->setBrush(Qt::NoBrush);
    m_selection->setVisible(false);
    m_selection->setClipToAxisRect(true);

    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
        int row = -1, column = -1;
        if (event->button() == Qt::LeftButton && cellAt(event->pos(), &row, &column)) {
            setSelectedCell(row, column);
            Q_EMIT cellClicked(row, column);
        }
    });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) { showToolTip(event->pos()); });
    m_plot->setMouseTracking(true);
    PlotExport::installPlotExportMenu(m_plot, QStringLiteral("heatmap"), [this] { return toCsv(); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    rebuild();
}

HeatmapPlot::~HeatmapPlot() = default;

void HeatmapPlot::setData(const QStringList& rowLabels, const QStringList& columnLabels, const QVector<double>& values,
                          double low, double high) {
    Q_ASSERT(values.size() == rowLabels.size() * columnLabels.size());
    m_rows = rowLabels;
    m_columns = columnLabels;
    m_values = values;
    m_low = low;
    m_high = high;
    if (m_selRow >= m_rows.size() || m_selColumn >= m_columns.size()) m_selRow = m_selColumn = -1;
    rebuild();
}

void HeatmapPlot::clear() { setData({}, {}, {}); }

void HeatmapPlot::setTitle(const QString& title) {
    m_title->setText(title);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString HeatmapPlot::title() const { return m_title->text(); }

void HeatmapPlot::setAxisLabels(const QString& rows, const QString& columns) {
    m_plot->yAxis->setLabel(rows);
    m_plot->xAxis->setLabel(columns);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapPlot::setValueLabel(const QString& label) {
    m_valueLabel = label;
    m_scale->axis()->setLabel(label);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

double HeatmapPlot::value(int row, int column) const {
    if (row < 0 || column < 0 || row >= m_rows.size() || column >= m_columns.size()) return std::nan("");
    return m_values[row * m_columns.size() + column];
}

void HeatmapPlot::rebuild() {
    const int rows = m_rows.size();
    const int cols = m_columns.size();
    // Old cell texts go; the selection rectangle stays.
    for (int i = m_plot->itemCount() - 1; i >= 0; --i) {
        if (m_plot->item(i) != m_selection) m_plot->removeItem(i);
    }
    m_map->data()->setSize(qMax(cols, 1), qMax(rows, 1));
    m_map->data()->setRange(QCPRange(0, qMax(cols - 1, 0)), QCPRange(0, qMax(rows - 1, 0)));
    double lo = m_low, hi = m_high;
    if (!(lo < hi)) {
        lo = INFINITY;
        hi = -INFINITY;
        for (double v : m_values) {
            if (std::isnan(v)) continue;
            lo = qMin(lo, v);
            hi = qMax(hi, v);
        }
        if (!(lo <= hi)) lo = hi = 0.0;
        if (hi - lo < 1e-12) hi = lo + 1e-6;
    }
    if (rows == 0 || cols == 0) m_map->data()->fill(std::nan(""));
    const bool labelCells = rows * cols <= kMaxLabelledCells;
    QFont cellFont = font();
    cellFont.setPointSizeF(cellFont.pointSizeF() * (rows > 16 ? 0.7 : 0.85));
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            const double v = m_values[r * cols + c];
            m_map->data()->setCell(c, r, v);
            if (!labelCells || std::isnan(v)) continue;
            auto* text = new QCPItemText(m_plot);
            text->position->setCoords(c, r);
            text->setText(formatValue(v));
            text->setFont(cellFont);
            const double t = (v - lo) / (hi - lo);
            text->setColor(t > 0.6 ? Qt::black : Qt::white);  // readable on the dark and the yellow end
            text->setClipToAxisRect(true);
            text->setSelectable(false);
        }
    }
    m_map->setDataRange(QCPRange(lo, hi));

    auto setTicks = [](QCPAxis* axis, const QStringList& labels) {
        auto ticker = qSharedPointerCast<QCPAxisTickerText>(axis->ticker());
        ticker->clear();
        for (int i = 0; i < labels.size(); ++i) ticker->addTick(i, labels.at(i));
    };
    setTicks(m_plot->xAxis, m_columns);
    setTicks(m_plot->yAxis, m_rows);
    m_plot->xAxis->setRange(-0.5, qMax(cols, 1) - 0.5);
    m_plot->yAxis->setRange(-0.5, qMax(rows, 1) - 0.5);
    m_map->setVisible(rows > 0 && cols > 0);
    m_scale->setVisible(rows > 0 && cols > 0);
    updateSelection();
}

void HeatmapPlot::setSelectedCell(int row, int column) {
    m_selRow = row;
    m_selColumn = column;
    updateSelection();
}

void HeatmapPlot::updateSelection() {
    const bool valid = m_selRow >= 0 && m_selColumn >= 0 && m_selRow < m_rows.size() && m_selColumn < m_columns.size();
    m_selection->setVisible(valid);
    if (valid) {
        m_selection->topLeft->setCoords(m_selColumn - 0.5, m_selRow - 0.5);
        m_selection->bottomRight->setCoords(m_selColumn + 0.5, m_selRow + 0.5);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

bool HeatmapPlot::cellAt(const QPoint& pos, int* row, int* column) const {
    if (m_rows.isEmpty() || m_columns.isEmpty()) return false;
    if (!m_plot->axisRect()->rect().contains(pos)) return false;
    const int c = static_cast<int>(std::lround(m_plot->xAxis->pixelToCoord(pos.x())));
    const int r = static_cast<int>(std::lround(m_plot->yAxis->pixelToCoord(pos.y())));
    if (r < 0 || c < 0 || r >= m_rows.size() || c >= m_columns.size()) return false;
    *row = r;
    *column = c;
    return true;
}

void HeatmapPlot::showToolTip(const QPoint& pos) {
    int r = -1, c = -1;
    if (!cellAt(pos, &r, &c)) {
        QToolTip::hideText();
        return;
    }
    const double v = value(r, c);
    const QString text =
        std::isnan(v)
            ? tr("%1 · %2: no data").arg(m_rows.at(r), m_columns.at(c))
            : tr("%1 · %2: %3 = %4").arg(m_rows.at(r), m_columns.at(c), m_valueLabel, QLocale().toString(v, 'g', 6));
    QToolTip::showText(m_plot->mapToGlobal(pos), text, m_plot);
}

QString HeatmapPlot::toCsv() const {
    QString out = QStringLiteral("row");
    for (const QString& c : m_columns) out += QLatin1Char(',') + c;
    out += QLatin1Char('\n');
    for (int r = 0; r < m_rows.size(); ++r) {
        out += m_rows.at(r);
        for (int c = 0; c < m_columns.size(); ++c) {
            out += QLatin1Char(',');
            const double v = value(r, c);
            if (!std::isnan(v)) out += QString::number(v, 'g', 9);
        }
        out += QLatin1Char('\n');
    }
    return out;
}

}  // namespace ls::gui
