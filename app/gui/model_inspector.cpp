#include "model_inspector.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace ls::gui {

namespace {

constexpr int kPollMs = 33;

struct Outcome {
    bool ok = false;
    bool canceled = false;
    ModelInspection result;
    QString error;
};

}  // namespace

ModelInspector::ModelInspector(QObject* parent) : QObject(parent), m_poll(new QTimer(this)) {
    static const int registered = qRegisterMetaType<ls::gui::ModelInspection>();
    Q_UNUSED(registered);
    m_poll->setInterval(kPollMs);
    connect(m_poll, &QTimer::timeout, this, &ModelInspector::poll);
}

ModelInspector::~ModelInspector() {
    if (m_progress) m_progress->cancel = true;  // the worker stops at its next layer; its result is dropped
}

void ModelInspector::start(const QString& dir, int blocksize) {
    if (m_progress) m_progress->cancel = true;
    const quint64 generation = ++m_generation;
    auto progress = std::make_shared<InspectionProgress>();
    m_progress = progress;
    m_pendingDir = dir;
    Q_EMIT started(dir);
    m_poll->start();

    // The job holds only the path and the shared progress: it never touches this object.
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, generation, dir] {
        watcher->deleteLater();
        if (generation != m_generation) return;  // stale
        poll();
        m_progress.reset();
        m_pendingDir.clear();
        m_poll->stop();
        const Outcome outcome = watcher->result();
        if (outcome.ok)
            Q_EMIT finished(outcome.result);
        else if (outcome.canceled)
            Q_EMIT canceled(dir);
        else
            Q_EMIT failed(dir, outcome.error);
    });
    watcher->setFuture(QtConcurrent::run([dir, blocksize, progress] {
        Outcome outcome;
        outcome.ok =
            runModelInspection(dir, blocksize, progress.get(), &outcome.result, &outcome.error, &outcome.canceled);
        return outcome;
    }));
}

void ModelInspector::cancel() {
    if (!m_progress) return;
    m_progress->cancel = true;
    ++m_generation;
    m_progress.reset();
    m_poll->stop();
    const QString dir = m_pendingDir;
    m_pendingDir.clear();
    Q_EMIT canceled(dir);
}

void ModelInspector::poll() {
    if (!m_progress) return;
    QString current;
    {
        QMutexLocker lock(&m_progress->mutex);
        current = m_progress->current;
    }
    Q_EMIT progress(m_progress->done.load(), m_progress->total.load(), current);
}

}  // namespace ls::gui
