#include "training_setup.h"

#include <QCoreApplication>
#include <QFileInfo>

#include "app_settings.h"
#include "lorastudio/lora.h"
#include "lorastudio/memory_estimate.h"
#include "lorastudio/model.h"

namespace ls::gui {

ls::TrainConfig defaultTrainConfig() {
    ls::TrainConfig c;
    c.lora.r = 16;
    c.lora.alpha = 32;
    c.lora.targetModules = {"all-linear"};
    c.lora.method = ls::LoraMethod::Lora;
    c.device = ls::cudaAvailable() ? ls::Device::CUDA : ls::Device::CPU;
    c.data.seqLen = c.device == ls::Device::CUDA ? 1024 : 256;
    c.data.evalFraction = 0.1;
    c.steps = c.device == ls::Device::CUDA ? 500 : 100;
    c.batchSize = 4;
    c.lr = 2e-4;
    c.schedule = ls::LrSchedule::Cosine;
    c.warmupSteps = 10;
    c.evalEvery = 20;
    c.checkpointEvery = 50;
    c.snapshotEvery = 5;
    return c;
}

TrainingSetup::TrainingSetup(QObject* parent) : QObject(parent), m_config(defaultTrainConfig()) {}

void TrainingSetup::update(const std::function<void(ls::TrainConfig&)>& edit) {
    edit(m_config);
    Q_EMIT changed();
}

void TrainingSetup::setConfig(const ls::TrainConfig& config) {
    m_config = config;
    Q_EMIT changed();
}

void TrainingSetup::setModel(const QString& dir, const ls::ModelConfig& config, bool hasTokenizer) {
    m_config.modelDir = dir.toStdString();
    m_modelConfig = config;
    m_hasTokenizer = hasTokenizer;
    Q_EMIT modelChanged();
    Q_EMIT changed();
}

QString TrainingSetup::problem() const {
    if (!m_modelConfig) return tr("Open a model first (Model page).");
    if (!m_hasTokenizer) return tr("The model folder has no tokenizer.json, which training needs.");
    if (m_config.dataFile.empty()) return tr("Choose a training data file (Data page).");
    if (!QFileInfo::exists(QString::fromStdString(m_config.dataFile)))
        return tr("The data file %1 does not exist.").arg(QString::fromStdString(m_config.dataFile));
    try {
        ls::validateTrainConfig(m_config, "settings");
        const bool quantized = m_modelConfig->quantization.has_value();
        ls::selectLoraTargets(ls::linearModulesFromConfig(*m_modelConfig, quantized), m_config.lora);
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

void TrainingSetup::restore(const AppSettings& settings) {
    const QString json = settings.lastTrainConfig();
    if (json.isEmpty()) return;
    try {
        ls::TrainConfig c = ls::trainConfigFromJson(json.toStdString(), "saved settings");
        c.modelDir = m_config.modelDir;  // the model comes from the Model page
        if (c.dataFile == "-") c.dataFile.clear();
        // A device the machine no longer has falls back to the CPU, without the options only CUDA accepts.
        if (c.device == ls::Device::CUDA && !ls::cudaAvailable()) {
            c.device = ls::Device::CPU;
            c.pagedOptimizer = false;
            c.streamedLayers = 0;
        }
        m_config = c;
        Q_EMIT changed();
    } catch (const std::exception&) {
        // Settings from an older version that no longer parse: keep the defaults.
    }
}

void TrainingSetup::save(AppSettings& settings) const {
    ls::TrainConfig c = m_config;
    if (c.modelDir.empty()) c.modelDir = "demo";  // a valid placeholder; restore() ignores it
    if (c.dataFile.empty()) c.dataFile = "-";
    settings.setLastTrainConfig(QString::fromStdString(ls::trainConfigToJson(c)));
}

}  // namespace ls::gui
