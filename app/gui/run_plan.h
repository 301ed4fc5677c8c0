// What a training run will do, in words and numbers, for the Train page: the one-line summary, the memory
// estimate, the modules whose weights are snapshotted for the live histograms, and the run folder's name.
// Plain functions over ls::TrainConfig; no widgets.
#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <optional>
#include <string>
#include <vector>

#include "lorastudio/model_config.h"
#include "lorastudio/train.h"

namespace ls::gui {

class RunPlan {
    Q_DECLARE_TR_FUNCTIONS(ls::gui::RunPlan)
public:
    // At most this many modules are snapshotted when the config names none.
    static constexpr int kMaxSnapshotModules = 3;

    // "LoRA", "LoRA-FA", "QLoRA".
    static QString methodName(ls::LoraMethod method);
    // "llama3 · QLoRA r 16, α 32 · all-linear (14 modules) · 500 steps · batch 4 × 1024 tokens · lr 2e-4 · CUDA"
    // `model` may be null (no model loaded yet: no module count).
    static QString summary(const ls::TrainConfig& config, const QString& modelName, const ls::ModelConfig* model);
    // estimateTrainingMemory(...).total() for the config's batch, sequence length, dtype and options; nullopt
    // when the estimator refuses the config.
    static std::optional<qint64> estimatedBytes(const ls::ModelConfig& model, const ls::TrainConfig& config);
    // The adapted module names the config selects on `model`, in model order (empty when it selects none).
    static std::vector<std::string> targets(const ls::ModelConfig& model, const ls::LoraOptions& lora);
    // A few modules worth watching: the first target, the same module type in the last layer, the last target.
    static std::vector<std::string> snapshotModules(const std::vector<std::string>& targets);

    // "2026-12-01_1530_qlora-r16".
    static QString runFolderName(const ls::TrainConfig& config, const QDateTime& when);
    // Creates `parent` when needed and a new, empty folder named `name` in it ("name-2", "name-3", ... when
    // taken); returns its path, or an empty string and *error (one line naming the folder).
    static QString createRunFolder(const QString& parent, const QString& name, QString* error);

    // "0.4 s", "12 s", "3 min 20 s", "1 h 05 min".
    static QString durationText(double seconds);
};

}  // namespace ls::gui
