#include "inspect_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "code_histogram_plot.h"
#include "code_usage_plot.h"
#include "error_banner.h"
#include "format.h"
#include "heatmap_plot.h"
#include "key_value_card.h"
#include "labels.h"
#include "loading_row.h"
#include "model_inspector.h"
#include "page_layout.h"
#include "tensor_inspector.h"

namespace ls::gui {

namespace {

// Models up to this size are analysed as soon as the page is shown; larger ones wait for Analyse
// (every linear weight is quantized five times on the CPU).
constexpr qint64 kAutoAnalyseParams = 300'000'000;

QString decimal(double value, int digits) { return QLocale().toString(value, 'f', digits); }

}  // namespace

InspectPage::InspectPage(QWidget* parent)
    : QWidget(parent),
      m_inspector(new ModelInspector(this)),
      m_tensorInspector(new TensorInspector(this)),
      m_banner(new ErrorBanner),
      m_schemeCombo(new QComboBox),
      m_dqCheck(new QCheckBox(tr("Double quantization"))),
      m_analyse(new QPushButton(tr("Analyse"))),
      m_runningRow(new LoadingRow(LoadingRow::Indicator::ProgressBar)),
      m_stack(new QStackedWidget),
      m_emptyText(new QLabel),
      m_content(new QWidget),
      m_heatmap(new HeatmapPlot),
      m_layerSpin(new QSpinBox),
      m_moduleCombo(new QComboBox),
      m_tensorName(new QLabel),
      m_histogram(new CodeHistogramPlot),
      m_usage(new CodeUsagePlot),
      m_card(new KeyValueCard) {
    // Header: title, scheme, double quantization, Analyse.
    m_schemeCombo->addItem(tr("NF4"), int(QuantScheme::NF4));
    m_schemeCombo->setItemData(0,
                               tr("4-bit NormalFloat: 16 levels at the quantiles of a normal distribution, as "
                                  "QLoRA stores the base model"),
                               Qt::ToolTipRole);
    m_schemeCombo->addItem(tr("FP4"), int(QuantScheme::FP4));
    m_schemeCombo->setItemData(1,
                               tr("4-bit floating point (1 sign, 2 exponent, 1 mantissa bit), bitsandbytes' "
                                  "other 4-bit type"),
                               Qt::ToolTipRole);
    m_schemeCombo->addItem(tr("int4"), int(QuantScheme::Int4));
    m_schemeCombo->setItemData(2, tr("Plain symmetric integers -7 … 7 times absmax / 7 per block, for comparison"),
                               Qt::ToolTipRole);
    m_schemeCombo->setToolTip(tr("The 4-bit scheme the heatmap and the plots show"));
    m_dqCheck->setChecked(true);
    m_dqCheck->setToolTip(
        tr("Also quantize the per-block scales (absmax) to 8 bits, as QLoRA does: about 0.37 "
           "fewer bits per parameter for a slightly larger error. Not used by int4."));
    m_analyse->setToolTip(
        tr("Quantize every linear weight of the model in memory under each scheme and "
           "measure the error (nothing is written)"));
    auto* schemeLabel = new QLabel(tr("Scheme:"));
    schemeLabel->setBuddy(m_schemeCombo);

    auto* header = new QHBoxLayout;
    header->addWidget(pageTitle(tr("Inspect")));
    header->addStretch(1);
    header->addWidget(schemeLabel);
    header->addWidget(m_schemeCombo);
    header->addSpacing(8);
    header->addWidget(m_dqCheck);
    header->addSpacing(8);
    header->addWidget(m_analyse);

    auto* intro =
        new QLabel(tr("How much 4-bit quantization changes the base model's linear weights: each "
                      "weight is split into blocks of 64, scaled by its block's absmax and rounded to "
                      "one of 16 codes. Click a cell of the heatmap to look at that weight."));
    intro->setWordWrap(true);
    intro->setForegroundRole(QPalette::PlaceholderText);

    // Running row: progress, what is being quantized, cancel.
    m_runningRow->setCancelToolTip(tr("Stop the analysis; the results so far are discarded"));

    // Empty state.
    m_emptyText->setAlignment(Qt::AlignCenter);
    m_emptyText->setWordWrap(true);
    m_emptyText->setForegroundRole(QPalette::PlaceholderText);
    auto* empty = new QWidget;
    auto* emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch(1);
    emptyLayout->addWidget(m_emptyText);
    emptyLayout->addStretch(2);

    // Left: the heatmap.
    m_heatmap->setAxisLabels(tr("decoder layer"), tr("module"));
    m_heatmap->setValueLabel(tr("relative error (%)"));
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_heatmap, 1);
    auto* hint =
        new QLabel(tr("One colour scale for all schemes, so switching the scheme compares them. "
                      "Right-click a plot to save it as an image or CSV."));
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    leftLayout->addWidget(hint);

