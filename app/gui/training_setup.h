// What the Method, Data and Train pages set up together: the model, the method with its options and the
// data, as one ls::TrainConfig (the run's config.json). Pages edit it through update() and follow
// changed(); the model's config comes from the Model page once a model is loaded.
#pragma once

#include <QObject>
#include <QString>
#include <functional>
#include <optional>

#include "lorastudio/model_config.h"
#include "lorastudio/train.h"

namespace ls::gui {

class AppSettings;

class TrainingSetup : public QObject {
    Q_OBJECT
public:
    explicit TrainingSetup(QObject* parent = nullptr);

    const ls::TrainConfig& config() const { return m_config; }
    // Applies `edit` to the config and emits changed() once.
    void update(const std::function<void(ls::TrainConfig&)>& edit);
    void setConfig(const ls::TrainConfig& config);

    // The loaded base model (config.json): the target tree and the memory estimate are built from it.
    void setModel(const QString& dir, const ls::ModelConfig& config, bool hasTokenizer);
    bool hasModel() const { return m_modelConfig.has_value(); }
    const ls::ModelConfig& modelConfig() const { return *m_modelConfig; }
    QString modelDir() const { return QString::fromStdString(m_config.modelDir); }
    bool modelHasTokenizer() const { return m_hasTokenizer; }

    // Why training cannot start yet (no model, no data, a selection that matches nothing, ...), one line;
    // empty when it can.
    QString problem() const;

    // The last settings (everything but the model and data paths' existence) survive a restart.
    void restore(const AppSettings& settings);
    void save(AppSettings& settings) const;

Q_SIGNALS:
    void changed();
    void modelChanged();

private:
    ls::TrainConfig m_config;
    std::optional<ls::ModelConfig> m_modelConfig;
    bool m_hasTokenizer = false;
};

// Sensible first settings for a model: LoRA r 16, alpha 32 on all linear layers, cosine schedule,
// bf16 on CUDA, short runs on the CPU.
ls::TrainConfig defaultTrainConfig();

}  // namespace ls::gui
