#include "hyperparameter_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>
#include <QStandardItemModel>
#include <cmath>

#include "training_setup.h"

namespace ls::gui {

namespace {

constexpr int kMaxRank = 4096;
constexpr double kMinLr = 1e-10;
constexpr double kMaxLr = 9.99;  // validateTrainConfig: lr in (0, 10)
constexpr int kMaxBatch = 65536;
constexpr int kMaxSeqLen = 1 << 20;
constexpr int kMinSeqLen = 2;
constexpr double kMaxEvalPercent = 90.0;
constexpr int kMaxStreamedLayers = 1000;  // before a model gives its layer count
constexpr int kFieldWidth = 120;

QLabel* sectionTitle(const QString& text, int spaceAbove) {
    auto* label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setContentsMargins(0, spaceAbove, 0, 2);
    return label;
}

QLabel* hintLabel() {
    auto* label = new QLabel;
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setTextFormat(Qt::PlainText);
    return label;
}

// A field with a hint to its right.
QWidget* withHint(QWidget* field, QWidget* hint) {
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(field);
    layout->addWidget(hint, 1);
    return row;
}

// Whether `spin` shows `value` as it would after setValue(value) (rounded to its decimals).
bool showsValue(const QDoubleSpinBox* spin, double value) {
    return std::abs(spin->value() - value) < 0.5 * std::pow(10.0, -spin->decimals());
}

template <typename Spin>
Spin* spin(const QString& toolTip) {
    auto* s = new Spin;
    s->setToolTip(toolTip);
    s->setFixedWidth(kFieldWidth);
    s->setAlignment(Qt::AlignRight);
    return s;
}

// Weight streaming needs the GPU and dense base weights (validateTrainConfig rejects it otherwise).
bool streamingApplies(ls::Device device, ls::LoraMethod method) {
    return device == ls::Device::CUDA && method != ls::LoraMethod::QLora;
}

}  // namespace

QString HyperparameterForm::formatLearningRate(double lr) {
    if (!(lr > 0.0) || !std::isfinite(lr)) return QString::number(lr);
    if (lr >= 0.01) return QString::number(lr, 'g', 6);
    int exponent = static_cast<int>(std::floor(std::log10(lr)));
    double mantissa = lr / std::pow(10.0, exponent);
    mantissa = std::round(mantissa * 1e5) / 1e5;
    if (mantissa >= 10.0) {
        mantissa /= 10.0;
        ++exponent;
    }
    return QStringLiteral("%1e%2").arg(QString::number(mantissa, 'g', 6)).arg(exponent);
}

bool HyperparameterForm::parseLearningRate(const QString& text, double* lr) {
    const QString t = text.trimmed();
    bool ok = false;
    double value = QLocale::c().toDouble(t, &ok);
    if (!ok) value = QLocale().toDouble(t, &ok);
    if (!ok || !std::isfinite(value) || value < kMinLr || value > kMaxLr) return false;
    *lr = value;
    return true;
}

HyperparameterForm::HyperparameterForm(bool cudaAvailable, QWidget* parent)
    : QWidget(parent),
      m_rank(spin<QSpinBox>(tr("Rank r of the update B·A: more capacity, more memory and parameters (1 to 4096)"))),
      m_alpha(spin<QDoubleSpinBox>(tr("lora_alpha: the update is scaled by alpha / r (alpha / √r with rsLoRA)"))),
      m_scalingHint(hintLabel()),
      m_dropout(spin<QDoubleSpinBox>(
          tr("lora_dropout: dropout on the adapter input while training (0 = off; more than 0 keeps a mask "
             "per adapted module)"))),
      m_rslora(new QCheckBox(tr("Rank-stabilised scaling (rsLoRA)"))),
      m_lr(new QLineEdit),
      m_schedule(new QComboBox),
      m_warmup(spin<QSpinBox>(tr("Optimizer steps over which the learning rate rises linearly from 0"))),
      m_steps(spin<QSpinBox>(tr("Optimizer steps to train"))),
      m_epochs(spin<QDoubleSpinBox>(tr("Passes over the training split (fractions allowed)"))),
      m_lengthUnit(new QComboBox),
      m_batch(spin<QSpinBox>(tr("Sequences per micro-batch: activation memory grows with it"))),
      m_accum(spin<QSpinBox>(
          tr("Micro-batches per optimizer step: a larger effective batch without more activation memory"))),
      m_effectiveHint(hintLabel()),
      m_seqLen(spin<QSpinBox>(tr("Tokens per training sequence; longer examples are cut at the end"))),
      m_seqLenHint(hintLabel()),
      m_checkpointing(new QCheckBox(tr("Gradient checkpointing"))),
      m_cudaGraphs(new QCheckBox(tr("Replay steps as CUDA graphs"))),
      m_offload(new QCheckBox(tr("Offload activations to host memory"))),
      m_streamed(spin<QSpinBox>(
          tr("On the GPU, the frozen weights of this many decoder layers (spread evenly) stay in host memory and "
             "are copied in just before each use, in the forward and again in the backward pass. The GPU keeps two "
             "layers' worth for all of them: N layers save N − 2 layers of GPU memory, for N × a layer's size of "
             "PCIe traffic per pass. Pairs well with gradient checkpointing; not with QLoRA (its 4-bit weights are "
             "small already)"))),
      m_evalPercent(spin<QDoubleSpinBox>(tr("Share of the examples held out to measure the eval loss (0 = none)"))),
      m_device(new QComboBox) {
    m_rank->setRange(1, kMaxRank);
    m_alpha->setRange(0.01, 1e6);
    m_alpha->setDecimals(2);
    m_alpha->setSingleStep(1.0);
    m_dropout->setRange(0.0, 0.95);
    m_dropout->setDecimals(2);
    m_dropout->setSingleStep(0.05);
    m_rslora->setToolTip(tr("Scale the update by alpha / √r instead of alpha / r, so high ranks keep learning"));

    m_lr->setFixedWidth(kFieldWidth);
    m_lr->setAlignment(Qt::AlignRight);
    m_lr->setToolTip(tr("Peak learning rate of AdamW, e.g. 2e-4 (between 1e-10 and 9.99)"));
    auto* validator = new QDoubleValidator(kMinLr, kMaxLr, 12, m_lr);
    validator->setNotation(QDoubleValidator::ScientificNotation);
    validator->setLocale(QLocale::c());
    m_lr->setValidator(validator);
    m_schedule->setFixedWidth(kFieldWidth);
    m_schedule->addItem(tr("constant"), int(ls::LrSchedule::Constant));
    m_schedule->addItem(tr("linear decay"), int(ls::LrSchedule::Linear));
    m_schedule->addItem(tr("cosine decay"), int(ls::LrSchedule::Cosine));
    m_schedule->setToolTip(tr("After the warmup: keep the rate, or decay it linearly or along half a cosine to 0"));
    m_warmup->setRange(0, 10'000'000);

    m_steps->setRange(1, 1'000'000'000);
    m_epochs->setRange(0.01, 1000.0);
    m_epochs->setDecimals(2);
    m_epochs->setSingleStep(0.5);
    m_lengthUnit->addItem(tr("steps"));
    m_lengthUnit->addItem(tr("epochs"));
    m_lengthUnit->setToolTip(tr("Give the length in optimizer steps or in passes over the data"));

    m_batch->setRange(1, kMaxBatch);
    m_accum->setRange(1, kMaxBatch);
    m_seqLen->setRange(kMinSeqLen, kMaxSeqLen);
    m_seqLen->setSingleStep(128);
    m_checkpointing->setToolTip(
        tr("Recompute each decoder layer in the backward pass instead of keeping its activations: much less "
           "activation memory for about a third more compute"));
    m_cudaGraphs->setToolTip(
        tr("On the GPU, capture each step's kernels once per batch shape and replay them: the CPU no longer "
           "limits the speed. Not used with dropout or an adapter on lm_head"));
    m_offload->setToolTip(
        tr("On the GPU, keep the largest activations (SwiGLU's gate and up) of about the first three quarters "
           "of the layers in host memory between the forward and the backward pass: a few GiB less GPU memory, "
           "copied while the GPU computes, for a small slowdown. Not with gradient checkpointing"));
    m_streamed->setRange(0, kMaxStreamedLayers);
    m_streamed->setSpecialValueText(tr("off"));
    m_streamed->setSuffix(tr(" layers"));
    m_evalPercent->setRange(0.0, kMaxEvalPercent);
    m_evalPercent->setDecimals(1);
    m_evalPercent->setSingleStep(5.0);
    m_evalPercent->setSuffix(tr(" %"));

    m_device->addItem(tr("CPU"), int(ls::Device::CPU));
    m_device->addItem(tr("CUDA GPU"), int(ls::Device::CUDA));
    m_device->setFixedWidth(kFieldWidth);
    if (cudaAvailable) {
        m_device->setToolTip(tr("Where the run trains"));
    } else {
        const QString why =
            tr("No CUDA GPU was found (or this build of LoRA Studio has no CUDA support), so "
               "training runs on the CPU");
        if (auto* model = qobject_cast<QStandardItemModel*>(m_device->model())) {
            QStandardItem* cuda = model->item(1);
            cuda->setEnabled(false);
            cuda->setToolTip(why);
        }
        m_device->setToolTip(why);
    }

    auto* length = new QWidget;
    auto* lengthLayout = new QHBoxLayout(length);
    lengthLayout->setContentsMargins(0, 0, 0, 0);
    lengthLayout->setSpacing(8);
    lengthLayout->addWidget(m_steps);
    lengthLayout->addWidget(m_epochs);
    lengthLayout->addWidget(m_lengthUnit);
    lengthLayout->addStretch(1);

    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setHorizontalSpacing(12);
    form->setVerticalSpacing(6);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    // A label names its field and shows the field's tooltip too.
    auto addRow = [form](const QString& text, QWidget* field, QWidget* described) {
        auto* label = new QLabel(text);
        label->setBuddy(described);
        label->setToolTip(described->toolTip());
        form->addRow(label, field);
    };
    form->addRow(sectionTitle(tr("Adapter"), 0));
    addRow(tr("Rank r"), m_rank, m_rank);
    addRow(tr("Alpha"), withHint(m_alpha, m_scalingHint), m_alpha);
    addRow(tr("Dropout"), m_dropout, m_dropout);
    form->addRow(QString(), m_rslora);
    form->addRow(sectionTitle(tr("Training"), 8));
    addRow(tr("Learning rate"), m_lr, m_lr);
    addRow(tr("Schedule"), m_schedule, m_schedule);
    addRow(tr("Warmup steps"), m_warmup, m_warmup);
    addRow(tr("Train for"), length, m_steps);
    addRow(tr("Batch size"), m_batch, m_batch);
    addRow(tr("Accumulation"), withHint(m_accum, m_effectiveHint), m_accum);
    addRow(tr("Sequence length"), withHint(m_seqLen, m_seqLenHint), m_seqLen);
    form->addRow(QString(), m_checkpointing);
    form->addRow(QString(), m_cudaGraphs);
    form->addRow(QString(), m_offload);
    addRow(tr("Stream weights"), m_streamed, m_streamed);
    addRow(tr("Eval split"), m_evalPercent, m_evalPercent);
    addRow(tr("Device"), m_device, m_device);

    for (QSpinBox* s : {m_rank, m_warmup, m_steps, m_batch, m_accum, m_seqLen, m_streamed})
        connect(s, &QSpinBox::valueChanged, this, &HyperparameterForm::onEdited);
    for (QDoubleSpinBox* s : {m_alpha, m_dropout, m_epochs, m_evalPercent})
        connect(s, &QDoubleSpinBox::valueChanged, this, &HyperparameterForm::onEdited);
    for (QCheckBox* c : {m_rslora, m_checkpointing, m_cudaGraphs, m_offload})
        connect(c, &QCheckBox::toggled, this, &HyperparameterForm::onEdited);
    for (QComboBox* c : {m_schedule, m_device})
        connect(c, &QComboBox::currentIndexChanged, this, &HyperparameterForm::onEdited);
    connect(m_lengthUnit, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_steps->setVisible(index == 0);
        m_epochs->setVisible(index == 1);
        onEdited();
    });
    connect(m_lr, &QLineEdit::textEdited, this, [this] {
        // Invalid text is shown in red and not applied until it parses.
        double lr = 0;
        const bool ok = parseLearningRate(m_lr->text(), &lr);
        m_lr->setStyleSheet(ok ? QString() : QStringLiteral("QLineEdit { color: #c62828; }"));
        if (ok) onEdited();
    });
    connect(m_lr, &QLineEdit::editingFinished, this, [this] {
        double lr = 0;
        if (parseLearningRate(m_lr->text(), &lr)) m_lr->setText(formatLearningRate(lr));
    });
    setConfig(defaultTrainConfig());
}

void HyperparameterForm::setConfig(const ls::TrainConfig& c) {
    m_syncing = true;
    m_rank->setValue(static_cast<int>(c.lora.r));
    m_alpha->setValue(c.lora.alpha);
    m_dropout->setValue(c.lora.dropout);
    m_rslora->setChecked(c.lora.useRslora);
    double shown = 0;
    if (!parseLearningRate(m_lr->text(), &shown) || shown != c.lr) m_lr->setText(formatLearningRate(c.lr));
    m_lr->setStyleSheet(QString());
    m_schedule->setCurrentIndex(m_schedule->findData(int(c.schedule)));
    m_warmup->setValue(static_cast<int>(std::min<int64_t>(c.warmupSteps, m_warmup->maximum())));
    const bool bySteps = c.steps > 0;
    if (bySteps) m_steps->setValue(static_cast<int>(std::min<int64_t>(c.steps, m_steps->maximum())));
    m_epochs->setValue(c.epochs);
    m_lengthUnit->setCurrentIndex(bySteps ? 0 : 1);
    m_steps->setVisible(bySteps);
    m_epochs->setVisible(!bySteps);
    m_batch->setValue(c.batchSize);
    m_accum->setValue(c.gradAccum);
    m_seqLen->setValue(c.data.seqLen);
    m_checkpointing->setChecked(c.gradCheckpointing);
    m_cudaGraphs->setChecked(c.cudaGraphs);
    m_offload->setChecked(c.offloadActivations);
    m_method = c.lora.method;
    // Where streaming does not apply the config holds 0, and the field keeps the last value, greyed out.
    if (c.streamedLayers > 0 || streamingApplies(c.device, c.lora.method))
        m_streamed->setValue(static_cast<int>(std::min<int64_t>(c.streamedLayers, m_streamed->maximum())));
    m_evalPercent->setValue(c.data.evalFraction * 100.0);
    m_device->setCurrentIndex(m_device->findData(int(c.device)));
    updateHints();
    m_syncing = false;
}

void HyperparameterForm::applyTo(ls::TrainConfig& c) const {
    c.lora.r = m_rank->value();
    // Decimal fields are written only when they no longer show the config's value, so values a field
    // rounds (an eval fraction of 0.12345 from a config file) survive edits of other fields.
    if (!showsValue(m_alpha, c.lora.alpha)) c.lora.alpha = m_alpha->value();
    if (!showsValue(m_dropout, c.lora.dropout)) c.lora.dropout = m_dropout->value();
    c.lora.useRslora = m_rslora->isChecked();
    double lr = 0;
    if (m_lr->text() != formatLearningRate(c.lr) && parseLearningRate(m_lr->text(), &lr)) c.lr = lr;
    c.schedule = static_cast<ls::LrSchedule>(m_schedule->currentData().toInt());
    c.warmupSteps = m_warmup->value();
    if (m_lengthUnit->currentIndex() == 0) {
        c.steps = m_steps->value();
    } else {
        c.steps = 0;
        if (!showsValue(m_epochs, c.epochs)) c.epochs = m_epochs->value();
    }
    c.batchSize = m_batch->value();
    c.gradAccum = m_accum->value();
    c.data.seqLen = m_seqLen->value();
    c.gradCheckpointing = m_checkpointing->isChecked();
    c.cudaGraphs = m_cudaGraphs->isChecked();
    c.offloadActivations = m_offload->isChecked();
    if (!showsValue(m_evalPercent, c.data.evalFraction * 100.0)) c.data.evalFraction = m_evalPercent->value() / 100.0;
    c.device = static_cast<ls::Device>(m_device->currentData().toInt());
    if (c.device != ls::Device::CUDA) c.pagedOptimizer = false;  // paged AdamW states need CUDA
    c.streamedLayers = streamingApplies(c.device, c.lora.method) ? m_streamed->value() : 0;
}

void HyperparameterForm::setContextLength(qint64 positions) {
    m_context = positions;
    updateHints();
}

void HyperparameterForm::setLayerCount(int layers) {
    // A value above the new maximum is clamped, and the clamped value is an edit like any other.
    m_streamed->setMaximum(layers > 0 ? layers : kMaxStreamedLayers);
}

void HyperparameterForm::setMethod(ls::LoraMethod method) {
    m_method = method;
    updateHints();
}

void HyperparameterForm::onEdited() {
    updateHints();
    if (!m_syncing) Q_EMIT edited();
}

void HyperparameterForm::updateHints() {
    ls::LoraOptions lora;
    lora.r = m_rank->value();
    lora.alpha = m_alpha->value();
    lora.useRslora = m_rslora->isChecked();
    m_scalingHint->setText(tr("scaling %1").arg(QLocale().toString(lora.scaling(), 'g', 3)));
    m_effectiveHint->setText(tr("effective batch %1").arg(m_batch->value() * m_accum->value()));
    // Graphs only exist on the GPU: greyed out (the setting kept) while the device is the CPU.
    const bool cuda = static_cast<ls::Device>(m_device->currentData().toInt()) == ls::Device::CUDA;
    m_cudaGraphs->setEnabled(cuda);
    // Checkpointing keeps no activations to offload.
    m_offload->setEnabled(cuda && !m_checkpointing->isChecked());
    // Streaming needs dense weights as well: greyed out for QLoRA.
    m_streamed->setEnabled(cuda && m_method != ls::LoraMethod::QLora);
    const bool tooLong = m_context > 0 && m_seqLen->value() > m_context;
    m_seqLenHint->setText(tooLong ? tr("above the model's %1").arg(m_context) : QString());
    m_seqLenHint->setToolTip(
        tooLong ? tr("The model was trained on up to %1 positions (max_position_embeddings)").arg(m_context)
                : QString());
    m_seqLenHint->setStyleSheet(tooLong ? QStringLiteral("color: #b26a00;") : QString());
}

}  // namespace ls::gui
