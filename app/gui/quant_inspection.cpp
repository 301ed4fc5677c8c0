#include "quant_inspection.h"

#include <qfloat16.h>

#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>
#include <QtEndian>
#include <algorithm>
#include <cstring>
#include <exception>

#include "lorastudio/error.h"
#include "lorastudio/model_folder.h"
#include "lorastudio/quant.h"
#include "lorastudio/quantize_model.h"

namespace ls::gui {

// Translation context of this file's strings.
struct QuantInspectionText {
    Q_DECLARE_TR_FUNCTIONS(ls::gui::QuantInspection)
};

namespace {

constexpr int kHistogramBins = 200;     // w / absmax bins over [-1, 1], as quant::QuantStatsOptions
constexpr double kOutlierFactor = 8.0;  // a block is an outlier when its absmax > factor x median absmax

// Core errors read "<file>: <problem>"; anything naming neither the folder nor a file in it gets the folder.
QString oneLine(const QString& dir, const char* what) {
    QString message = QString::fromUtf8(what).simplified();
    if (message.isEmpty()) message = QuantInspectionText::tr("unknown error");
    if (!message.contains(dir) && !message.contains(QDir(dir).dirName()))
        message = dir + QStringLiteral(": ") + message;
    return message;
}

quant::QuantType quantType(QuantScheme scheme) {
    return scheme == QuantScheme::FP4 ? quant::QuantType::FP4 : quant::QuantType::NF4;
}

// The weight widened to float32 (exact for F32, BF16 and F16), from possibly unaligned mapped bytes.
std::vector<float> toFloat(const TensorView& t) {
    const int64_t n = t.numel();
    std::vector<float> out(static_cast<size_t>(n));
    if (t.dtype == DType::F32) {
        std::memcpy(out.data(), t.data, static_cast<size_t>(n) * sizeof(float));
    } else {
        for (int64_t i = 0; i < n; ++i) {
            const quint16 bits = qFromLittleEndian<quint16>(t.data + 2 * i);
            if (t.dtype == DType::BF16) {
                const quint32 wide = quint32(bits) << 16;
                std::memcpy(&out[size_t(i)], &wide, sizeof(float));
            } else {
                qfloat16 h;
                std::memcpy(&h, &bits, sizeof(bits));
                out[size_t(i)] = float(h);
            }
        }
    }
    return out;
}

double entropyBits(const QVector<double>& counts) {
    double total = 0.0;
    for (double c : counts) total += c;
    double h = 0.0;
    for (double c : counts) {
        if (c > 0 && total > 0) h -= (c / total) * std::log2(c / total);
    }
    return h;
}

void inspectInt4(const TensorView& t, int blocksize, TensorInspection* out) {
    const std::vector<float> w = toFloat(t);
    const int64_t n = static_cast<int64_t>(w.size());
    const quant::QuantizedInt4 q = quant::quantizeInt4(w.data(), n, blocksize);
    const std::vector<float> d = quant::dequantizeInt4(q);

    out->codeValues = schemeCodeValues(QuantScheme::Int4);
    out->codeCounts = QVector<double>(15, 0.0);
    out->normHistogram = QVector<double>(kHistogramBins, 0.0);
    double refNorm = 0.0, errNorm = 0.0, dNorm = 0.0, dot = 0.0, maxAbs = 0.0;
    for (int64_t i = 0; i < n; ++i) {
        const int nibble = (q.packed[size_t(i / 2)] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
        const int level = nibble >= 8 ? nibble - 16 : nibble;
        out->codeCounts[qBound(0, level + 7, 14)] += 1.0;
        const double absmax = double(q.scales[size_t(i / blocksize)]) * 7.0;
        const double norm = absmax > 0 ? double(w[size_t(i)]) / absmax : 0.0;
        const int bin = qBound(0, int(std::floor((norm + 1.0) / 2.0 * kHistogramBins)), kHistogramBins - 1);
        out->normHistogram[bin] += 1.0;
        const double a = w[size_t(i)], b = d[size_t(i)];
        refNorm += a * a;
        dNorm += b * b;
        dot += a * b;
        errNorm += (a - b) * (a - b);
        maxAbs = std::max(maxAbs, std::abs(a - b));
    }
    out->relFrobeniusError = refNorm > 0 ? std::sqrt(errNorm / refNorm) : 0.0;
    out->maxAbsError = maxAbs;
    out->cosineSimilarity = refNorm > 0 && dNorm > 0 ? dot / std::sqrt(refNorm * dNorm) : 1.0;
    out->bitsPerParameter = n > 0 ? 8.0 * double(q.packed.size() + 4 * q.scales.size()) / double(n) : 0.0;
    out->entropyBits = entropyBits(out->codeCounts);
    out->maxEntropyBits = std::log2(15.0);

    std::vector<float> absmax(q.scales.size());
    for (size_t b = 0; b < absmax.size(); ++b) absmax[b] = q.scales[b] * 7.0f;
    out->blocks = qint64(absmax.size());
    if (!absmax.empty()) {
        std::vector<float> sorted = absmax;
        std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
        out->absmaxMedian = sorted[sorted.size() / 2];
        out->absmaxMax = *std::max_element(absmax.begin(), absmax.end());
        out->outlierCount = std::count_if(absmax.begin(), absmax.end(),
                                          [&](float a) { return a > kOutlierFactor * out->absmaxMedian; });
    }
}

void inspect4bit(const TensorView& t, QuantScheme scheme, bool doubleQuant, int blocksize, TensorInspection* out) {
    // A copy, so the quantizer reads aligned elements whatever the offset inside the mapped file.
    std::vector<std::uint8_t> bytes(t.data, t.data + t.nbytes);
    std::vector<float> aligned((t.nbytes + sizeof(float) - 1) / sizeof(float));
    std::memcpy(aligned.data(), bytes.data(), t.nbytes);
    quant::QuantizeOptions options;
    options.type = quantType(scheme);
    options.blocksize = blocksize;
    options.doubleQuant = doubleQuant;
    const quant::Quantized4bit q = quant::quantize4bit(aligned.data(), t.dtype, t.shape, options, t.name);
    const quant::QuantStats s = quant::inspectQuantization(aligned.data(), t.dtype, q);

    out->codeValues = schemeCodeValues(scheme);
    out->codeCounts.resize(16);
    for (int i = 0; i < 16; ++i) out->codeCounts[i] = double(s.codeCounts[size_t(i)]);
    out->normHistogram.resize(qsizetype(s.normHistogram.size()));
    for (size_t i = 0; i < s.normHistogram.size(); ++i) out->normHistogram[qsizetype(i)] = double(s.normHistogram[i]);
    out->normLow = s.normLow;
    out->normHigh = s.normHigh;
    out->entropyBits = s.codeEntropyBits;
    out->maxEntropyBits = 4.0;
    out->relFrobeniusError = s.relFrobeniusError;
    out->maxAbsError = s.maxAbsError;
    out->cosineSimilarity = s.cosineSimilarity;
    out->bitsPerParameter = s.bitsPerParameter;
    out->blocks = q.state.blocks();
    out->outlierCount = s.outlierCount;
    out->absmaxMedian = s.absmaxMedian;
    out->absmaxMax = s.absmaxMax;
}

}  // namespace

QString schemeKey(QuantScheme scheme, bool doubleQuant) {
    switch (scheme) {
        case QuantScheme::NF4:
            return doubleQuant ? QStringLiteral("nf4+dq") : QStringLiteral("nf4");
        case QuantScheme::FP4:
            return doubleQuant ? QStringLiteral("fp4+dq") : QStringLiteral("fp4");
        case QuantScheme::Int4:
            break;
    }
    return QStringLiteral("int4");
}

QString schemeDisplayName(QuantScheme scheme, bool doubleQuant) {
    switch (scheme) {
        case QuantScheme::NF4:
            return doubleQuant ? QuantInspectionText::tr("NF4 + double quantization") : QuantInspectionText::tr("NF4");
        case QuantScheme::FP4:
            return doubleQuant ? QuantInspectionText::tr("FP4 + double quantization") : QuantInspectionText::tr("FP4");
        case QuantScheme::Int4:
            break;
    }
    return QuantInspectionText::tr("int4");
}

QVector<double> schemeCodeValues(QuantScheme scheme) {
    QVector<double> codes;
    if (scheme == QuantScheme::Int4) {
        for (int k = -7; k <= 7; ++k) codes << k / 7.0;
        return codes;
    }
    for (float c : quant::codeBook(quantType(scheme))) codes << double(c);
    return codes;
}

QStringList standardModuleTypes() {
    return {QStringLiteral("q"),    QStringLiteral("k"),  QStringLiteral("v"),   QStringLiteral("o"),
            QStringLiteral("gate"), QStringLiteral("up"), QStringLiteral("down")};
}

bool parseLayerModule(const QString& layerName, int* layer, QString* module) {
    static const QRegularExpression re(
        QStringLiteral("^model\\.layers\\.(\\d+)\\.(?:[A-Za-z0-9_]+\\.)*([A-Za-z0-9]+)_proj$"));
    const QRegularExpressionMatch m = re.match(layerName);
    if (!m.hasMatch()) return false;
    *layer = m.captured(1).toInt();
    *module = m.captured(2);
    return true;
}

const ModelInspection::Cell* ModelInspection::cell(int layer, int module) const {
    if (layer < 0 || module < 0 || layer >= layerCount || module >= modules.size()) return nullptr;
    const Cell& c = cells[layer * modules.size() + module];
    return c.present ? &c : nullptr;
}

QVector<double> ModelInspection::errors(const QString& scheme) const {
    QVector<double> out(cells.size(), std::nan(""));
    for (int i = 0; i < cells.size(); ++i) {
        if (cells[i].present) out[i] = cells[i].schemes.value(scheme).relFrobeniusError;
    }
    return out;
}

void ModelInspection::errorRange(double* low, double* high) const {
    *low = INFINITY;
    *high = -INFINITY;
    for (const Cell& c : cells) {
        for (const SchemeFigures& f : c.schemes) {
            if (std::isnan(f.relFrobeniusError)) continue;
            *low = std::min(*low, f.relFrobeniusError);
            *high = std::max(*high, f.relFrobeniusError);
        }
    }
    if (!(*low <= *high)) *low = *high = 0.0;
}

bool runModelInspection(const QString& dir, int blocksize, InspectionProgress* progress, ModelInspection* out,
                        QString* error, bool* canceled) {
    *canceled = false;
    try {
        auto folder = std::make_shared<const ls::ModelFolder>(ls::ModelFolder::open(dir.toStdString()));
        const std::vector<ls::LayerInspection> rows =
            ls::inspectModel(*folder, blocksize, [progress](int done, int total, const std::string& current) {
                progress->done = done;
                progress->total = total;
                {
                    QMutexLocker lock(&progress->mutex);
                    progress->current = QString::fromStdString(current);
                }
                return !progress->cancel.load();
            });
        out->dir = dir;
        out->blocksize = blocksize;
        out->folder = folder;
        out->modules = standardModuleTypes();
        out->layerCount = 0;
        struct Parsed {
            int layer;
            int module;
        };
        QVector<Parsed> parsed;
        for (const ls::LayerInspection& row : rows) {
            int layer = 0;
            QString module;
            if (!parseLayerModule(QString::fromStdString(row.name), &layer, &module)) {
                parsed.push_back({-1, -1});
                continue;
            }
            if (!out->modules.contains(module)) out->modules << module;
            parsed.push_back({layer, int(out->modules.indexOf(module))});
            out->layerCount = std::max(out->layerCount, layer + 1);
        }
        out->cells = QVector<ModelInspection::Cell>(out->layerCount * out->modules.size());
        for (size_t i = 0; i < rows.size(); ++i) {
            if (parsed[qsizetype(i)].layer < 0) continue;
            ModelInspection::Cell& cell =
                out->cells[parsed[qsizetype(i)].layer * out->modules.size() + parsed[qsizetype(i)].module];
            cell.present = true;
            cell.layerName = QString::fromStdString(rows[i].name);
            for (int64_t d : rows[i].shape) cell.shape << d;
            for (const ls::SchemeError& s : rows[i].schemes) {
                cell.schemes.insert(QString::fromStdString(s.scheme),
                                    {s.relFrobeniusError, s.maxAbsError, s.cosineSimilarity, s.bitsPerParameter});
            }
        }
        return true;
    } catch (const std::exception& e) {
        if (progress->cancel.load()) {
            *canceled = true;
            return false;
        }
        *error = oneLine(dir, e.what());
    } catch (...) {
        *error = oneLine(dir, "unknown error");
    }
    return false;
}

bool runTensorInspection(const ls::ModelFolder& folder, const QString& layerName, QuantScheme scheme, bool doubleQuant,
                         int blocksize, TensorInspection* out, QString* error) {
    const QString dir = QString::fromStdString(folder.dir().string());
    try {
        const TensorView& t = folder.get(layerName.toStdString() + ".weight");
        if (t.dtype != DType::F32 && t.dtype != DType::BF16 && t.dtype != DType::F16) {
            ls::fail(t.name + ": dtype " + dtypeName(t.dtype) + " cannot be quantized (needs F32, BF16 or F16)");
        }
        out->layerName = layerName;
        out->scheme = scheme;
        out->doubleQuant = scheme != QuantScheme::Int4 && doubleQuant;
        out->blocksize = blocksize;
        out->shape.clear();
        for (int64_t d : t.shape) out->shape << d;
        out->dtype = QString::fromLatin1(dtypeName(t.dtype));
        out->numel = t.numel();
        if (scheme == QuantScheme::Int4)
            inspectInt4(t, blocksize, out);
        else
            inspect4bit(t, scheme, doubleQuant, blocksize, out);
        return true;
    } catch (const std::exception& e) {
        *error = oneLine(dir, e.what());
    } catch (...) {
        *error = oneLine(dir, "unknown error");
    }
    return false;
}

}  // namespace ls::gui
