// The bridge between the GUI and the engine: runs an ls::TrainingSession on a worker thread. The engine's
// callbacks only queue values under a mutex; a timer on the GUI thread drains the queue at most ~30 times
// a second and emits batches, so a flood of metrics never floods the event loop. Every outcome, errors
// included, arrives as a value in finished(); nothing from the engine can throw into the GUI.
#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QVector>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "lorastudio/train.h"

class QThread;
class QTimer;

namespace ls::gui {

class TrainingJob : public QObject {
    Q_OBJECT
public:
    static constexpr int kDrainIntervalMs = 33;

    explicit TrainingJob(QObject* parent = nullptr);
    ~TrainingJob() override;  // cancels a running job and waits for it (the checkpoint is written)

    // A new run in runDir; false (and failed() with the reason) when a job is already active or the
    // config is refused. Only one job at a time.
    bool start(const ls::TrainConfig& config, const QString& runDir);
    // Continues the run a checkpoint belongs to.
    bool resumeFrom(const QString& checkpointDir);
    void pause();
    void resume();
    void cancel();

    // The true state: Idle before the first start, then Running / Paused / Finished / Failed / Cancelled.
    ls::RunState state() const { return m_state; }
    bool isActive() const { return m_state == ls::RunState::Running || m_state == ls::RunState::Paused; }
    QString runDir() const { return m_runDir; }
    const ls::TrainConfig& config() const { return m_config; }
    // Blocks until the worker ends (tests); returns false on timeout.
    bool wait(int timeoutMs);

Q_SIGNALS:
    void stateChanged(ls::RunState state);
    void metrics(const QVector<ls::StepMetrics>& batch);  // in step order, never empty
    void snapshot(const ls::WeightSnapshot& latest);      // only the newest of a drain interval
    void logLine(const QString& line);
    void finished(const ls::TrainResult& result);
    void failedToStart(const QString& message);

private:
    bool launch(std::unique_ptr<ls::TrainingSession> session);
    void drain();
    void onWorkerDone();

    struct Queue {
        std::mutex mutex;
        std::vector<ls::StepMetrics> metrics;
        std::vector<std::string> logs;
        std::vector<ls::RunState> states;
        std::optional<ls::WeightSnapshot> snapshot;
        std::optional<ls::TrainResult> result;
    };
    std::shared_ptr<Queue> m_queue;
    std::unique_ptr<ls::TrainingSession> m_session;
    QThread* m_thread = nullptr;
    QTimer* m_timer = nullptr;
    ls::RunState m_state = ls::RunState::Idle;
    QString m_runDir;
    ls::TrainConfig m_config;
};

}  // namespace ls::gui

Q_DECLARE_METATYPE(ls::StepMetrics)
Q_DECLARE_METATYPE(ls::WeightSnapshot)
Q_DECLARE_METATYPE(ls::TrainResult)
Q_DECLARE_METATYPE(ls::RunState)
