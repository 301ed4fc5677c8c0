#include "tensor_inspector.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include "lorastudio/model_folder.h"

namespace ls::gui {

namespace {

struct Outcome {
    bool ok = false;
    TensorInspection result;
    QString error;
};

}  // namespace

TensorInspector::TensorInspector(QObject* parent) : QObject(parent) {
    static const int registered = qRegisterMetaType<ls::gui::TensorInspection>();
    Q_UNUSED(registered);
}

TensorInspector::~TensorInspector() = default;

void TensorInspector::start(std::shared_ptr<const ls::ModelFolder> folder, const QString& layerName, QuantScheme scheme,
                            bool doubleQuant, int blocksize) {
    const quint64 generation = ++m_generation;
    m_running = true;
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, generation, layerName] {
        watcher->deleteLater();
        if (generation != m_generation) return;  // stale: a newer selection came since
        m_running = false;
        const Outcome outcome = watcher->result();
        if (outcome.ok)
            Q_EMIT finished(outcome.result);
        else
            Q_EMIT failed(layerName, outcome.error);
    });
    watcher->setFuture(QtConcurrent::run([folder, layerName, scheme, doubleQuant, blocksize] {
        Outcome outcome;
        outcome.ok =
            runTensorInspection(*folder, layerName, scheme, doubleQuant, blocksize, &outcome.result, &outcome.error);
        return outcome;
    }));
}

void TensorInspector::cancel() {
    ++m_generation;
    m_running = false;
}

}  // namespace ls::gui
