#include "memory_bars_plot.h"

#include <qcustomplot.h>

#include <QLocale>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "format.h"
#include "plot_export.h"

namespace ls::gui {

namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kBarWidth = 0.62;
constexpr double kHeadroom = 1.24;  // room above the tallest bar (or the capacity) for the labels
constexpr int kWideLegend = 400;    // from this width the legend has three columns, below two

// Segment colours, bottom to top (Tableau 10, colour-blind friendly enough for six neighbours).
const QColor kSegmentColors[] = {QColor(0x4e, 0x79, 0xa7), QColor(0x59, 0xa1, 0x4f), QColor(0xf2, 0x8e, 0x2b),
                                 QColor(0xb0, 0x7a, 0xa1), QColor(0x76, 0xb7, 0xb2), QColor(0xba, 0xb0, 0xac),
                                 QColor(0xed, 0xc9, 0x48), QColor(0xe1, 0x57, 0x59)};
const QColor kCapacityColor(0xc6, 0x28, 0x28);

QColor fitColor(MemoryBarsPlot::Fit fit) {
    switch (fit) {
        case MemoryBarsPlot::Fit::Fits:
            return QColor(0x2e, 0x7d, 0x32);
        case MemoryBarsPlot::Fit::Tight:
            return QColor(0xb2, 0x6a, 0x00);
        case MemoryBarsPlot::Fit::Exceeds:
            return kCapacityColor;
        case MemoryBarsPlot::Fit::Unknown:
            break;
    }
    return QColor(Qt::gray);
}

}  // namespace

qint64 MemoryBarsPlot::Bar::total() const {
    qint64 sum = 0;
    for (qint64 s : segments) sum += s;
    return sum;
}

