#include "training_job.h"

#include <QDir>
#include <QThread>
#include <QTimer>

namespace ls::gui {

namespace {
void registerTypes() {
    static const bool done = [] {
        qRegisterMetaType<ls::StepMetrics>();
        qRegisterMetaType<QVector<ls::StepMetrics>>();
        qRegisterMetaType<ls::WeightSnapshot>();
        qRegisterMetaType<ls::TrainResult>();
        qRegisterMetaType<ls::RunState>();
        return true;
    }();
    (void)done;
}
}  // namespace

TrainingJob::TrainingJob(QObject* parent) : QObject(parent), m_queue(std::make_shared<Queue>()) {
    registerTypes();
    m_timer = new QTimer(this);
    m_timer->setInterval(kDrainIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &TrainingJob::drain);
}

TrainingJob::~TrainingJob() {
    if (m_thread) {
        if (m_session) m_session->cancel();
        m_thread->wait();
        delete m_thread;
    }
}

bool TrainingJob::start(const ls::TrainConfig& config, const QString& runDir) {
    if (isActive()) {
        Q_EMIT failedToStart(tr("A training run is already active."));
        return false;
    }
    try {
        auto session = ls::TrainingSession::create(config, runDir.toStdString());
        m_config = config;
        m_runDir = runDir;
        return launch(std::move(session));
    } catch (const std::exception& e) {
        Q_EMIT failedToStart(QString::fromUtf8(e.what()));
        return false;
    }
}

bool TrainingJob::resumeFrom(const QString& checkpointDir) {
    if (isActive()) {
        Q_EMIT failedToStart(tr("A training run is already active."));
        return false;
    }
    try {
        auto session = ls::TrainingSession::resume(checkpointDir.toStdString());
        m_config = session->config();
        m_runDir = QString::fromStdString(session->runDir().string());
        return launch(std::move(session));
    } catch (const std::exception& e) {
        Q_EMIT failedToStart(QString::fromUtf8(e.what()));
        return false;
    }
}

bool TrainingJob::launch(std::unique_ptr<ls::TrainingSession> session) {
    if (m_thread) {  // the previous run's worker has ended (not active); reap it
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    m_queue = std::make_shared<Queue>();
    m_session = std::move(session);
    std::shared_ptr<Queue> q = m_queue;
    ls::TrainingSession* s = m_session.get();
    m_thread = QThread::create([q, s] {
        ls::TrainCallbacks cb;
        cb.onMetrics = [q](const ls::StepMetrics& m) {
            std::lock_guard<std::mutex> lock(q->mutex);
            q->metrics.push_back(m);
        };
        cb.onSnapshot = [q](const ls::WeightSnapshot& w) {
            std::lock_guard<std::mutex> lock(q->mutex);
            q->snapshot = w;
        };
        cb.onLog = [q](const std::string& line) {
            std::lock_guard<std::mutex> lock(q->mutex);
            q->logs.push_back(line);
        };
        cb.onState = [q](ls::RunState st) {
            std::lock_guard<std::mutex> lock(q->mutex);
            q->states.push_back(st);
        };
        ls::TrainResult r;
        try {
            r = s->run(cb);  // run() returns errors as values; this catch is a last line of defence
        } catch (const std::exception& e) {
            r.state = ls::RunState::Failed;
            r.message = e.what();
        } catch (...) {
            r.state = ls::RunState::Failed;
            r.message = "training failed with an unknown error";
        }
        std::lock_guard<std::mutex> lock(q->mutex);
        q->result = r;
    });
    connect(m_thread, &QThread::finished, this, &TrainingJob::onWorkerDone, Qt::QueuedConnection);
    m_state = ls::RunState::Running;
    Q_EMIT stateChanged(m_state);
    m_thread->start();
    m_timer->start();
    return true;
}

void TrainingJob::pause() {
    if (m_session && m_state == ls::RunState::Running) m_session->pause();
}

void TrainingJob::resume() {
    if (m_session && isActive()) m_session->resume();
}

void TrainingJob::cancel() {
    if (m_session && isActive()) m_session->cancel();
}

bool TrainingJob::wait(int timeoutMs) { return !m_thread || m_thread->wait(timeoutMs); }

void TrainingJob::drain() {
    std::vector<ls::StepMetrics> batch;
    std::vector<std::string> logs;
    std::vector<ls::RunState> states;
    std::optional<ls::WeightSnapshot> snap;
    {
        std::lock_guard<std::mutex> lock(m_queue->mutex);
        batch.swap(m_queue->metrics);
        logs.swap(m_queue->logs);
        states.swap(m_queue->states);
        snap.swap(m_queue->snapshot);
    }
    for (const auto& line : logs) Q_EMIT logLine(QString::fromStdString(line));
    if (!batch.empty()) Q_EMIT metrics(QVector<ls::StepMetrics>(batch.begin(), batch.end()));
    if (snap) Q_EMIT snapshot(*snap);
    for (ls::RunState st : states) {
        // Terminal states are announced with the result in onWorkerDone.
        if (st != ls::RunState::Running && st != ls::RunState::Paused) continue;
        if (st != m_state) {
            m_state = st;
            Q_EMIT stateChanged(m_state);
        }
    }
}

void TrainingJob::onWorkerDone() {
    drain();
    m_timer->stop();
    ls::TrainResult r;
    {
        std::lock_guard<std::mutex> lock(m_queue->mutex);
        if (m_queue->result) r = *m_queue->result;
    }
    if (r.state != ls::RunState::Finished && r.state != ls::RunState::Cancelled) r.state = ls::RunState::Failed;
    m_session.reset();
    m_state = r.state;
    Q_EMIT stateChanged(m_state);
    Q_EMIT finished(r);
}

}  // namespace ls::gui
