// The Method & targets page: LoRA, LoRA-FA or QLoRA as three cards, the adapter's and the run's
// hyperparameters, the linear modules that get an adapter (picked in a tree built from the model's
// config.json), the live trainable-parameter count, and the memory each method would need side by side
// against the device's capacity, with "Fit to GPU memory" (ls::fitToMemory) when the chosen method's bar is
// tight or exceeds the GPU. Everything is read from and written to the shared TrainingSetup; the estimate is
// computed from the config alone (no weights are read), on every change.
#pragma once

#include <QWidget>
#include <functional>
#include <vector>

#include "lorastudio/memory_estimate.h"
#include "lorastudio/train.h"

class QLabel;
class QPushButton;
class QStackedWidget;

namespace ls::gui {

class ChoiceCard;
class ErrorBanner;
class HyperparameterForm;
class MemoryBarsPlot;
class TargetTree;
class TrainingSetup;

class MethodPage : public QWidget {
    Q_OBJECT
public:
    explicit MethodPage(TrainingSetup& setup, QWidget* parent = nullptr);
    ~MethodPage() override;

    ChoiceCard* methodCard(ls::LoraMethod method) const;
    HyperparameterForm* form() const { return m_form; }
    TargetTree* targetTree() const { return m_tree; }
    MemoryBarsPlot* memoryPlot() const { return m_memory; }
    ErrorBanner* targetBanner() const { return m_banner; }
    QLabel* trainableLabel() const { return m_trainable; }
    // "Fit to GPU memory": shown on CUDA with a model while the chosen method's estimate is above
    // MemoryBarsPlot::kTightShare of the GPU's memory (Ctrl+Shift+F clicks it). The line under it says what a
    // click did, until the next change of the settings.
    QPushButton* fitButton() const { return m_fit; }
    QLabel* fitMessage() const { return m_fitMessage; }
    // What the button does (also for a run that ran out of memory): turns on what ls::fitToMemory picks for
    // kGpuBudgetShare of the capacity, or says that nothing fits.
    void fitToGpuMemory();

    // For tests on machines without a GPU: `bytes` stands in for deviceMemoryBytes() of whichever device is
    // chosen (the bars' capacity and the fit's budget); a negative value asks the device again.
    void setDeviceCapacityForTesting(qint64 bytes);

    // The estimates for LoRA, LoRA-FA and QLoRA with the current settings; empty without a model or with a
    // selection that matches nothing.
    const std::vector<ls::MemoryBreakdown>& estimates() const { return m_estimates; }
    // Trainable parameters of the chosen method (as the engine counts them); -1 when there is no estimate.
    qint64 trainableParams() const;
    // The one-line message about the target selection shown in the banner; empty when it is valid.
    QString targetProblem() const { return m_problem; }

private:
    void onModelChanged();
    void onSetupChanged();
    void onTargetsEdited();
    void edit(const std::function<void(ls::TrainConfig&)>& change);
    void showConfig();
    void updateTargetStatus();
    void updateEstimates();
    void updateFitButton();
    void showFitMessage(const QString& text, bool problem);
    qint64 capacity() const;

    TrainingSetup& m_setup;
    std::vector<ls::LinearModuleInfo> m_modules;
    std::vector<ls::MemoryBreakdown> m_estimates;
    QString m_problem;
    bool m_writing = false;  // our own update() is running: the widgets already show it
    qint64 m_testCapacity = -1;

    ChoiceCard* m_cards[3];
    ErrorBanner* m_banner;
    HyperparameterForm* m_form;
    QStackedWidget* m_stack;
    TargetTree* m_tree;
    QLabel* m_trainable;
    QLabel* m_memorySubtitle;
    MemoryBarsPlot* m_memory;
    QPushButton* m_fit;
    QLabel* m_fitMessage;
};

}  // namespace ls::gui
