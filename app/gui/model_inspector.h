// Runs ls::inspectModel for a folder on a worker thread. Progress is polled from shared atomics (about
// 30 Hz); Cancel sets a flag the core's progress callback returns. Results come back as values; a newer
// request or cancel() makes older ones stale, and stale results are dropped.
#pragma once

#include <QObject>
#include <QString>
#include <memory>

#include "quant_inspection.h"

class QTimer;

namespace ls::gui {

class ModelInspector : public QObject {
    Q_OBJECT
public:
    explicit ModelInspector(QObject* parent = nullptr);
    ~ModelInspector() override;

    void start(const QString& dir, int blocksize = 64);
    void cancel();
    bool isRunning() const { return m_progress != nullptr; }
    QString pendingDir() const { return m_pendingDir; }

Q_SIGNALS:
    void started(const QString& dir);
    void progress(int done, int total, const QString& current);
    void finished(const ls::gui::ModelInspection& result);
    void failed(const QString& dir, const QString& message);
    void canceled(const QString& dir);

private:
    void poll();

    quint64 m_generation = 0;
    std::shared_ptr<InspectionProgress> m_progress;  // of the running request; null when idle
    QString m_pendingDir;
    QTimer* m_poll;
};

}  // namespace ls::gui
