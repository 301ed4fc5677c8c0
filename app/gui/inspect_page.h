// The Inspect page: how much 4-bit quantization (NF4 and FP4 as bitsandbytes/QLoRA store them, plain int4
// for comparison) changes each linear weight of the loaded model. A heatmap of layers x module types
// coloured by the relative error of the chosen scheme; for the selected weight, the histogram of its
// block-normalised values under the scheme's code values, how often each code is used, and the error
// figures. All quantization runs on workers; errors appear in place and the page keeps working.
#pragma once

#include <QWidget>
#include <memory>

#include "quant_inspection.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace ls::gui {

class CodeHistogramPlot;
class CodeUsagePlot;
class ErrorBanner;
class HeatmapPlot;
class KeyValueCard;
class LoadingRow;
class ModelInspector;
class TensorInspector;

class InspectPage : public QWidget {
    Q_OBJECT
public:
    explicit InspectPage(QWidget* parent = nullptr);
    ~InspectPage() override;

    // The model to inspect (from the Model page). Earlier results and running work become stale. The
    // analysis starts by itself when the page is shown and the model is small; otherwise with Analyse.
    void setModel(const QString& dir, qint64 paramCount);
    QString modelDir() const { return m_dir; }

    void startInspection();
    void cancelInspection();
    bool isInspecting() const;
    // True while any job (the model or the selected weight) is running.
    bool isBusy() const;
    bool hasResults() const { return m_result != nullptr; }
    const ModelInspection* result() const { return m_result.get(); }

    void setScheme(QuantScheme scheme);
    QuantScheme scheme() const;
    void setDoubleQuant(bool on);
    bool doubleQuant() const;
    // Selects a layer and a module column (as in the heatmap); out-of-range values are ignored.
    void select(int layer, int module);
    int selectedLayer() const;
    int selectedModule() const;
    const TensorInspection* tensorResult() const { return m_tensor.get(); }

    ErrorBanner* errorBanner() const { return m_banner; }
    HeatmapPlot* heatmap() const { return m_heatmap; }
    CodeHistogramPlot* histogram() const { return m_histogram; }
    CodeUsagePlot* codeUsage() const { return m_usage; }
    KeyValueCard* errorCard() const { return m_card; }
    QComboBox* schemeCombo() const { return m_schemeCombo; }
    QCheckBox* doubleQuantCheck() const { return m_dqCheck; }
    QSpinBox* layerSpin() const { return m_layerSpin; }
    QComboBox* moduleCombo() const { return m_moduleCombo; }
    QPushButton* analyseButton() const { return m_analyse; }
    LoadingRow* runningRow() const { return m_runningRow; }
    QPushButton* cancelButton() const;
    QProgressBar* progressBar() const;

Q_SIGNALS:
    void inspectionStarted(const QString& dir);
    void inspectionFinished(int layers, int modules);
    void inspectionFailed(const QString& dir, const QString& message);
    void inspectionCanceled();
    void tensorInspected(const QString& layerName);
    // No job is running any more (after a result, a failure or a cancel).
    void settled();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void onStarted(const QString& dir);
    void onProgress(int done, int total, const QString& current);
    void onFinished(const ModelInspection& result);
    void onFailed(const QString& dir, const QString& message);
    void onCanceled();
    void onTensorFinished(const TensorInspection& result);
    void onTensorFailed(const QString& layerName, const QString& message);
    void onSchemeChanged();
    void onSelectionControlsChanged();
    void updateHeatmap();
    void inspectSelection();
    void clearSelectionDetails();
    void showEmpty(const QString& text);
    void hideRunningRow();
    void maybeSettled();

    QString m_dir;
    qint64 m_paramCount = 0;
    bool m_attempted = false;  // the current model was analysed (or tried) once
    int m_blocksize = 64;
    std::unique_ptr<ModelInspection> m_result;
    std::unique_ptr<TensorInspection> m_tensor;
    ModelInspector* m_inspector;
    TensorInspector* m_tensorInspector;
    bool m_updatingControls = false;

    ErrorBanner* m_banner;
    QComboBox* m_schemeCombo;
    QCheckBox* m_dqCheck;
    QPushButton* m_analyse;
    LoadingRow* m_runningRow;
    QStackedWidget* m_stack;
    QLabel* m_emptyText;
    QWidget* m_content;
    HeatmapPlot* m_heatmap;
    QSpinBox* m_layerSpin;
    QComboBox* m_moduleCombo;
    QLabel* m_tensorName;
    CodeHistogramPlot* m_histogram;
    CodeUsagePlot* m_usage;
    KeyValueCard* m_card;
};

}  // namespace ls::gui
