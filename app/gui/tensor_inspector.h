// Quantizes and measures one weight under one scheme on a worker thread (runTensorInspection). Only the
// newest request's result is delivered; older ones are dropped when they arrive.
#pragma once

#include <QObject>
#include <QString>
#include <memory>

#include "quant_inspection.h"

namespace ls::gui {

class TensorInspector : public QObject {
    Q_OBJECT
public:
    explicit TensorInspector(QObject* parent = nullptr);
    ~TensorInspector() override;

    // `folder` stays alive with the job (shared).
    void start(std::shared_ptr<const ls::ModelFolder> folder, const QString& layerName, QuantScheme scheme,
               bool doubleQuant, int blocksize);
    // Forgets the running request.
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void finished(const ls::gui::TensorInspection& result);
    void failed(const QString& layerName, const QString& message);

private:
    quint64 m_generation = 0;
    bool m_running = false;
};

}  // namespace ls::gui