    // Right: the selected weight.
    m_layerSpin->setToolTip(tr("Decoder layer"));
    m_moduleCombo->setToolTip(tr("Module type: q, k, v, o (attention), gate, up, down (MLP)"));
    m_tensorName->setTextFormat(Qt::PlainText);
    m_tensorName->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layerLabel = new QLabel(tr("Layer:"));
    layerLabel->setBuddy(m_layerSpin);
    auto* moduleLabel = new QLabel(tr("Module:"));
    moduleLabel->setBuddy(m_moduleCombo);
    auto* selection = new QHBoxLayout;
    selection->addWidget(boldLabel(tr("Selected weight")));
    selection->addSpacing(8);
    selection->addWidget(layerLabel);
    selection->addWidget(m_layerSpin);
    selection->addWidget(moduleLabel);
    selection->addWidget(m_moduleCombo);
    selection->addSpacing(8);
    selection->addWidget(m_tensorName, 1);

    m_card->setMinimumWidth(220);
    m_card->setMaximumWidth(340);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_usage, 1);
    bottom->addWidget(m_card);
    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(selection);
    rightLayout->addWidget(m_histogram, 3);
    rightLayout->addLayout(bottom, 2);

    auto* splitter = paneSplitter(Qt::Horizontal, {{left, 2}, {right, 3}});
    splitter->setSizes({380, 570});
    auto* contentLayout = new QVBoxLayout(m_content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(splitter);

    m_stack->addWidget(empty);
    m_stack->addWidget(m_content);

    auto* layout = pageLayout(this);
    layout->addLayout(header);
    layout->addWidget(intro);
    layout->addWidget(m_banner);
    layout->addWidget(m_runningRow);
    layout->addWidget(m_stack, 1);

    connect(m_analyse, &QPushButton::clicked, this, &InspectPage::startInspection);
    connect(m_runningRow, &LoadingRow::cancelRequested, this, &InspectPage::cancelInspection);
    connect(m_schemeCombo, &QComboBox::currentIndexChanged, this, &InspectPage::onSchemeChanged);
    connect(m_dqCheck, &QCheckBox::toggled, this, &InspectPage::onSchemeChanged);
    connect(m_layerSpin, &QSpinBox::valueChanged, this, &InspectPage::onSelectionControlsChanged);
    connect(m_moduleCombo, &QComboBox::currentIndexChanged, this, &InspectPage::onSelectionControlsChanged);
    connect(m_heatmap, &HeatmapPlot::cellClicked, this, &InspectPage::select);
    connect(m_inspector, &ModelInspector::started, this, &InspectPage::onStarted);
    connect(m_inspector, &ModelInspector::progress, this, &InspectPage::onProgress);
    connect(m_inspector, &ModelInspector::finished, this, &InspectPage::onFinished);
    connect(m_inspector, &ModelInspector::failed, this, &InspectPage::onFailed);
    connect(m_inspector, &ModelInspector::canceled, this, &InspectPage::onCanceled);
    connect(m_tensorInspector, &TensorInspector::finished, this, &InspectPage::onTensorFinished);
    connect(m_tensorInspector, &TensorInspector::failed, this, &InspectPage::onTensorFailed);

    m_analyse->setEnabled(false);
    showEmpty(
        tr("No model loaded yet.\n\nOpen one on the Model page; its linear weights are then quantized here "
           "in memory (nothing is written)."));
}

InspectPage::~InspectPage() = default;

void InspectPage::setModel(const QString& dir, qint64 paramCount) {
    m_inspector->cancel();
    m_tensorInspector->cancel();
    m_dir = dir;
    m_paramCount = paramCount;
    m_attempted = false;
    m_result.reset();
    m_tensor.reset();
    m_banner->dismiss();
    m_heatmap->clear();
    clearSelectionDetails();
    m_analyse->setEnabled(true);
    m_analyse->setText(tr("Analyse"));
    showEmpty(tr("Press Analyse to quantize every linear weight of %1 under NF4, FP4 and int4 and measure the "
                 "error.")
                  .arg(QDir(dir).dirName()));
    if (isVisible() && paramCount <= kAutoAnalyseParams) startInspection();
}

void InspectPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!m_dir.isEmpty() && !m_attempted && !isInspecting() && m_paramCount <= kAutoAnalyseParams) startInspection();
}

