// The Train page's live curves in a 2 × 2 grid: train and eval loss (with smoothing and a log scale),
// learning rate, device memory (allocated, reserved, peak and the estimate as a dashed line; a note instead
// on CPU runs, where nothing is tracked) and throughput, all against the optimizer step. Metrics arrive in
// batches; each chart redraws on its own timer.
#pragma once

#include <QVector>
#include <QWidget>

#include "lorastudio/train.h"

class QCheckBox;
class QLabel;
class QSlider;

namespace ls::gui {

class LivePlot;

class TrainCharts : public QWidget {
    Q_OBJECT
public:
    // Series indices.
    static constexpr int kTrainLoss = 0, kEvalLoss = 1;
    static constexpr int kAllocated = 0, kReserved = 1, kPeak = 2;
    static constexpr double kDefaultSmoothing = 0.6;

    explicit TrainCharts(QWidget* parent = nullptr);

    // In step order. A batch that starts at or before the last step shown (a run resumed from an earlier
    // checkpoint) replaces the curves from that step on.
    void addMetrics(const QVector<ls::StepMetrics>& batch);
    void clear();
    // CUDA runs show the memory chart with the estimate (bytes; 0 = none); CPU runs a note instead.
    void setMemoryTracked(bool tracked, qint64 estimateBytes = 0);
    bool memoryTracked() const { return m_memoryTracked; }
    // Smoothing of the train loss, 0 .. 0.99.
    void setSmoothing(double weight);
    double smoothing() const;

    LivePlot* lossPlot() const { return m_loss; }
    LivePlot* learningRatePlot() const { return m_lr; }
    LivePlot* memoryPlot() const { return m_memory; }
    LivePlot* throughputPlot() const { return m_throughput; }
    QSlider* smoothingSlider() const { return m_smoothing; }
    QCheckBox* logScaleCheck() const { return m_logScale; }
    const QVector<LivePlot*>& plots() const { return m_plots; }

private:
    void onSmoothingChanged(int value);

    LivePlot* m_loss;
    LivePlot* m_lr;
    LivePlot* m_memory;
    LivePlot* m_throughput;
    QVector<LivePlot*> m_plots;
    QSlider* m_smoothing;
    QLabel* m_smoothingValue;
    QCheckBox* m_logScale;
    bool m_memoryTracked = true;
    qint64 m_lastStep = 0;
};

}  // namespace ls::gui
