// The Train page: starts, pauses, resumes and cancels a run of the shared setup (a new run folder under the
// runs folder each time), shows the job's true state, progress, ETA and throughput, the engine's log, live
// curves (loss, learning rate, memory, throughput) and the adapter weights (histogram under the NF4 codes,
// update size per module). A failed run shows an error banner; the page stays usable and can start again.
#pragma once

#include <QVector>
#include <QWidget>
#include <optional>

#include "lorastudio/train.h"
#include "training_job.h"  // the metatypes of the signals

class QFrame;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace ls::gui {

class AppSettings;
class ErrorBanner;
class StatusChip;
class TrainCharts;
class TrainingSetup;
class WeightsPanel;

class TrainPage : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxLogLines = 5000;

    TrainPage(TrainingSetup& setup, TrainingJob& job, AppSettings& settings, QWidget* parent = nullptr);
    ~TrainPage() override;

    // The run folder of the current or last run started here (empty before the first).
    QString runDir() const { return m_runDir; }
    // The state the page shows: the job's.
    ls::RunState shownState() const;
    static QString stateText(ls::RunState state);

    QPushButton* startButton() const { return m_start; }
    QPushButton* pauseButton() const { return m_pause; }
    QPushButton* resumeButton() const { return m_resume; }
    QPushButton* cancelButton() const { return m_cancel; }
    StatusChip* stateChip() const { return m_chip; }
    QLabel* summaryLabel() const { return m_summary; }
    QLabel* hintLabel() const { return m_hint; }
    ErrorBanner* errorBanner() const { return m_banner; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* progressText() const { return m_stats; }
    QPlainTextEdit* logView() const { return m_log; }
    TrainCharts* charts() const { return m_charts; }
    WeightsPanel* weights() const { return m_weights; }
    QTabWidget* tabs() const { return m_tabs; }

public Q_SLOTS:
    // Starts a new run of the setup's config in a new folder under the runs folder.
    void start();
    void pause();
    void resume();
    void cancel();
    // The job's metrics: the curves, the progress bar and the figures beside it.
    void addMetrics(const QVector<ls::StepMetrics>& batch);

Q_SIGNALS:
    void runStarted(const QString& runDir);
    void runEnded(const ls::TrainResult& result);
    // The banner of a run that ran out of GPU memory offers "Fit to GPU memory": the Method page does it.
    void fitToMemoryRequested();

private:
    void onStateChanged(ls::RunState state);
    void onFinished(const ls::TrainResult& result);
    void onFailedToStart(const QString& message);
    void beginRun();
    void appendLog(const QString& line);
    void updateControls();
    void updateSummary();
    void updateStats();
    QString modelName() const;

    TrainingSetup& m_setup;
    TrainingJob& m_job;
    AppSettings& m_settings;
    bool m_runShown = false;  // the curves belong to the job's current run
    QString m_runDir;
    QString m_pending;  // "Pausing…", "Cancelling…" until the job's state follows
    std::optional<ls::StepMetrics> m_last;

    StatusChip* m_chip;
    QLabel* m_summary;
    QFrame* m_hintBox;
    QLabel* m_hint;
    ErrorBanner* m_banner;
    QPushButton* m_start;
    QPushButton* m_pause;
    QPushButton* m_resume;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_stats;
    QLabel* m_runLink;
    QTabWidget* m_tabs;
    TrainCharts* m_charts;
    WeightsPanel* m_weights;
    QPlainTextEdit* m_log;
};

}  // namespace ls::gui