void InspectPage::startInspection() {
    if (m_dir.isEmpty()) return;
    m_attempted = true;
    m_banner->dismiss();
    m_inspector->start(m_dir, m_blocksize);
}

void InspectPage::cancelInspection() { m_inspector->cancel(); }

bool InspectPage::isInspecting() const { return m_inspector->isRunning(); }

bool InspectPage::isBusy() const { return m_inspector->isRunning() || m_tensorInspector->isRunning(); }

void InspectPage::maybeSettled() {
    if (!isBusy()) Q_EMIT settled();
}

void InspectPage::onStarted(const QString& dir) {
    m_runningRow->start(tr("Opening %1 …").arg(QDir::toNativeSeparators(dir)));
    m_analyse->setEnabled(false);
    Q_EMIT inspectionStarted(dir);
}

void InspectPage::onProgress(int done, int total, const QString& current) {
    if (total <= 0) return;
    m_runningRow->setProgress(done, total);
    m_runningRow->setMessage(tr("Quantized %1 of %Ln weights · %2", nullptr, total).arg(done).arg(current));
}

void InspectPage::hideRunningRow() {
    m_runningRow->stop();
    m_analyse->setEnabled(!m_dir.isEmpty());
}

QPushButton* InspectPage::cancelButton() const { return m_runningRow->cancelButton(); }

QProgressBar* InspectPage::progressBar() const { return m_runningRow->progressBar(); }

void InspectPage::onFinished(const ModelInspection& result) {
    hideRunningRow();
    m_analyse->setText(tr("Analyse Again"));
    m_result = std::make_unique<ModelInspection>(result);
    m_updatingControls = true;
    m_layerSpin->setRange(0, qMax(0, result.layerCount - 1));
    m_moduleCombo->clear();
    m_moduleCombo->addItems(result.modules);
    m_updatingControls = false;
    m_stack->setCurrentWidget(m_content);
    updateHeatmap();
    // Start with the first weight there is.
    int first = 0;
    while (first < result.cells.size() && !result.cells[first].present) ++first;
    const int cols = qMax<int>(1, result.modules.size());
    select(first < result.cells.size() ? first / cols : 0, first < result.cells.size() ? first % cols : 0);
    Q_EMIT inspectionFinished(result.layerCount, int(result.modules.size()));
    maybeSettled();
}

void InspectPage::onFailed(const QString& dir, const QString& message) {
    hideRunningRow();
    m_banner->showError(tr("Could not inspect %1").arg(QDir(dir).dirName()), message);
    showEmpty(tr("No results for %1.").arg(QDir(dir).dirName()));
    Q_EMIT inspectionFailed(dir, message);
    maybeSettled();
}

void InspectPage::onCanceled() {
    hideRunningRow();
    if (!m_result) showEmpty(tr("Analysis canceled. Press Analyse to start it again."));
    Q_EMIT inspectionCanceled();
    maybeSettled();
}

void InspectPage::showEmpty(const QString& text) {
    m_emptyText->setText(text);
    m_stack->setCurrentIndex(0);
}

void InspectPage::setScheme(QuantScheme scheme) {
    const int index = m_schemeCombo->findData(int(scheme));
    if (index >= 0) m_schemeCombo->setCurrentIndex(index);
}

QuantScheme InspectPage::scheme() const { return static_cast<QuantScheme>(m_schemeCombo->currentData().toInt()); }

void InspectPage::setDoubleQuant(bool on) { m_dqCheck->setChecked(on); }

bool InspectPage::doubleQuant() const { return scheme() != QuantScheme::Int4 && m_dqCheck->isChecked(); }

int InspectPage::selectedLayer() const { return m_result ? m_layerSpin->value() : -1; }

int InspectPage::selectedModule() const { return m_result ? m_moduleCombo->currentIndex() : -1; }

void InspectPage::onSchemeChanged() {
    m_dqCheck->setEnabled(scheme() != QuantScheme::Int4);
    updateHeatmap();
    inspectSelection();
}

void InspectPage::updateHeatmap() {
    if (!m_result) return;
    QStringList rows;
    for (int i = 0; i < m_result->layerCount; ++i) rows << QString::number(i);
    double low = 0.0, high = 0.0;
    m_result->errorRange(&low, &high);
    // Shown in percent: "9.11" reads better in a small cell than "0.0911".
    QVector<double> values = m_result->errors(schemeKey(scheme(), doubleQuant()));
    for (double& v : values) v *= 100.0;
    m_heatmap->setData(rows, m_result->modules, values, low * 100.0, high * 100.0);
    m_heatmap->setTitle(tr("Relative error ‖W − Q(W)‖ / ‖W‖\n%1").arg(schemeDisplayName(scheme(), doubleQuant())));
}

