#include "method_page.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <optional>

#include "choice_card.h"
#include "device_info.h"
#include "error_banner.h"
#include "format.h"
#include "hyperparameter_form.h"
#include "labels.h"
#include "lorastudio/memory_fit.h"
#include "memory_bars_plot.h"
#include "page_layout.h"
#include "target_selection.h"
#include "target_tree.h"
#include "training_setup.h"

namespace ls::gui {

namespace {

constexpr ls::LoraMethod kMethods[] = {ls::LoraMethod::Lora, ls::LoraMethod::LoraFa, ls::LoraMethod::QLora};

int methodIndex(ls::LoraMethod method) {
    for (int i = 0; i < 3; ++i)
        if (kMethods[i] == method) return i;
    return 0;
}

QLabel* note(const QString& text) {
    auto* label = new QLabel(text);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

ls::ComputeType computeType(const ls::TrainConfig& c) {
    return c.dtype.value_or(c.device == ls::Device::CUDA ? ls::ComputeType::BF16 : ls::ComputeType::F32);
}

QString dtypeName(ls::ComputeType t) {
    switch (t) {
        case ls::ComputeType::BF16:
            return QStringLiteral("bf16");
        case ls::ComputeType::F16:
            return QStringLiteral("fp16");
        case ls::ComputeType::F32:
            break;
    }
    return QStringLiteral("fp32");
}

// The memory panel's segments, bottom to top; loss and workspace share one.
QVector<qint64> segmentsOf(const ls::MemoryBreakdown& b) {
    return {b.frozenWeights, b.adapterWeights, b.gradients, b.optimizerStates, b.activations, b.logits + b.workspace};
}

}  // namespace

MethodPage::MethodPage(TrainingSetup& setup, QWidget* parent)
    : QWidget(parent),
      m_setup(setup),
      m_banner(new ErrorBanner),
      m_form(new HyperparameterForm(ls::cudaAvailable())),
      m_stack(new QStackedWidget),
      m_tree(new TargetTree),
      m_trainable(new QLabel),
      m_memorySubtitle(new QLabel),
      m_memory(new MemoryBarsPlot),
      m_fit(new QPushButton(tr("Fit to GPU memory"))),
      m_fitMessage(new QLabel) {
    auto* intro =
        note(tr("How the adapter is trained and where it goes: pick a method, its hyperparameters and the "
                "linear modules that get an adapter. The memory estimate follows every change."));

    // The three methods as cards.
    m_cards[0] = new ChoiceCard(tr("LoRA"), tr("Trains both low-rank matrices A and B on top of a frozen bf16 base."));
    m_cards[1] = new ChoiceCard(tr("LoRA-FA"), tr("A stays random and frozen, only B trains: roughly half the "
                                                  "trainable parameters and optimizer state, slightly faster steps."));
    m_cards[2] = new ChoiceCard(tr("QLoRA"), tr("LoRA on a base quantized to NF4 with double quantization: about "
                                                "4 bits of memory per base weight."));
    auto* group = new QButtonGroup(this);
    auto* cards = new QHBoxLayout;
    cards->setSpacing(12);
    for (int i = 0; i < 3; ++i) {
        group->addButton(m_cards[i]->radioButton(), i);
        cards->addWidget(m_cards[i], 1);
        const ls::LoraMethod method = kMethods[i];
        connect(m_cards[i], &ChoiceCard::chosen, this, [this, method] {
            edit([this, method](ls::TrainConfig& c) {
                c.lora.method = method;
                m_form->applyTo(c);  // weight streaming is written for LoRA and LoRA-FA only
            });
        });
    }

    // Left: the hyperparameters, scrolling when the window is short.
    auto* formScroll = new QScrollArea;
    formScroll->setWidget(m_form);
    formScroll->setWidgetResizable(true);
    formScroll->setFrameShape(QFrame::NoFrame);
    formScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    formScroll->viewport()->setAutoFillBackground(false);
    m_form->setAutoFillBackground(false);
    formScroll->setFixedWidth(m_form->sizeHint().width() + formScroll->verticalScrollBar()->sizeHint().width() + 4);
    connect(m_form, &HyperparameterForm::edited, this,
            [this] { edit([this](ls::TrainConfig& c) { m_form->applyTo(c); }); });

    // Middle: the targets.
    m_trainable->setTextFormat(Qt::RichText);
    m_trainable->setWordWrap(true);
    auto* targets = new QWidget;
    auto* targetsLayout = new QVBoxLayout(targets);
    targetsLayout->setContentsMargins(0, 0, 0, 0);
    targetsLayout->setSpacing(6);
    targetsLayout->addWidget(boldLabel(tr("Target modules")));
    targetsLayout->addWidget(m_tree, 1);
    targetsLayout->addWidget(m_trainable);
    connect(m_tree, &TargetTree::selectionChanged, this, &MethodPage::onTargetsEdited);

    // Right: memory per method.
    m_memory->setSegments(
        {tr("weights"), tr("adapters"), tr("gradients"), tr("optimizer"), tr("activations"), tr("loss + workspace")});
    m_memorySubtitle->setObjectName(QStringLiteral("memorySubtitle"));
    m_memorySubtitle->setForegroundRole(QPalette::PlaceholderText);
    m_memorySubtitle->setWordWrap(true);
    auto* memory = new QWidget;
    auto* memoryLayout = new QVBoxLayout(memory);
    memoryLayout->setContentsMargins(0, 0, 0, 0);
    memoryLayout->setSpacing(6);
    memoryLayout->addWidget(boldLabel(tr("Memory estimate")));
    memoryLayout->addWidget(m_memorySubtitle);
    memoryLayout->addWidget(m_memory, 1);
    memoryLayout->addWidget(note(tr("From config.json alone; no weights are read. Hover a bar for its parts.")));
    // Fit to GPU memory, and what it did; both hidden until they have something to offer (the panel keeps its
    // height for the bars otherwise).
    const QKeySequence fitKey(Qt::CTRL | Qt::SHIFT | Qt::Key_F);
    m_fit->setObjectName(QStringLiteral("fitButton"));
    m_fit->setShortcut(fitKey);
    m_fit->setToolTip(tr("Turn on the cheapest memory savers until the estimate fits: activation offload, then "
                         "streaming a few layers' weights, then gradient checkpointing (about a third slower), then "
                         "checkpointing with more streamed layers (%1)")
                          .arg(fitKey.toString(QKeySequence::NativeText)));
    m_fit->hide();
    connect(m_fit, &QPushButton::clicked, this, &MethodPage::fitToGpuMemory);
    m_fitMessage->setObjectName(QStringLiteral("fitMessage"));
    m_fitMessage->setWordWrap(true);
    m_fitMessage->hide();
    memoryLayout->addWidget(m_fit, 0, Qt::AlignLeft);
    memoryLayout->addWidget(m_fitMessage);

    auto* content = new QWidget;
    auto* contentLayout = new QHBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->setSpacing(18);
    contentLayout->addWidget(targets, 4);
    contentLayout->addWidget(memory, 5);

    auto* emptyText =
        note(tr("Open a model on the Model page to choose its target modules and to see how much "
                "memory each method needs."));
    emptyText->setAlignment(Qt::AlignCenter);
    auto* empty = new QWidget;
    auto* emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch(1);
    emptyLayout->addWidget(emptyText);
    emptyLayout->addStretch(2);
    m_stack->addWidget(empty);
    m_stack->addWidget(content);

    auto* body = new QHBoxLayout;
    body->setSpacing(18);
    body->addWidget(formScroll);
    body->addWidget(m_stack, 1);

    auto* layout = pageLayout(this);
    layout->addWidget(pageTitle(tr("Method & targets")));
    layout->addWidget(intro);
    layout->addLayout(cards);
    layout->addWidget(m_banner);
    layout->addLayout(body, 1);

    connect(&m_setup, &TrainingSetup::modelChanged, this, &MethodPage::onModelChanged);
    connect(&m_setup, &TrainingSetup::changed, this, &MethodPage::onSetupChanged);
    if (m_setup.hasModel())
        onModelChanged();
    else
        onSetupChanged();
}

MethodPage::~MethodPage() = default;

ChoiceCard* MethodPage::methodCard(ls::LoraMethod method) const { return m_cards[methodIndex(method)]; }

qint64 MethodPage::trainableParams() const {
    if (m_estimates.empty()) return -1;
    return m_estimates[std::size_t(methodIndex(m_setup.config().lora.method))].trainableParams;
}

void MethodPage::edit(const std::function<void(ls::TrainConfig&)>& change) {
    m_writing = true;
    m_setup.update(change);
    m_writing = false;
}

void MethodPage::onModelChanged() {
    const ls::ModelConfig& model = m_setup.modelConfig();
    m_modules = ls::linearModulesFromConfig(model, model.quantization.has_value());
    QVector<TargetTree::Module> modules;
    modules.reserve(int(m_modules.size()));
    for (const auto& m : m_modules)
        modules.push_back({QString::fromStdString(m.name), QString::fromStdString(m.type), int(m.layer), m.inFeatures,
                           m.outFeatures});
    m_tree->setModules(modules);
    m_form->setContextLength(model.maxPositionEmbeddings);
    m_form->setLayerCount(int(model.numLayers));
    m_stack->setCurrentIndex(1);
    onSetupChanged();
}

void MethodPage::onSetupChanged() {
    showFitMessage(QString(), false);  // it spoke of the settings before this change
    if (!m_writing) showConfig();
    m_form->setMethod(m_setup.config().lora.method);  // also after a card's own edit
    updateTargetStatus();
    updateEstimates();
}

void MethodPage::onTargetsEdited() {
    std::vector<std::string> names;
    for (const QString& name : m_tree->checkedNames()) names.push_back(name.toStdString());
    const ls::LoraOptions chosen = withTargetSelection(m_setup.config().lora, m_modules, names);
    edit([&chosen](ls::TrainConfig& c) {
        c.lora.targetModules = chosen.targetModules;
        c.lora.targetRegex = chosen.targetRegex;
        c.lora.firstLayer = chosen.firstLayer;
        c.lora.lastLayer = chosen.lastLayer;
    });
}

void MethodPage::showConfig() {
    const ls::TrainConfig& c = m_setup.config();
    m_cards[methodIndex(c.lora.method)]->setChecked(true);
    m_form->setConfig(c);
    if (!m_setup.hasModel()) return;
    QStringList names;
    try {
        for (const auto& name : ls::selectLoraTargets(m_modules, c.lora)) names << QString::fromStdString(name);
    } catch (const std::exception&) {
        // Nothing matches: the tree shows nothing checked and the banner says why.
    }
    const int layers = m_tree->layerCount();
    if (c.lora.hasLayerFilter())
        m_tree->setLayerRange(int(c.lora.firstLayer), c.lora.lastLayer < 0 ? layers - 1 : int(c.lora.lastLayer));
    else
        m_tree->setLayerRange(0, layers - 1);
    m_tree->setCheckedNames(names);
}

void MethodPage::updateTargetStatus() {
    m_problem.clear();
    if (m_setup.hasModel()) {
        try {
            ls::selectLoraTargets(m_modules, m_setup.config().lora);
        } catch (const std::exception& e) {
            m_problem = QString::fromUtf8(e.what());
        }
    }
    if (m_problem.isEmpty()) {
        m_banner->dismiss();
        return;
    }
    m_banner->showError(m_tree->checkedNames().isEmpty() ? tr("No target modules selected")
                                                         : tr("The LoRA targets do not fit this model"),
                        m_problem);
}

void MethodPage::updateEstimates() {
    const ls::TrainConfig& c = m_setup.config();
    const ls::ComputeType dtype = computeType(c);
    m_memorySubtitle->setText(tr("Micro-batch %1 × %2 tokens · %3 · checkpointing %4")
                                  .arg(c.batchSize)
                                  .arg(c.data.seqLen)
                                  .arg(dtypeName(dtype), c.gradCheckpointing ? tr("on") : tr("off")));
    m_memory->setCapacity(capacity(), deviceMemoryName(c.device));
    m_estimates.clear();
    // What hostWeights holds: the untied embedding table on CUDA, and the projection weights of the streamed
    // layers (LoRA and LoRA-FA on a dense folder; the estimate's own rule).
    bool tableOnHost = false;
    qint64 streamed = 0;
    if (m_setup.hasModel() && m_problem.isEmpty()) {
        const ls::ModelConfig& model = m_setup.modelConfig();
        const ls::MemoryEstimateOptions options = ls::estimateOptionsFor(c, model);
        tableOnHost = options.embeddingsOnHost && !model.tieWordEmbeddings;
        if (!model.quantization) streamed = std::min<qint64>(options.streamedLayers, model.numLayers);
        try {
            for (ls::LoraMethod method : kMethods) {
                ls::LoraOptions lora = c.lora;
                lora.method = method;
                m_estimates.push_back(ls::estimateTrainingMemory(m_setup.modelConfig(), lora, options));
            }
        } catch (const std::exception& e) {
            m_estimates.clear();
            m_problem = QString::fromUtf8(e.what());
            m_banner->showError(tr("No memory estimate for these settings"), m_problem);
        }
    }

    if (!m_estimates.empty() && m_estimates[0].hostWeights > 0) {
        const QString where =
            streamed == 0 ? tr(" · embedding table in host memory (%1, not in the bars)")
            : tableOnHost ? tr(" · embedding table and %Ln layers' weights in host memory (%1, not in the bars)",
                               nullptr, int(streamed))
                          : tr(" · %Ln layers' weights in host memory (%1, not in the bars)", nullptr, int(streamed));
        m_memorySubtitle->setText(m_memorySubtitle->text() +
                                  where.arg(humanBytes(quint64(m_estimates[0].hostWeights))));
    }
    if (!m_estimates.empty() && m_estimates[0].hostActivations > 0)
        m_memorySubtitle->setText(m_memorySubtitle->text() +
                                  tr(" · %1 of activations offloaded to host memory")
                                      .arg(humanBytes(quint64(m_estimates[0].hostActivations))));

    QVector<MemoryBarsPlot::Bar> bars;
    for (std::size_t i = 0; i < m_estimates.size(); ++i)
        bars.push_back({m_cards[i]->title(), segmentsOf(m_estimates[i])});
    m_memory->setEmptyText(m_setup.hasModel() && !m_problem.isEmpty()
                               ? tr("No estimate until the targets match at least one module")
                               : tr("No estimate"));
    m_memory->setBars(bars);
    m_memory->setHighlighted(m_estimates.empty() ? -1 : methodIndex(c.lora.method));
    updateFitButton();

    const qint64 trainable = trainableParams();
    if (trainable < 0) {
        m_trainable->setText(m_setup.hasModel() ? tr("Trainable parameters: <b>none</b> (no module selected)")
                                                : QString());
        m_trainable->setToolTip(QString());
        return;
    }
    const ls::MemoryBreakdown& chosen = m_estimates[std::size_t(methodIndex(c.lora.method))];
    QString detail = tr("%1 of %Ln linear modules adapted", nullptr, int(m_modules.size())).arg(chosen.adaptedModules);
    if (c.lora.method == ls::LoraMethod::LoraFa) detail += tr(" · only B trains, A stays frozen");
    const QString text = tr("<b>%1</b> trainable parameters").arg(exactCount(trainable)) +
                         QStringLiteral("<br><span style=\"color:%1\">%2</span>")
                             .arg(palette().color(QPalette::PlaceholderText).name(), detail.toHtmlEscaped());
    m_trainable->setText(text);
    m_trainable->setToolTip(tr("r × (in + out) per adapted module for A and B (%1 in all); LoRA-FA trains only B's "
                               "out × r. Adapter weights are kept in float32.")
                                .arg(exactCount(chosen.adapterParams)));
}

void MethodPage::setDeviceCapacityForTesting(qint64 bytes) {
    m_testCapacity = bytes;
    updateEstimates();
}

qint64 MethodPage::capacity() const {
    return m_testCapacity >= 0 ? m_testCapacity : deviceMemoryBytes(m_setup.config().device);
}

void MethodPage::updateFitButton() {
    const ls::TrainConfig& c = m_setup.config();
    bool wanted = false;
    if (c.device == ls::Device::CUDA && m_setup.hasModel() && !m_estimates.empty()) {
        const MemoryBarsPlot::Fit fit =
            MemoryBarsPlot::fitFor(m_estimates[std::size_t(methodIndex(c.lora.method))].total(), capacity());
        wanted = fit == MemoryBarsPlot::Fit::Tight || fit == MemoryBarsPlot::Fit::Exceeds;
    }
    m_fit->setVisible(wanted);
}

void MethodPage::showFitMessage(const QString& text, bool problem) {
    m_fitMessage->setText(text);
    m_fitMessage->setStyleSheet(problem ? QStringLiteral("color: #b26a00;") : QString());
    m_fitMessage->setVisible(!text.isEmpty());
}

void MethodPage::fitToGpuMemory() {
    if (!m_setup.hasModel()) return;
    const ls::TrainConfig before = m_setup.config();
    const qint64 bytes = capacity();
    if (bytes <= 0) return;
    static_assert(ls::kGpuBudgetShare == MemoryBarsPlot::kTightShare, "fit to what the bars call tight");
    const auto budget = static_cast<int64_t>(ls::kGpuBudgetShare * double(bytes));
    std::optional<ls::MemoryFit> fit;
    try {
        fit = ls::fitToMemory(before, m_setup.modelConfig(), budget);
    } catch (const std::exception&) {
        // Settings without an estimate: the banner already says why.
    }
    if (!fit) {
        showFitMessage(
            before.lora.method == ls::LoraMethod::QLora
                ? tr("Nothing fits in %1: lower the batch size or the sequence length").arg(humanBytes(quint64(bytes)))
                : tr("Nothing fits in %1: lower the batch size or the sequence length, or use QLoRA")
                      .arg(humanBytes(quint64(bytes))),
            true);
        return;
    }

    // The change in words, from the flags (core's `change` is English).
    const ls::TrainConfig& after = fit->config;
    QStringList parts;
    if (after.offloadActivations && !before.offloadActivations) parts << tr("activation offload");
    if (after.gradCheckpointing && !before.gradCheckpointing) parts << tr("gradient checkpointing");
    if (after.streamedLayers > before.streamedLayers)
        parts << tr("%n streamed layers", nullptr, int(after.streamedLayers));
    QString change;
    for (int i = 0; i < parts.size(); ++i) {
        if (i == 0) {
            change = parts[i];
        } else if (i + 1 == parts.size()) {
            //: The last two memory savers that Fit to GPU memory turned on: "activation offload and 5 streamed layers"
            change = tr("%1 and %2").arg(change, parts[i]);
        } else {
            //: The memory savers that Fit to GPU memory turned on, before the last two: "A, B and C"
            change = tr("%1, %2").arg(change, parts[i]);
        }
    }

    // Not through edit(): the form does not show these values yet, so showConfig() has to run.
    m_setup.update([&after](ls::TrainConfig& c) {
        c.gradCheckpointing = after.gradCheckpointing;
        c.offloadActivations = after.offloadActivations;
        c.streamedLayers = after.streamedLayers;
    });

    const QString total = humanBytes(quint64(fit->estimate.total())), of = humanBytes(quint64(bytes));
    const bool offloadOff = before.offloadActivations && !after.offloadActivations;
    showFitMessage(change.isEmpty() ? tr("Fits already: about %1 of %2").arg(total, of)
                   : offloadOff
                       ? tr("Turned on %1 in place of activation offload: about %2 of %3").arg(change, total, of)
                       : tr("Turned on %1: about %2 of %3").arg(change, total, of),
                   false);
}

}  // namespace ls::gui