MemoryBarsPlot::MemoryBarsPlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot) {
    m_plot->setObjectName(QStringLiteral("memoryBars"));
    m_plot->setMinimumSize(220, 220);
    m_plot->setBackground(palette().base());

    // Row 0: the capacity; row 1: the bars; row 2: the legend.
    m_plot->plotLayout()->insertRow(0);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.92);
    m_capacityTitle = new QCPTextElement(m_plot, QString(), small);
    m_capacityTitle->setTextColor(palette().color(QPalette::PlaceholderText));
    m_plot->plotLayout()->addElement(0, 0, m_capacityTitle);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->addElement(2, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(2, 0.001);
    m_plot->plotLayout()->setRowSpacing(2);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(3);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setBrush(Qt::NoBrush);
    m_plot->legend->setFont(small);
    m_plot->legend->setIconSize(14, 10);
    m_plot->legend->setColumnSpacing(10);
    m_plot->legend->setRowSpacing(0);
    m_plot->legend->setMargins(QMargins(4, 0, 4, 4));

    m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
    m_plot->xAxis->setSubTicks(false);
    m_plot->xAxis->setTickLength(0, 0);
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->yAxis->grid()->setPen(QPen(QColor(0, 0, 0, 40), 1, Qt::DotLine));
    m_plot->yAxis->setNumberFormat(QStringLiteral("g"));

    m_highlight = new QCPItemRect(m_plot);
    m_highlight->setLayer(QStringLiteral("background"));
    QColor tint = palette().color(QPalette::Highlight);
    tint.setAlpha(34);
    m_highlight->setBrush(tint);
    m_highlight->setPen(Qt::NoPen);
    m_highlight->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_highlight->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_highlight->setVisible(false);

    m_capacityLine = new QCPItemStraightLine(m_plot);
    m_capacityLine->setPen(QPen(kCapacityColor, 1.5, Qt::DashLine));
    m_capacityText = new QCPItemText(m_plot);
    m_capacityText->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    m_capacityText->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    m_capacityText->setColor(kCapacityColor);
    m_capacityText->setFont(small);
    m_capacityText->setPadding(QMargins(0, 0, 4, 1));
    m_capacityText->setClipToAxisRect(false);

    m_emptyText = new QCPItemText(m_plot);
    m_emptyText->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_emptyText->position->setCoords(0.5, 0.45);
    m_emptyText->setPositionAlignment(Qt::AlignCenter);
    m_emptyText->setTextAlignment(Qt::AlignCenter);
    m_emptyText->setColor(palette().color(QPalette::PlaceholderText));
    m_emptyText->setText(tr("No estimate"));

    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) { showToolTip(event->pos()); });
    m_plot->setMouseTracking(true);
    PlotExport::installPlotExportMenu(m_plot, QStringLiteral("memory_estimate"), [this] { return toCsv(); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    rebuild();
}

MemoryBarsPlot::~MemoryBarsPlot() = default;

void MemoryBarsPlot::setSegments(const QStringList& names) {
    for (QCPBars* bars : m_stack) m_plot->removePlottable(bars);
    m_stack.clear();
    m_segmentNames = names;
    QCPBars* below = nullptr;
    for (int i = 0; i < names.size(); ++i) {
        auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        bars->setName(names[i]);
        bars->setWidth(kBarWidth);
        bars->setStackingGap(0);
        bars->setBrush(kSegmentColors[i % int(std::size(kSegmentColors))]);
        bars->setPen(QPen(palette().color(QPalette::Base), 1));
        if (below) bars->moveAbove(below);
        below = bars;
        m_stack << bars;
    }
    m_bars.clear();
    rebuild();
}

void MemoryBarsPlot::setBars(const QVector<Bar>& bars) {
    m_bars = bars;
    for (Bar& bar : m_bars) bar.segments.resize(m_segmentNames.size());
    if (m_highlighted >= m_bars.size()) m_highlighted = -1;
    rebuild();
}

void MemoryBarsPlot::setCapacity(qint64 bytes, const QString& label) {
    m_capacity = std::max<qint64>(bytes, 0);
    m_capacityLabel = label;
    rebuild();
}

void MemoryBarsPlot::setHighlighted(int index) {
    m_highlighted = index >= 0 && index < m_bars.size() ? index : -1;
    rebuild();
}

void MemoryBarsPlot::clear() { setBars({}); }

void MemoryBarsPlot::setEmptyText(const QString& text) {
    m_emptyText->setText(text);
    rebuild();
}

void MemoryBarsPlot::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    const int columns = width() >= kWideLegend ? 3 : 2;
    if (m_plot->legend->wrap() != columns) {
        m_plot->legend->setWrap(columns);
        m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

MemoryBarsPlot::Fit MemoryBarsPlot::fitFor(qint64 total, qint64 capacity) {
    if (capacity <= 0) return Fit::Unknown;
    if (total > capacity) return Fit::Exceeds;
    if (static_cast<double>(total) > kTightShare * static_cast<double>(capacity)) return Fit::Tight;
    return Fit::Fits;
}

MemoryBarsPlot::Fit MemoryBarsPlot::fitOf(int index) const {
    if (index < 0 || index >= m_bars.size()) return Fit::Unknown;
    return fitFor(m_bars[index].total(), m_capacity);
}

QString MemoryBarsPlot::fitText(Fit fit) const {
    switch (fit) {
        case Fit::Fits:
            return tr("fits");
        case Fit::Tight:
            return tr("tight");
        case Fit::Exceeds:
            return tr("exceeds");
        case Fit::Unknown:
            break;
    }
    return {};
}

QString MemoryBarsPlot::barText(int index) const {
    if (index < 0 || index >= m_bars.size()) return {};
    const QString total = humanBytes(static_cast<quint64>(m_bars[index].total()));
    const Fit fit = fitOf(index);
    return fit == Fit::Unknown ? total : tr("%1 · %2").arg(total, fitText(fit));
}

QString MemoryBarsPlot::unitName() const { return m_unit == kGiB ? tr("GiB") : tr("MiB"); }

bool MemoryBarsPlot::capacityOnScale() const {
    qint64 tallest = 0;
    for (const Bar& bar : m_bars) tallest = std::max(tallest, bar.total());
    return m_capacity > 0 && tallest > 0 &&
           static_cast<double>(m_capacity) <= kOffScaleFactor * static_cast<double>(tallest);
}

void MemoryBarsPlot::rebuild() {
    for (QCPItemText* label : m_labels) m_plot->removeItem(label);
    m_labels.clear();

    qint64 tallest = 0;
    for (const Bar& bar : m_bars) tallest = std::max(tallest, bar.total());
    const bool onScale = capacityOnScale();
    const double topBytes = std::max<double>(
        onScale ? static_cast<double>(std::max(m_capacity, tallest)) : static_cast<double>(tallest), 1.0);
    m_unit = topBytes >= kGiB ? kGiB : kMiB;

    // The stacked segments.
    QVector<double> keys;
    for (int i = 0; i < m_bars.size(); ++i) keys << i + 1;
    for (int s = 0; s < m_stack.size(); ++s) {
        QVector<double> values;
        for (const Bar& bar : m_bars) values << static_cast<double>(bar.segments.value(s)) / m_unit;
        m_stack[s]->setData(keys, values, true);
    }

    // Tick labels, the highlighted bar's marked.
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(m_plot->xAxis->ticker());
    ticker->clear();
    for (int i = 0; i < m_bars.size(); ++i)
        ticker->addTick(i + 1, i == m_highlighted ? tr("%1\n(chosen)").arg(m_bars[i].label) : m_bars[i].label);
    m_highlight->setVisible(m_highlighted >= 0);
    if (m_highlighted >= 0) {
        m_highlight->topLeft->setCoords(m_highlighted + 1 - 0.46, 0.0);
        m_highlight->bottomRight->setCoords(m_highlighted + 1 + 0.46, 1.0);
    }

    // Above each bar: the total, and above that whether it fits.
    QFont bold = font();
    bold.setBold(true);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.92);
    for (int i = 0; i < m_bars.size(); ++i) {
        auto* total = new QCPItemText(m_plot);
        total->position->setCoords(i + 1, static_cast<double>(m_bars[i].total()) / m_unit);
        total->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        total->setText(humanBytes(static_cast<quint64>(m_bars[i].total())));
        total->setFont(small);
        total->setColor(palette().color(QPalette::Text));
        total->setPadding(QMargins(2, 0, 2, 2));
        m_labels << total;
        const Fit fit = fitOf(i);
        if (fit == Fit::Unknown) continue;
        auto* status = new QCPItemText(m_plot);
        status->position->setParentAnchor(total->top);
        status->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        status->setText(fitText(fit));
        status->setFont(bold);
        status->setColor(fitColor(fit));
        m_labels << status;
    }

    // The capacity: a dashed line when it is on the scale, and always named above the plot.
    m_capacityLine->setVisible(onScale);
    m_capacityText->setVisible(onScale);
    const QString capacity = humanBytes(static_cast<quint64>(m_capacity));
    if (onScale) {
        const double y = static_cast<double>(m_capacity) / m_unit;
        m_capacityLine->point1->setCoords(0, y);
        m_capacityLine->point2->setCoords(1, y);
        m_capacityText->position->setCoords(1.0, y);
        m_capacityText->setText(m_capacityLabel.isEmpty() ? capacity : tr("%1 %2").arg(m_capacityLabel, capacity));
    }
    if (m_capacity <= 0)
        m_capacityTitle->setText(tr("Device capacity unknown"));
    else if (m_bars.isEmpty())
        m_capacityTitle->setText(tr("%1 %2").arg(m_capacityLabel, capacity).simplified());
    else if (onScale)
        m_capacityTitle->setText(tr("Dashed line: %1 %2").arg(m_capacityLabel, capacity).simplified());
    else
        m_capacityTitle->setText(tr("%1 %2, far above these bars").arg(m_capacityLabel, capacity).simplified());

    // Without bars: the message instead of a meaningless scale.
    const bool empty = m_bars.isEmpty();
    m_emptyText->setVisible(empty);
    m_plot->yAxis->setTickLabels(!empty);
    m_plot->yAxis->setTicks(!empty);
    m_plot->yAxis->grid()->setVisible(!empty);
    m_plot->yAxis->setLabel(empty ? QString() : tr("memory (%1)").arg(unitName()));
    m_plot->yAxis->setRange(0, topBytes * kHeadroom / m_unit);
    m_plot->xAxis->setRange(0.4, std::max<int>(m_bars.size(), 1) + 0.6);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void MemoryBarsPlot::showToolTip(const QPoint& pos) {
    const double key = m_plot->xAxis->pixelToCoord(pos.x());
    const int index = static_cast<int>(std::lround(key)) - 1;
    if (index < 0 || index >= m_bars.size() || std::abs(key - (index + 1)) > kBarWidth / 2 ||
        !m_plot->axisRect()->rect().contains(pos)) {
        QToolTip::hideText();
        return;
    }
    const Bar& bar = m_bars[index];
    QString text = QStringLiteral("<b>%1</b>: %2").arg(bar.label.toHtmlEscaped(), barText(index).toHtmlEscaped());
    for (int s = m_segmentNames.size() - 1; s >= 0; --s)
        text += QStringLiteral("<br>%1: %2")
                    .arg(m_segmentNames[s].toHtmlEscaped(), humanBytes(static_cast<quint64>(bar.segments.value(s))));
    if (m_capacity > 0)
        text += QStringLiteral("<br>") +
                tr("%1 of %2 %3")
                    .arg(QLocale().toString(100.0 * static_cast<double>(bar.total()) / static_cast<double>(m_capacity),
                                            'f', 0) +
                             QLatin1Char('%'),
                         m_capacityLabel, humanBytes(static_cast<quint64>(m_capacity)))
                    .toHtmlEscaped();
    QToolTip::showText(m_plot->mapToGlobal(pos), text, m_plot);
}

QString MemoryBarsPlot::toCsv() const {
    QString out = QStringLiteral("bar");
    for (const QString& name : m_segmentNames) out += QLatin1Char(',') + name;
    out += QStringLiteral(",total,capacity\n");
    for (const Bar& bar : m_bars) {
        out += bar.label;
        for (qint64 s : bar.segments) out += QLatin1Char(',') + QString::number(s);
        out += QStringLiteral(",%1,%2\n").arg(bar.total()).arg(m_capacity);
    }
    return out;
}

}  // namespace ls::gui
