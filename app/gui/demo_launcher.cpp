#include "demo_launcher.h"

#include <QDir>
#include <QFileInfo>

#include "demo_dataset.h"
#include "demo_model.h"
#include "lorastudio/model.h"
#include "main_window.h"
#include "model_page.h"
#include "train_page.h"
#include "training_job.h"
#include "training_setup.h"

namespace ls::gui {

namespace {

bool sameFolder(const QString& a, const QString& b) {
    const QString ca = QFileInfo(a).canonicalFilePath(), cb = QFileInfo(b).canonicalFilePath();
    return !ca.isEmpty() ? ca == cb : QDir::cleanPath(a) == QDir::cleanPath(b);
}

}  // namespace

ls::TrainConfig demoTrainConfig(const QString& modelDir, const QString& dataFile, ls::Device device) {
    ls::TrainConfig c = defaultTrainConfig();
    c.modelDir = modelDir.toStdString();
    c.dataFile = dataFile.toStdString();
    c.device = device;
    c.dtype = ls::ComputeType::BF16;
    c.lora.method = ls::LoraMethod::Lora;
    c.lora.r = 8;
    c.lora.alpha = 16;
    c.lora.targetModules = {"all-linear"};
    c.lora.seed = 1;
    c.data.seqLen = 64;
    c.data.evalFraction = 0.1;
    c.steps = kDemoSteps;
    c.batchSize = 4;
    c.gradAccum = 1;
    c.lr = 3e-3;
    c.warmupSteps = 5;
    c.seed = 1;
    c.evalEvery = 20;
    c.checkpointEvery = 50;
    c.snapshotEvery = 5;
    return c;
}

DemoLauncher::DemoLauncher(MainWindow& window) : QObject(&window), m_window(window) {}

void DemoLauncher::start() {
    if (m_window.trainingJob()->isActive()) {
        m_window.setCurrentPage(Page::Train);
        Q_EMIT failed(tr("A training run is already active; stop it on the Train page first."));
        return;
    }
    if (demoDatasetPath().isEmpty()) {
        Q_EMIT failed(tr("The demo dataset is missing from this installation."));
        return;
    }
    m_modelDir = demoModelPath();
    TrainingSetup* setup = m_window.trainingSetup();
    if (setup->hasModel() && sameFolder(setup->modelDir(), m_modelDir) && !m_window.modelPage()->isLoading()) {
        launch();
        return;
    }
    // Open it first (the Model page shows the loading and any error); the run starts once it is loaded.
    stopWaiting();
    m_waiting = connect(setup, &TrainingSetup::modelChanged, this, &DemoLauncher::onModelChanged, Qt::QueuedConnection);
    m_loadFailed =
        connect(m_window.modelPage(), &ModelPage::loadFailed, this, [this](const QString& dir, const QString& message) {
            if (!sameFolder(dir, m_modelDir)) return;
            stopWaiting();
            Q_EMIT failed(tr("The demo model did not open: %1").arg(message));
        });
    m_window.openModel(m_modelDir);
}

void DemoLauncher::onModelChanged() {
    // Another folder opened meanwhile (the user chose one): the demo gives way.
    const bool demo = sameFolder(m_window.trainingSetup()->modelDir(), m_modelDir);
    stopWaiting();
    if (demo) launch();
}

void DemoLauncher::launch() {
    TrainingSetup* setup = m_window.trainingSetup();
    const ls::Device device = ls::cudaAvailable() ? ls::Device::CUDA : ls::Device::CPU;
    setup->setConfig(demoTrainConfig(setup->modelDir(), demoDatasetPath(), device));
    m_window.setCurrentPage(Page::Train);
    TrainPage* train = m_window.trainPage();
    train->start();
    if (m_window.trainingJob()->isActive()) {
        Q_EMIT runStarted(m_window.trainingJob()->runDir());
    } else {
        const QString problem = setup->problem();
        Q_EMIT failed(problem.isEmpty() ? tr("The demo run did not start; the Train page says why.") : problem);
    }
}

void DemoLauncher::stopWaiting() {
    disconnect(m_waiting);
    disconnect(m_loadFailed);
    m_waiting = {};
    m_loadFailed = {};
}

}  // namespace ls::gui
