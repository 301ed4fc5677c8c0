// Plain data for a model's module hierarchy, filled by the app from the engine's description.
#pragma once

#include <QString>
#include <QVector>
#include <vector>

namespace ls::gui {

struct ModuleTreeNode {
    QString name;          // full dotted path ("model.layers.0.self_attn.q_proj"); empty for the root
    QString type;          // "Linear", "Embedding", "DecoderLayer", ...
    qint64 params = 0;     // parameters in this module and below
    QVector<qint64> shape;  // weight shape of leaf modules; empty otherwise
    std::vector<ModuleTreeNode> children;
};

}  // namespace ls::gui
