#include "run_plan.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QStringList>
#include <algorithm>
#include <cmath>

#include "format.h"
#include "lorastudio/lora.h"
#include "lorastudio/memory_estimate.h"

namespace ls::gui {

namespace {

constexpr int kMaxFolderAttempts = 1000;

QString gib(qint64 bytes) { return QLocale().toString(double(bytes) / double(1LL << 30), 'f', 1); }

QString targetText(const ls::LoraOptions& lora) {
    if (!lora.targetRegex.empty()) return RunPlan::tr("regex %1").arg(QString::fromStdString(lora.targetRegex));
    QStringList names;
    for (const std::string& t : lora.targetModules) names << QString::fromStdString(t);
    return names.join(QStringLiteral(", "));
}

}  // namespace

QString RunPlan::methodName(ls::LoraMethod method) {
    switch (method) {
        case ls::LoraMethod::Lora:
            return tr("LoRA");
        case ls::LoraMethod::LoraFa:
            return tr("LoRA-FA");
        case ls::LoraMethod::QLora:
            return tr("QLoRA");
    }
    return QString();
}

QString RunPlan::summary(const ls::TrainConfig& config, const QString& modelName, const ls::ModelConfig* model) {
    const QLocale locale;
    QStringList parts;
    if (!modelName.isEmpty()) parts << modelName;
    parts << tr("%1 r %2, α %3")
                 .arg(methodName(config.lora.method))
                 .arg(config.lora.r)
                 .arg(locale.toString(config.lora.alpha, 'g', 4));
    QString targets = targetText(config.lora);
    if (config.lora.hasLayerFilter()) {
        targets += config.lora.lastLayer >= 0
                       ? tr(" in layers %1–%2").arg(config.lora.firstLayer).arg(config.lora.lastLayer)
                       : tr(" from layer %1").arg(config.lora.firstLayer);
    }
    if (model) {
        const size_t n = RunPlan::targets(*model, config.lora).size();
        if (n > 0) targets += tr(" (%Ln modules)", nullptr, numerusCount(qint64(n)));
    }
    parts << targets;
    if (config.steps > 0)
        parts << tr("%Ln steps", nullptr, numerusCount(config.steps));
    else if (config.epochs == std::floor(config.epochs) && config.epochs <= 1e6)
        parts << tr("%Ln epochs", nullptr, int(config.epochs));
    else  // fractional epochs read as plural: "0.5 epochs", "2.5 epochs"
        parts << tr("%1 epochs").arg(locale.toString(config.epochs, 'g', 3));
    QString batch = tr("batch %1 × %2 tokens").arg(config.batchSize).arg(config.data.seqLen);
    if (config.gradAccum > 1) batch += tr(" × %1 accumulated").arg(config.gradAccum);
    parts << batch;
    parts << tr("lr %1").arg(locale.toString(config.lr, 'g', 3));
    QString device = config.device == ls::Device::CUDA ? tr("CUDA") : tr("CPU");
    if (model && config.device == ls::Device::CUDA) {
        if (const auto bytes = estimatedBytes(*model, config)) device += tr(", about %1 GiB").arg(gib(*bytes));
    }
    parts << device;
    return parts.join(QStringLiteral(" · "));
}

std::optional<qint64> RunPlan::estimatedBytes(const ls::ModelConfig& model, const ls::TrainConfig& config) {
    try {
        return ls::estimateTrainingMemory(model, config.lora, ls::estimateOptionsFor(config, model)).total();
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::vector<std::string> RunPlan::targets(const ls::ModelConfig& model, const ls::LoraOptions& lora) {
    try {
        return ls::selectLoraTargets(ls::linearModulesFromConfig(model, model.quantization.has_value()), lora);
    } catch (const std::exception&) {
        return {};
    }
}

std::vector<std::string> RunPlan::snapshotModules(const std::vector<std::string>& targets) {
    std::vector<std::string> out;
    if (targets.empty()) return out;
    auto add = [&out](const std::string& name) {
        if (int(out.size()) < kMaxSnapshotModules && std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(name);
    };
    const std::string& first = targets.front();
    add(first);
    // The same module type in the last layer that has one: "model.layers.N.self_attn.q_proj" ends in
    // ".self_attn.q_proj".
    const std::string marker = "layers.";
    const size_t at = first.find(marker);
    if (at != std::string::npos) {
        const size_t dot = first.find('.', at + marker.size());
        if (dot != std::string::npos) {
            const std::string suffix = first.substr(dot);
            for (auto it = targets.rbegin(); it != targets.rend(); ++it) {
                if (it->size() >= suffix.size() &&
                    it->compare(it->size() - suffix.size(), suffix.size(), suffix) == 0) {
                    add(*it);
                    break;
                }
            }
        }
    }
    add(targets.back());
    return out;
}

QString RunPlan::runFolderName(const ls::TrainConfig& config, const QDateTime& when) {
    return QStringLiteral("%1_%2-r%3")
        .arg(when.toString(QStringLiteral("yyyy-MM-dd_HHmm")),
             QString::fromLatin1(ls::loraMethodName(config.lora.method)))
        .arg(config.lora.r);
}

QString RunPlan::createRunFolder(const QString& parent, const QString& name, QString* error) {
    QDir dir(parent);
    if (!dir.mkpath(QStringLiteral("."))) {
        *error = tr("%1: could not create the runs folder").arg(QDir::toNativeSeparators(parent));
        return QString();
    }
    for (int i = 1; i <= kMaxFolderAttempts; ++i) {
        const QString candidate = i == 1 ? name : QStringLiteral("%1-%2").arg(name).arg(i);
        if (QFileInfo::exists(dir.filePath(candidate))) continue;
        // mkdir fails when another process took the name in between: try the next one.
        if (dir.mkdir(candidate)) return dir.filePath(candidate);
    }
    *error = tr("%1: could not create a new run folder in it").arg(QDir::toNativeSeparators(parent));
    return QString();
}

QString RunPlan::durationText(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return tr("–");
    if (seconds < 0.1) return tr("< 0.1 s");
    if (seconds < 10) return tr("%1 s").arg(QLocale().toString(seconds, 'f', 1));
    const qint64 s = qint64(std::llround(seconds));
    if (s < 60) return tr("%1 s").arg(s);
    if (s < 3600) return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

}  // namespace ls::gui
