#include "weights_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <cmath>

#include "code_histogram_plot.h"
#include "format.h"
#include "labels.h"
#include "lorastudio/quant.h"
#include "update_norm_plot.h"

namespace ls::gui {

namespace {

constexpr double kRangeMargin = 1.05;  // the key axis reaches a little past ±absmax

struct Histogram {
    QVector<double> counts;
    double absmax = 0.0;
};

// Counts over [-absmax, absmax] in `bins` bins; non-finite values are left out.
Histogram histogramOf(const std::vector<float>& values, int bins) {
    Histogram h;
    for (float v : values)
        if (std::isfinite(v)) h.absmax = qMax(h.absmax, double(std::abs(v)));
    h.counts.fill(0.0, bins);
    const double range = h.absmax > 0.0 ? h.absmax : 1.0;
    for (float v : values) {
        if (!std::isfinite(v)) continue;
        const int bin = int(std::floor((double(v) + range) / (2.0 * range) * bins));
        h.counts[qBound(0, bin, bins - 1)] += 1.0;
    }
    return h;
}

}  // namespace

WeightsPanel::WeightsPanel(QWidget* parent)
    : QWidget(parent),
      m_stack(new QStackedWidget),
      m_empty(new QLabel),
      m_moduleCombo(new QComboBox),
      m_moduleLabel(new QLabel(tr("Module:"))),
      m_tensorCombo(new QComboBox),
      m_stepLabel(new QLabel),
      m_histogram(new CodeHistogramPlot),
      m_norms(new UpdateNormPlot) {
    m_moduleCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_moduleCombo->setToolTip(tr("The snapshotted module whose weights the histogram shows"));
    m_moduleLabel->setBuddy(m_moduleCombo);
    m_tensorCombo->setToolTip(
        tr("lora_A (r × in, random at the start) or lora_B (out × r, zero at the start, so it shows what "
           "training has learned)"));
    auto* tensorLabel = new QLabel(tr("Matrix:"));
    tensorLabel->setBuddy(m_tensorCombo);
    m_stepLabel->setForegroundRole(QPalette::PlaceholderText);

    m_norms->setAxisLabels(tr("decoder layer"), tr("‖scaling · B · A‖"));
    m_norms->setToolTip(
        tr("How far each module's adapter has moved the base weight: the Frobenius norm of its update "
           "scaling · B · A (scaling = α / r, or α / √r with rsLoRA)"));

    auto* selection = new QHBoxLayout;
    selection->addWidget(boldLabel(tr("Adapter weights")));
    selection->addSpacing(8);
    selection->addWidget(m_moduleLabel);
    selection->addWidget(m_moduleCombo);
    selection->addWidget(tensorLabel);
    selection->addWidget(m_tensorCombo);
    selection->addStretch(1);
    selection->addWidget(m_stepLabel);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_histogram);
    // QLoRA: below the update sizes, each update against the quantization error of the same base weight.
    m_quantRatio = new UpdateNormPlot;
    m_quantRatio->setAxisLabels(tr("decoder layer"), tr("update ÷ quantization error"));
    m_quantRatio->setToolTip(
        tr("‖scaling · B · A‖ ÷ ‖W − dequant(NF4(W))‖ for each module: above 1 the adapter has moved the "
           "weight further than 4-bit quantization did"));
    m_quantRatio->hide();
    auto* normsColumn = new QSplitter(Qt::Vertical);
    normsColumn->setChildrenCollapsible(false);
    normsColumn->addWidget(m_norms);
    normsColumn->addWidget(m_quantRatio);
    splitter->addWidget(normsColumn);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* content = new QWidget;
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addLayout(selection);
    contentLayout->addWidget(splitter, 1);

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(content);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_stack);

    connect(m_moduleCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (m_filling) return;
        fillTensors();
        showHistogram();
    });
    connect(m_tensorCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling) showHistogram();
    });
    clear(tr("No weight snapshots yet."));
}

QString WeightsPanel::moduleType(const QString& module) {
    QString last = module.section(QLatin1Char('.'), -1);
    if (last.endsWith(QLatin1String("_proj"))) last.chop(5);
    return last;
}

void WeightsPanel::clear(const QString& text) {
    m_snapshot.reset();
    m_empty->setText(text);
    m_stack->setCurrentWidget(m_empty);
    m_filling = true;
    m_moduleCombo->clear();
    m_tensorCombo->clear();
    m_filling = false;
    m_histogram->clear();
    m_norms->clear();
    m_norms->setTitle(QString());
    m_quantRatio->clear();
    m_quantRatio->hide();
    m_stepLabel->clear();
}

QString WeightsPanel::emptyText() const { return m_stack->currentWidget() == m_empty ? m_empty->text() : QString(); }

void WeightsPanel::setSnapshot(const ls::WeightSnapshot& snapshot) {
    m_snapshot = snapshot;
    m_stack->setCurrentIndex(1);
    m_stepLabel->setText(tr("Snapshot of step %1").arg(QLocale().toString(qint64(snapshot.step))));
    fillModules();
    showHistogram();
    showNorms();
}

