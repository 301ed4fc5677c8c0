#include "model_page.h"

#include <algorithm>

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "error_banner.h"
#include "format.h"
#include "key_value_card.h"
#include "labels.h"
#include "loading_row.h"
#include "lorastudio/model_config.h"
#include "module_tree_view.h"
#include "page_layout.h"

namespace ls::gui {

namespace {

QString yesNo(bool value) { return value ? ModelPage::tr("yes") : ModelPage::tr("no"); }

QString number(qint64 value) { return exactCount(value); }

QVector<KeyValueCard::Row> cardRows(const LoadedModel& model) {
    const ls::ModelInfo& info = model.info;
    const ls::ModelConfig& c = info.config;
    QVector<KeyValueCard::Row> rows;
    rows.push_back(
        {ModelPage::tr("Architecture"),
         ModelPage::tr("%1 (model type \"%2\")")
             .arg(QString::fromLatin1(ls::architectureName(c.architecture)), QString::fromStdString(c.modelType)),
         ModelPage::tr("The architectures entry of config.json")});
    rows.push_back({ModelPage::tr("Parameters"), humanCount(info.paramCount),
                    ModelPage::tr("%1 parameters, counted from the safetensors headers").arg(number(info.paramCount))});
    rows.push_back({ModelPage::tr("Layers"), number(c.numLayers), ModelPage::tr("Decoder layers (num_hidden_layers)")});
    rows.push_back({ModelPage::tr("Hidden size"),
                    ModelPage::tr("%1 (MLP %2)").arg(number(c.hiddenSize), number(c.intermediateSize)),
                    ModelPage::tr("hidden_size, and intermediate_size of the MLP")});
    rows.push_back({ModelPage::tr("Attention heads"),
                    ModelPage::tr("%1 query, %2 key/value, head dim %3")
                        .arg(number(c.numHeads), number(c.numKvHeads), number(c.headDim)),
                    c.numKvHeads < c.numHeads
                        ? ModelPage::tr("Grouped-query attention: %1 query heads share each "
                                        "key/value head")
                              .arg(number(c.numKvHeads > 0 ? c.numHeads / c.numKvHeads : 0))
                        : ModelPage::tr("Multi-head attention: one key/value head per query head")});
    rows.push_back({ModelPage::tr("Vocabulary"), ModelPage::tr("%1 tokens").arg(number(c.vocabSize)),
                    model.hasTokenizer ? ModelPage::tr("tokenizer.json is present")
                                       : ModelPage::tr("No tokenizer.json in this folder")});
    rows.push_back({ModelPage::tr("Context length"), ModelPage::tr("%1 positions").arg(number(c.maxPositionEmbeddings)),
                    ModelPage::tr("max_position_embeddings")});
    rows.push_back({ModelPage::tr("Stored dtype"), QString::fromStdString(info.storedDType),
                    ModelPage::tr("The most common element type of the stored weights (config.json says %1)")
                        .arg(QString::fromStdString(c.dtype))});
    rows.push_back(
        {ModelPage::tr("Size on disk"), humanBytes(info.weightBytes),
         ModelPage::tr("%1 bytes of safetensors weights").arg(exactCount(static_cast<qint64>(info.weightBytes)))});
    rows.push_back({ModelPage::tr("Tied embeddings"), yesNo(c.tieWordEmbeddings),
                    ModelPage::tr("Whether the output layer (lm_head) reuses the input embedding matrix")});
    QString rope = ModelPage::tr("%1, theta %2")
                       .arg(QString::fromStdString(c.rope.type), QLocale().toString(c.rope.theta, 'g', 8));
    if (c.rope.type != "default") rope += ModelPage::tr(", factor %1").arg(QLocale().toString(c.rope.factor, 'g', 6));
    rows.push_back({ModelPage::tr("RoPE"), rope, ModelPage::tr("Rotary position embedding: type, base and scaling")});
    if (c.qkNorm)
        rows.push_back({ModelPage::tr("Query/key norm"), ModelPage::tr("per head, before RoPE"),
                        ModelPage::tr("self_attn.q_norm and k_norm: an RMSNorm over each head of q and k (Qwen3)")});
    if (c.slidingWindow) {
        const auto sliding = std::count(c.slidingLayers.begin(), c.slidingLayers.end(), true);
        rows.push_back({ModelPage::tr("Sliding window"),
                        ModelPage::tr("%1 tokens in %2 of %3 layers")
                            .arg(number(*c.slidingWindow), number(static_cast<qint64>(sliding)), number(c.numLayers)),
                        ModelPage::tr("In these layers each token attends only to the last %1 positions up to itself")
                            .arg(number(*c.slidingWindow))});
    }
    if (c.quantization) {
        const ls::QuantizationConfig& q = *c.quantization;
        rows.push_back({ModelPage::tr("Quantization"),
                        ModelPage::tr("4-bit %1%2, compute %3")
                            .arg(QString::fromStdString(q.quantType),
                                 q.doubleQuant ? ModelPage::tr(" with double quantization") : QString(),
                                 QString::fromStdString(q.computeDType)),
                        ModelPage::tr("bitsandbytes quantization_config of config.json")});
    }
    return rows;
}

}  // namespace

ModelPage::ModelPage(QWidget* parent)
    : QWidget(parent),
      m_loader(new ModelLoader(this)),
      m_banner(new ErrorBanner),
      m_loadingRow(new LoadingRow),
      m_stack(new QStackedWidget),
      m_empty(new QWidget),
      m_content(new QWidget),
      m_card(new KeyValueCard),
      m_tree(new ModuleTreeView) {
    // Header: title, one line of explanation, the two ways in.
    auto* openButton = new QPushButton(QIcon::fromTheme(QStringLiteral("document-open")), tr("Open folder…"));
    openButton->setToolTip(tr("Open a local Hugging Face model folder (config.json and safetensors weights)"));
    auto* demoButton = new QPushButton(tr("Open demo model"));
    demoButton->setToolTip(tr("Open the small model that ships with LoRA Studio"));
    connect(openButton, &QPushButton::clicked, this, &ModelPage::openFolderRequested);
    connect(demoButton, &QPushButton::clicked, this, &ModelPage::openDemoRequested);

    auto* intro =
        new QLabel(tr("The base model to fine-tune: a local Hugging Face folder with config.json and "
                      "safetensors weights. Only the config and the tensor headers are read here."));
    intro->setWordWrap(true);
    intro->setForegroundRole(QPalette::PlaceholderText);

    auto* header = new QHBoxLayout;
    header->addWidget(pageTitle(tr("Model")));
    header->addStretch(1);
    header->addWidget(demoButton);
    header->addWidget(openButton);

    // Loading row: spinner, what is being read, cancel.
    m_loadingRow->setCancelToolTip(tr("Stop waiting for this folder; its result is discarded"));
    connect(m_loadingRow, &LoadingRow::cancelRequested, this, &ModelPage::cancelLoading);

    // Empty state.
    auto* emptyText =
        new QLabel(tr("No model loaded yet.\n\nOpen a local Hugging Face folder with File › Open Model "
                      "Folder… (Ctrl+O), or start with the demo model."));
    emptyText->setAlignment(Qt::AlignCenter);
    emptyText->setWordWrap(true);
    emptyText->setForegroundRole(QPalette::PlaceholderText);
    auto* emptyLayout = new QVBoxLayout(m_empty);
    emptyLayout->addStretch(1);
    emptyLayout->addWidget(emptyText);
    emptyLayout->addStretch(2);

    // Content: card on the left, module tree on the right.
    auto* treeTitle = new QLabel(tr("Modules"));
    QFont bold = treeTitle->font();
    bold.setBold(true);
    treeTitle->setFont(bold);
    auto* treeBox = new QWidget;
    auto* treeLayout = new QVBoxLayout(treeBox);
    treeLayout->setContentsMargins(0, 0, 0, 0);
    treeLayout->addWidget(treeTitle);
    treeLayout->addWidget(m_tree, 1);
    m_card->setMinimumWidth(300);
    auto* splitter = m_splitter = paneSplitter(Qt::Horizontal, {{m_card, 2}, {treeBox, 3}});
    auto* contentLayout = new QVBoxLayout(m_content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(splitter);

    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_content);

    auto* layout = pageLayout(this);
    layout->addLayout(header);
    layout->addWidget(intro);
    layout->addWidget(m_banner);
    layout->addWidget(m_loadingRow);
    layout->addWidget(m_stack, 1);

    connect(m_loader, &ModelLoader::started, this, &ModelPage::onStarted);
    connect(m_loader, &ModelLoader::loaded, this, &ModelPage::onLoaded);
    connect(m_loader, &ModelLoader::failed, this, &ModelPage::onFailed);
    connect(m_loader, &ModelLoader::canceled, this, &ModelPage::onCanceled);
}

ModelPage::~ModelPage() = default;

void ModelPage::openFolder(const QString& dir) { m_loader->load(dir); }

void ModelPage::cancelLoading() { m_loader->cancel(); }

bool ModelPage::isLoading() const { return m_loader->isLoading(); }

void ModelPage::onStarted(const QString& dir) {
    m_banner->dismiss();
    m_loadingRow->start(tr("Reading %1 …").arg(QDir::toNativeSeparators(dir)), dir);
    Q_EMIT loadingStarted(dir);
}

void ModelPage::onLoaded(const LoadedModel& model) {
    m_loadingRow->stop();
    showModel(model);
    Q_EMIT modelLoaded(model.dir);
}

void ModelPage::onFailed(const QString& dir, const QString& message) {
    m_loadingRow->stop();
    m_banner->showError(tr("Could not open the model folder %1").arg(QDir(dir).dirName()), message);
    Q_EMIT loadFailed(dir, message);
}

void ModelPage::onCanceled(const QString&) { m_loadingRow->stop(); }

BusyIndicator* ModelPage::busyIndicator() const { return m_loadingRow->busyIndicator(); }

void ModelPage::showModel(const LoadedModel& model) {
    m_model = std::make_unique<LoadedModel>(model);
    m_card->setTitle(QDir(model.dir).dirName());
    m_card->setSubtitle(QDir::toNativeSeparators(model.dir));
    m_card->setRows(cardRows(model));
    m_tree->setRoot(model.tree, QDir(model.dir).dirName());
    if (m_stack->currentWidget() != m_content) {
        m_stack->setCurrentWidget(m_content);
        // First model: card and tree share the width 2:3 (the user's later splitter moves are kept).
        const int width = qMax(m_splitter->width(), 700);
        m_splitter->setSizes({width * 2 / 5, width * 3 / 5});
    }
}

}  // namespace ls::gui
