#include "overlay_plot.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include "plot_export.h"

namespace ls::gui {

namespace {
const QColor kPalette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                           QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                           QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f)};
}

OverlayPlot::OverlayPlot(const QString& xLabel, const QString& yLabel, QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->xAxis->setLabel(xLabel);
    m_plot->yAxis->setLabel(yLabel);
    m_plot->legend->setVisible(true);
    m_plot->legend->setFont(font());
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setMinimumHeight(180);
    PlotExport::installPlotExportMenu(m_plot, QStringLiteral("runs"), [this] { return csv(); });
}

void OverlayPlot::setCurves(const QVector<OverlayCurve>& curves) {
    m_curves = curves;
    m_plot->clearGraphs();
    for (int i = 0; i < curves.size(); ++i) {
        QCPGraph* g = m_plot->addGraph();
        g->setName(curves[i].name);
        g->setPen(QPen(kPalette[i % 8], 1.8));
        g->setData(curves[i].x, curves[i].y, /*alreadySorted=*/true);
    }
    m_plot->legend->setVisible(!curves.isEmpty());
    m_plot->rescaleAxes();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int OverlayPlot::curveCount() const { return m_curves.size(); }

int OverlayPlot::pointCount(int curve) const {
    return curve >= 0 && curve < m_curves.size() ? m_curves[curve].x.size() : 0;
}

QString OverlayPlot::csv() const {
    QString out = QStringLiteral("curve,x,y\n");
    for (const auto& c : m_curves)
        for (int i = 0; i < c.x.size(); ++i)
            out += QStringLiteral("\"%1\",%2,%3\n").arg(c.name).arg(c.x[i], 0, 'g', 10).arg(c.y[i], 0, 'g', 10);
    return out;
}

}  // namespace ls::gui