void WeightsPanel::fillModules() {
    QStringList modules;
    for (const ls::TensorSnapshot& t : m_snapshot->tensors) {
        const QString name = QString::fromStdString(t.module);
        if (!modules.contains(name)) modules << name;
    }
    const QString current = m_moduleCombo->currentText();
    QStringList shown;
    for (int i = 0; i < m_moduleCombo->count(); ++i) shown << m_moduleCombo->itemText(i);
    m_filling = true;
    if (shown != modules) {
        m_moduleCombo->clear();
        m_moduleCombo->addItems(modules);
        const int keep = int(modules.indexOf(current));
        m_moduleCombo->setCurrentIndex(keep >= 0 ? keep : 0);
    }
    m_filling = false;
    // Only worth a picker when there is a choice.
    m_moduleCombo->setVisible(modules.size() > 1);
    m_moduleLabel->setVisible(modules.size() > 1);
    fillTensors();
}

void WeightsPanel::fillTensors() {
    if (!m_snapshot) return;
    const std::string module = m_moduleCombo->currentText().toStdString();
    QStringList tensors;
    for (const ls::TensorSnapshot& t : m_snapshot->tensors)
        if (t.module == module) tensors << QString::fromStdString(t.tensor);
    QStringList shown;
    for (int i = 0; i < m_tensorCombo->count(); ++i) shown << m_tensorCombo->itemText(i);
    if (shown == tensors) return;
    // lora_B by default: it starts at zero, so its histogram is what training has learned.
    const QString current = m_tensorCombo->count() ? m_tensorCombo->currentText() : QStringLiteral("lora_B");
    m_filling = true;
    m_tensorCombo->clear();
    m_tensorCombo->addItems(tensors);
    const int keep = int(tensors.indexOf(current));
    m_tensorCombo->setCurrentIndex(keep >= 0 ? keep : 0);
    m_filling = false;
}

bool WeightsPanel::selectModule(const QString& module) {
    const int i = m_moduleCombo->findText(module);
    if (i < 0) return false;
    m_moduleCombo->setCurrentIndex(i);
    return true;
}

bool WeightsPanel::selectTensor(const QString& tensor) {
    const int i = m_tensorCombo->findText(tensor);
    if (i < 0) return false;
    m_tensorCombo->setCurrentIndex(i);
    return true;
}

QString WeightsPanel::currentModule() const { return m_moduleCombo->currentText(); }

QString WeightsPanel::currentTensor() const { return m_tensorCombo->currentText(); }

void WeightsPanel::showHistogram() {
    if (!m_snapshot) return;
    const std::string module = currentModule().toStdString();
    const std::string tensor = currentTensor().toStdString();
    const ls::TensorSnapshot* found = nullptr;
    for (const ls::TensorSnapshot& t : m_snapshot->tensors)
        if (t.module == module && t.tensor == tensor) found = &t;
    if (!found) {
        m_histogram->clear();
        return;
    }
    const Histogram h = histogramOf(found->values, kHistogramBins);
    const double scale = h.absmax > 0.0 ? h.absmax : 1.0;
    QVector<double> codes;
    for (float c : ls::quant::codeBook(ls::quant::QuantType::NF4)) codes.push_back(double(c) * scale);
    QVector<qint64> shape(found->shape.begin(), found->shape.end());
    m_histogram->setHistogram(h.counts, -scale, scale);
    m_histogram->setKeyRange(-scale * kRangeMargin, scale * kRangeMargin);
    m_histogram->setCodeValues(codes);
    m_histogram->setTitle(
        tr("%1 %2 of %3").arg(QString::fromStdString(tensor), shapeText(shape), QString::fromStdString(module)));
    const QString absmax = QLocale().toString(h.absmax, 'g', 3);
    m_histogram->setAxisLabels(h.absmax > 0.0 ? tr("value · red lines: the 16 NF4 code values × absmax %1").arg(absmax)
                                              : tr("value · all zero so far (NF4 code values drawn for absmax 1)"),
                               tr("values"));
}

void WeightsPanel::showNorms() {
    QVector<UpdateNormPlot::Entry> entries;
    entries.reserve(int(m_snapshot->updateNorms.size()));
    for (const ls::ModuleUpdateNorm& n : m_snapshot->updateNorms)
        entries.push_back({int(n.layer), moduleType(QString::fromStdString(n.module)), n.norm});
    m_norms->setEntries(entries);
    m_norms->setTitle(tr("Update size per module"));
    QVector<UpdateNormPlot::Entry> ratios;
    for (const ls::ModuleUpdateNorm& n : m_snapshot->updateNorms)
        if (n.quantErrorNorm > 0.0)
            ratios.push_back({int(n.layer), moduleType(QString::fromStdString(n.module)), n.norm / n.quantErrorNorm});
    m_quantRatio->setVisible(!ratios.isEmpty());
    m_quantRatio->setEntries(ratios);
    m_quantRatio->setTitle(tr("Update against the NF4 quantization error"));
}

}  // namespace ls::gui
