// "Try it with the demo model": opens the demo model (when it is not the one loaded), sets the shared setup
// to a short LoRA run on the demo dataset, switches to the Train page and starts the run there.
#pragma once

#include <QMetaObject>
#include <QObject>
#include <QString>

#include "lorastudio/train.h"

namespace ls::gui {

class MainWindow;

// The demo run: LoRA r 8, alpha 16 on every linear layer, 100 steps of 4 sequences of 64 tokens at a peak
// learning rate of 3e-3, in bf16 (on the CPU through oneDNN, several times faster than float32 there). The
// settings test_demo proves teach the demo model the dataset's answer format.
constexpr int kDemoSteps = 100;
ls::TrainConfig demoTrainConfig(const QString& modelDir, const QString& dataFile, ls::Device device);

class DemoLauncher : public QObject {
    Q_OBJECT
public:
    // window must outlive the launcher (it is the parent).
    explicit DemoLauncher(MainWindow& window);

    // Starts the demo; when the demo model has to be opened first, the run starts once it is loaded.
    void start();
    bool isWaitingForModel() const { return static_cast<bool>(m_waiting); }

Q_SIGNALS:
    // The demo cannot run (no demo dataset, a run already active, the model did not open): one line.
    void failed(const QString& message);
    void runStarted(const QString& runDir);

private:
    void onModelChanged();
    void launch();
    void stopWaiting();

    MainWindow& m_window;
    QString m_modelDir;
    QMetaObject::Connection m_waiting;
    QMetaObject::Connection m_loadFailed;
};

}  // namespace ls::gui
