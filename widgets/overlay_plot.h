// Several curves on one chart, each with its own colour and legend entry (e.g. the loss of several runs).
// Plain data in; right-click exports PNG/SVG/CSV.
#pragma once

#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;

namespace ls::gui {

struct OverlayCurve {
    QString name;
    QVector<double> x, y;
};

class OverlayPlot : public QWidget {
    Q_OBJECT
public:
    explicit OverlayPlot(const QString& xLabel, const QString& yLabel, QWidget* parent = nullptr);

    void setCurves(const QVector<OverlayCurve>& curves);
    int curveCount() const;
    int pointCount(int curve) const;
    QCustomPlot* plot() const { return m_plot; }
    QString csv() const;

private:
    QCustomPlot* m_plot;
    QVector<OverlayCurve> m_curves;
};

}  // namespace ls::gui
