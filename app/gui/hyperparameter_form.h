// The Method page's hyperparameters: the adapter (rank, alpha, dropout, rsLoRA) and the run (learning
// rate and schedule, length in steps or epochs, batch, accumulation, sequence length, gradient
// checkpointing, CUDA graphs, activation offload, weight streaming, eval split, device). setConfig() shows
// a TrainConfig without emitting edited(); applyTo() writes the fields back.
#pragma once

#include <QWidget>

#include "lorastudio/train.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace ls::gui {

class HyperparameterForm : public QWidget {
    Q_OBJECT
public:
    // Without CUDA the device choice offers only the CPU (CUDA is shown disabled, with the reason).
    explicit HyperparameterForm(bool cudaAvailable, QWidget* parent = nullptr);

    void setConfig(const ls::TrainConfig& config);
    void applyTo(ls::TrainConfig& config) const;
    // The model's max_position_embeddings, to warn about longer sequences (0: no model).
    void setContextLength(qint64 positions);
    // The model's decoder layers: at most this many can stream their weights (0: no model, up to 1000).
    void setLayerCount(int layers);
    // The chosen method: QLoRA's 4-bit weights do not stream, so the field is greyed out (its value kept).
    void setMethod(ls::LoraMethod method);

    QSpinBox* rankSpin() const { return m_rank; }
    QDoubleSpinBox* alphaSpin() const { return m_alpha; }
    QDoubleSpinBox* dropoutSpin() const { return m_dropout; }
    QCheckBox* rsloraCheck() const { return m_rslora; }
    QLineEdit* learningRateEdit() const { return m_lr; }
    QComboBox* scheduleCombo() const { return m_schedule; }
    QSpinBox* warmupSpin() const { return m_warmup; }
    QComboBox* lengthUnitCombo() const { return m_lengthUnit; }  // 0 steps, 1 epochs
    QSpinBox* stepsSpin() const { return m_steps; }
    QDoubleSpinBox* epochsSpin() const { return m_epochs; }
    QSpinBox* batchSpin() const { return m_batch; }
    QSpinBox* accumulationSpin() const { return m_accum; }
    QSpinBox* seqLenSpin() const { return m_seqLen; }
    QCheckBox* checkpointingCheck() const { return m_checkpointing; }
    QCheckBox* cudaGraphsCheck() const { return m_cudaGraphs; }
    QCheckBox* offloadCheck() const { return m_offload; }
    QSpinBox* streamedLayersSpin() const { return m_streamed; }
    QDoubleSpinBox* evalPercentSpin() const { return m_evalPercent; }
    QComboBox* deviceCombo() const { return m_device; }

    // "2e-4" for 0.0002; plain decimals from 0.01 up.
    static QString formatLearningRate(double lr);
    // Accepts "2e-4", "0.0002", "2E-4" (and the current locale's decimal separator); false when invalid.
    static bool parseLearningRate(const QString& text, double* lr);

Q_SIGNALS:
    // The user changed a field.
    void edited();

private:
    void onEdited();
    void updateHints();

    bool m_syncing = false;
    qint64 m_context = 0;
    ls::LoraMethod m_method = ls::LoraMethod::Lora;

    QSpinBox* m_rank;
    QDoubleSpinBox* m_alpha;
    QLabel* m_scalingHint;
    QDoubleSpinBox* m_dropout;
    QCheckBox* m_rslora;
    QLineEdit* m_lr;
    QComboBox* m_schedule;
    QSpinBox* m_warmup;
    QSpinBox* m_steps;
    QDoubleSpinBox* m_epochs;
    QComboBox* m_lengthUnit;
    QSpinBox* m_batch;
    QSpinBox* m_accum;
    QLabel* m_effectiveHint;
    QSpinBox* m_seqLen;
    QLabel* m_seqLenHint;
    QCheckBox* m_checkpointing;
    QCheckBox* m_cudaGraphs;
    QCheckBox* m_offload;
    QSpinBox* m_streamed;
    QDoubleSpinBox* m_evalPercent;
    QComboBox* m_device;
};

}  // namespace ls::gui
