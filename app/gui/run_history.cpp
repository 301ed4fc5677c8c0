#include "run_history.h"

#include <QCoreApplication>
#include <QSet>
#include <nlohmann/json.hpp>

namespace ls::gui {

namespace {

void flatten(const nlohmann::json& j, const QString& prefix, QMap<QString, QString>& out) {
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it)
            flatten(it.value(),
                    prefix.isEmpty() ? QString::fromStdString(it.key())
                                     : prefix + QLatin1Char('.') + QString::fromStdString(it.key()),
                    out);
        return;
    }
    out.insert(prefix, QString::fromStdString(j.is_string() ? j.get<std::string>() : j.dump()));
}

}  // namespace

QMap<QString, QString> flattenConfig(const ls::TrainConfig& config) {
    QMap<QString, QString> out;
    flatten(nlohmann::json::parse(ls::trainConfigToJson(config)), QString(), out);
    return out;
}

QVector<ConfigDifference> configDifferences(const QVector<ls::RunSummary>& runs) {
    QVector<QMap<QString, QString>> flat;
    QSet<QString> keys;
    for (const auto& r : runs) {
        flat.push_back(r.config ? flattenConfig(*r.config) : QMap<QString, QString>());
        for (const auto& k : flat.back().keys()) keys.insert(k);
    }
    QStringList sorted(keys.begin(), keys.end());
    sorted.sort();
    QVector<ConfigDifference> out;
    for (const QString& key : sorted) {
        ConfigDifference d{key, {}};
        for (const auto& f : flat) d.values << f.value(key, QStringLiteral("—"));
        const bool differs = d.values.size() > 1 && QSet<QString>(d.values.begin(), d.values.end()).size() > 1;
        if (runs.size() == 1 || differs) out.push_back(d);
    }
    return out;
}

QString runStatusText(const ls::RunSummary& run) {
    // Literal translate() calls: lupdate only finds strings passed to it directly.
    if (!run.config) return QCoreApplication::translate("ls::gui::RunHistory", "damaged");
    if (run.stepsDone == 0) return QCoreApplication::translate("ls::gui::RunHistory", "no steps");
    if (run.totalSteps > 0 && run.stepsDone >= run.totalSteps)
        return QCoreApplication::translate("ls::gui::RunHistory", "finished");
    return QCoreApplication::translate("ls::gui::RunHistory", "stopped at %1 of %2")
        .arg(run.stepsDone)
        .arg(run.totalSteps);
}

}  // namespace ls::gui
