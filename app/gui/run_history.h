// Reading run folders for the run history, and comparing their configs. Plain functions over core's
// describeRun(); nothing here blocks for long (configs and metrics only, no weights).
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

#include "lorastudio/train.h"

namespace ls::gui {

// config.json flattened to "lora.r" -> "16", "data_options.seq_len" -> "256", ...
QMap<QString, QString> flattenConfig(const ls::TrainConfig& config);

struct ConfigDifference {
    QString key;
    QStringList values;  // one per run, in the order given
};
// The keys whose values differ between the runs (all keys when there is one run).
QVector<ConfigDifference> configDifferences(const QVector<ls::RunSummary>& runs);

// "finished", "stopped at 40 of 100", "no steps", "damaged"
QString runStatusText(const ls::RunSummary& run);

}  // namespace ls::gui