void InspectPage::select(int layer, int module) {
    if (!m_result || layer < 0 || module < 0 || layer >= m_result->layerCount || module >= m_result->modules.size())
        return;
    m_updatingControls = true;
    m_layerSpin->setValue(layer);
    m_moduleCombo->setCurrentIndex(module);
    m_updatingControls = false;
    m_heatmap->setSelectedCell(layer, module);
    inspectSelection();
}

void InspectPage::onSelectionControlsChanged() {
    if (m_updatingControls) return;
    select(m_layerSpin->value(), m_moduleCombo->currentIndex());
}

void InspectPage::inspectSelection() {
    if (!m_result) return;
    const ModelInspection::Cell* cell = m_result->cell(m_layerSpin->value(), m_moduleCombo->currentIndex());
    if (!cell) {
        m_tensorInspector->cancel();
        clearSelectionDetails();
        m_tensorName->setText(
            tr("Layer %1 has no %2 projection").arg(m_layerSpin->value()).arg(m_moduleCombo->currentText()));
        maybeSettled();
        return;
    }
    QVector<qint64> shape = cell->shape;
    m_tensorName->setText(QStringLiteral("%1  %2").arg(cell->layerName, shapeText(shape)));
    m_tensorName->setToolTip(cell->layerName + QStringLiteral(".weight"));
    m_tensorInspector->start(m_result->folder, cell->layerName, scheme(), doubleQuant(), m_result->blocksize);
}

void InspectPage::clearSelectionDetails() {
    m_histogram->clear();
    m_usage->clear();
    m_card->clear();
    m_card->setTitle(tr("Error of this weight"));
    m_tensorName->clear();
}

void InspectPage::onTensorFinished(const TensorInspection& r) {
    m_tensor = std::make_unique<TensorInspection>(r);
    const QString name = schemeDisplayName(r.scheme, r.doubleQuant);
    m_histogram->setHistogram(r.normHistogram, r.normLow, r.normHigh);
    m_histogram->setCodeValues(r.codeValues);
    m_histogram->setTitle(
        tr("Weights / block absmax, with the %1 code values of %2").arg(r.codeValues.size()).arg(name));
    m_usage->setUsage(r.codeValues, r.codeCounts);
    m_usage->setTitle(
        tr("Code usage · entropy %1 of %2 bits").arg(decimal(r.entropyBits, 2), decimal(r.maxEntropyBits, 2)));

    QVector<KeyValueCard::Row> rows;
    rows.push_back({tr("Scheme"), tr("%1, blocks of %2").arg(name).arg(r.blocksize),
                    tr("Stored as %1 %2 weights").arg(exactCount(r.numel), r.dtype)});
    rows.push_back({tr("Relative error"), decimal(r.relFrobeniusError, 5),
                    tr("‖W − Q(W)‖ / ‖W‖ with Frobenius norms, in double precision")});
    rows.push_back({tr("Max abs error"), QLocale().toString(r.maxAbsError, 'g', 4),
                    tr("The largest |w − q(w)| over all weights")});
    rows.push_back({tr("Cosine similarity"), decimal(r.cosineSimilarity, 6),
                    tr("Between W and its dequantized copy, as flat vectors")});
    rows.push_back({tr("Bits / parameter"), decimal(r.bitsPerParameter, 3),
                    tr("Stored bits per weight: the 4-bit codes plus the block scales")});
    rows.push_back({tr("Outlier blocks"), tr("%1 of %2").arg(exactCount(r.outlierCount), exactCount(r.blocks)),
                    tr("Blocks whose absmax is over 8 × the median absmax (median %1, largest %2)")
                        .arg(QLocale().toString(r.absmaxMedian, 'g', 4), QLocale().toString(r.absmaxMax, 'g', 4))});
    rows.push_back({tr("Code entropy"), tr("%1 bits").arg(decimal(r.entropyBits, 3)),
                    tr("How evenly the codes are used; at most %1 bits").arg(decimal(r.maxEntropyBits, 2))});
    m_card->setTitle(tr("Error of this weight"));
    m_card->setSubtitle(r.layerName);
    m_card->setRows(rows);
    Q_EMIT tensorInspected(r.layerName);
    maybeSettled();
}

void InspectPage::onTensorFailed(const QString& layerName, const QString& message) {
    m_banner->showError(tr("Could not inspect %1").arg(layerName), message);
    clearSelectionDetails();
    maybeSettled();
}

}  // namespace ls::gui
