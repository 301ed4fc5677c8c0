// What the Inspect page shows, as plain values built on worker threads: every linear weight of a model under
// each 4-bit scheme (ls::inspectModel), and the detailed statistics of one weight under one scheme.
// The functions are synchronous and never throw; the jobs in model_inspector.h / tensor_inspector.h run them.
#pragma once

#include <QMap>
#include <QMetaType>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <QVector>
#include <atomic>
#include <cmath>
#include <memory>

namespace ls {
class ModelFolder;
}

namespace ls::gui {

enum class QuantScheme { NF4, FP4, Int4 };

// "nf4", "nf4+dq", "fp4", "fp4+dq", "int4" (ls::inspectModel's names); int4 ignores doubleQuant.
QString schemeKey(QuantScheme scheme, bool doubleQuant);
// "NF4 + double quantization", "FP4", "int4", translated.
QString schemeDisplayName(QuantScheme scheme, bool doubleQuant);
// The code values drawn over the histogram: 16 for NF4 / FP4 (bitsandbytes' maps), 15 (k/7) for int4.
QVector<double> schemeCodeValues(QuantScheme scheme);

// The heatmap's columns, in this order: q, k, v, o, gate, up, down.
QStringList standardModuleTypes();
// "model.layers.3.self_attn.q_proj" -> layer 3, module "q"; false for anything else.
bool parseLayerModule(const QString& layerName, int* layer, QString* module);

struct SchemeFigures {
    double relFrobeniusError = std::nan("");
    double maxAbsError = std::nan("");
    double cosineSimilarity = std::nan("");
    double bitsPerParameter = std::nan("");
};

struct ModelInspection {
    struct Cell {
        bool present = false;
        QString layerName;  // e.g. "model.layers.0.self_attn.q_proj"
        QVector<qint64> shape;
        QMap<QString, SchemeFigures> schemes;  // by schemeKey()
    };

    QString dir;
    int blocksize = 64;
    std::shared_ptr<const ls::ModelFolder> folder;  // kept mapped for the per-weight work
    int layerCount = 0;
    QStringList modules;  // columns: standardModuleTypes(), then any other projections found
    QVector<Cell> cells;  // layerCount x modules.size(), row-major

    const Cell* cell(int layer, int module) const;
    // Relative Frobenius errors of one scheme, row-major; NaN where a layer lacks the module.
    QVector<double> errors(const QString& scheme) const;
    // The smallest and largest error over all schemes (a common colour range, so schemes compare).
    void errorRange(double* low, double* high) const;
};

// Shared between a running model inspection and the GUI, which polls it.
struct InspectionProgress {
    std::atomic<bool> cancel{false};
    std::atomic<int> done{0};
    std::atomic<int> total{0};
    QMutex mutex;
    QString current;  // the layer just finished (under mutex)
};

// Opens `dir` and inspects every linear weight. Returns false with *error (one line naming the folder or
// file) on failure, or with *canceled = true when progress->cancel was set.
bool runModelInspection(const QString& dir, int blocksize, InspectionProgress* progress, ModelInspection* out,
                        QString* error, bool* canceled);

struct TensorInspection {
    QString layerName;
    QuantScheme scheme = QuantScheme::NF4;
    bool doubleQuant = false;  // as used (false for int4)
    int blocksize = 64;
    QVector<qint64> shape;
    QString dtype;                  // stored dtype, e.g. "F32"
    QVector<double> normHistogram;  // w / absmax of its block over [normLow, normHigh]
    double normLow = -1.0, normHigh = 1.0;
    QVector<double> codeValues;  // 16, or 15 for int4
    QVector<double> codeCounts;  // same length
    double entropyBits = 0.0;
    double maxEntropyBits = 4.0;  // log2(number of codes)
    double relFrobeniusError = 0.0, maxAbsError = 0.0, cosineSimilarity = 0.0, bitsPerParameter = 0.0;
    qint64 numel = 0, blocks = 0, outlierCount = 0;
    double absmaxMedian = 0.0, absmaxMax = 0.0;
};

// Quantizes one weight (`layerName` + ".weight") of the folder under one scheme and measures it.
bool runTensorInspection(const ls::ModelFolder& folder, const QString& layerName, QuantScheme scheme, bool doubleQuant,
                         int blocksize, TensorInspection* out, QString* error);

}  // namespace ls::gui

Q_DECLARE_METATYPE(ls::gui::ModelInspection)
Q_DECLARE_METATYPE(ls::gui::TensorInspection)
