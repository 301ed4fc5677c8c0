// The Train page's live look at the adapter weights, from the engine's weight snapshots: the histogram of
// one snapshotted tensor (lora_A or lora_B of a module) under the 16 NF4 code values scaled by the tensor's
// absmax, and the size of every module's update ‖scaling·B·A‖ as bars grouped by decoder layer.
#pragma once

#include <QVector>
#include <QWidget>
#include <optional>

#include "lorastudio/train.h"

class QComboBox;
class QLabel;
class QStackedWidget;

namespace ls::gui {

class CodeHistogramPlot;
class UpdateNormPlot;

class WeightsPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kHistogramBins = 61;  // odd: 0 is the middle of a bin

    explicit WeightsPanel(QWidget* parent = nullptr);

    // Replaces what is shown; the chosen module and tensor stay chosen when the new snapshot has them.
    void setSnapshot(const ls::WeightSnapshot& snapshot);
    // Back to the empty state, showing `text` (why there is nothing yet).
    void clear(const QString& text);

    bool hasSnapshot() const { return m_snapshot.has_value(); }
    qint64 snapshotStep() const { return m_snapshot ? m_snapshot->step : -1; }
    // Selects a module / a tensor ("lora_A", "lora_B") by name; false when the snapshot lacks it.
    bool selectModule(const QString& module);
    bool selectTensor(const QString& tensor);
    QString currentModule() const;
    QString currentTensor() const;

    CodeHistogramPlot* histogram() const { return m_histogram; }
    UpdateNormPlot* normPlot() const { return m_norms; }
    UpdateNormPlot* quantRatioPlot() const { return m_quantRatio; }
    QComboBox* moduleCombo() const { return m_moduleCombo; }
    QComboBox* tensorCombo() const { return m_tensorCombo; }
    QString emptyText() const;

    // "model.layers.0.self_attn.q_proj" -> "q", "…mlp.down_proj" -> "down", "lm_head" -> "lm_head".
    static QString moduleType(const QString& module);

private:
    void fillModules();
    void fillTensors();
    void showHistogram();
    void showNorms();

    std::optional<ls::WeightSnapshot> m_snapshot;
    bool m_filling = false;
    QStackedWidget* m_stack;
    QLabel* m_empty;
    QComboBox* m_moduleCombo;
    QLabel* m_moduleLabel;
    QComboBox* m_tensorCombo;
    QLabel* m_stepLabel;
    CodeHistogramPlot* m_histogram;
    UpdateNormPlot* m_norms;
    UpdateNormPlot* m_quantRatio = nullptr;
};

}  // namespace ls::gui
