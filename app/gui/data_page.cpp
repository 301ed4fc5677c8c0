#include "data_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>
#include <exception>

#include "app_settings.h"
#include "card_frame.h"
#include "demo_dataset.h"
#include "error_banner.h"
#include "format.h"
#include "key_value_card.h"
#include "labels.h"
#include "length_histogram_plot.h"
#include "loading_row.h"
#include "page_layout.h"
#include "preview_rows_table.h"
#include "rendered_row_view.h"
#include "training_setup.h"

namespace ls::gui {

namespace {

constexpr int kRefreshDelayMs = 250;  // option edits within this time share one preview
constexpr int kMinSeqLen = 16;
constexpr int kMaxSeqLen = 131072;
constexpr double kMaxEvalFraction = 0.5;

QString cleanFile(const QString& file) { return QDir::cleanPath(QFileInfo(file).absoluteFilePath()); }

QString formatText(ls::DataFormat format) {
    switch (format) {
        case ls::DataFormat::Alpaca:
            return DataPage::tr("Rows with instruction, input and output fields; the output is trained");
        case ls::DataFormat::Chat:
            return DataPage::tr("Rows with a list of messages (system, user, assistant); assistant turns are trained");
        case ls::DataFormat::Text:
            return DataPage::tr("Rows of raw text; every token is trained");
    }
    return {};
}

QString templateText(ls::PromptTemplate t) {
    switch (t) {
        case ls::PromptTemplate::Auto:
            return DataPage::tr("Automatic (from the tokenizer)");
        case ls::PromptTemplate::Llama3:
            return DataPage::tr("Llama 3");
        case ls::PromptTemplate::ChatML:
            return DataPage::tr("ChatML (Qwen)");
        case ls::PromptTemplate::Inst:
            return DataPage::tr("[INST] (Llama 2, Mistral)");
        case ls::PromptTemplate::Plain:
            return DataPage::tr("Plain (### Instruction / ### Response)");
    }
    return {};
}

const ls::PromptTemplate kTemplates[] = {ls::PromptTemplate::Auto, ls::PromptTemplate::Llama3,
                                         ls::PromptTemplate::ChatML, ls::PromptTemplate::Inst,
                                         ls::PromptTemplate::Plain};

PreviewRowData toRowData(const ls::PreviewRow& row) {
    PreviewRowData out;
    out.line = row.line;
    out.prompt = QString::fromStdString(row.prompt);
    out.response = QString::fromStdString(row.response);
    for (const ls::RenderedPart& part : row.parts)
        out.parts.push_back({QString::fromStdString(part.text), part.trained});
    return out;
}

QString oneDecimal(double value) { return QLocale().toString(value, 'f', 1); }

}  // namespace

DataPage::DataPage(TrainingSetup& setup, AppSettings& settings, QWidget* parent)
    : QWidget(parent),
      m_setup(setup),
      m_settings(settings),
      m_loader(new DataPreviewLoader(this)),
      m_refreshTimer(new QTimer(this)),
      m_banner(new ErrorBanner),
      m_modelNotice(new QLabel),
      m_loadingRow(new LoadingRow),
      m_choose(new QPushButton(QIcon::fromTheme(QStringLiteral("document-open")), tr("Choose data file…"))),
      m_demo(new QPushButton(tr("Use demo dataset"))),
      m_recent(new QComboBox),
      m_stack(new QStackedWidget),
      m_card(new KeyValueCard),
      m_table(new PreviewRowsTable),
      m_rowView(new RenderedRowView),
      m_histogram(new LengthHistogramPlot),
      m_seqLen(new QSpinBox),
      m_template(new QComboBox),
      m_pack(new QCheckBox(tr("Pack examples into full sequences"))),
      m_evalFraction(new QDoubleSpinBox),
      m_split(new QLabel) {
    setAcceptDrops(true);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(kRefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        // A file still being read is the one to re-read; otherwise the one shown.
        const QString target = m_loader->isLoading() ? m_loader->pendingFile() : m_file;
        if (!target.isEmpty()) startPreview(target);
    });

    auto* intro =
        new QLabel(tr("The examples to train on: alpaca, chat or raw text rows as JSON Lines or a JSON "
                      "array. Prompts are laid out with the model's template; only responses are trained."));
    intro->setWordWrap(true);
    intro->setForegroundRole(QPalette::PlaceholderText);

    m_modelNotice->setObjectName(QStringLiteral("dataModelNotice"));
    m_modelNotice->setStyleSheet(
        QStringLiteral("#dataModelNotice { background: #e8f0fe; color: #174ea6;"
                       " border: 1px solid #aecbfa; border-radius: 6px; padding: 8px 10px; }"));
    m_modelNotice->setWordWrap(true);
    m_modelNotice->setTextFormat(Qt::PlainText);

    // Loading row: spinner, what is being read, cancel.
    m_loadingRow->setCancelToolTip(tr("Stop waiting for this file; its result is discarded"));
    connect(m_loadingRow, &LoadingRow::cancelRequested, this, &DataPage::cancelPreview);

    m_stack->addWidget(buildEmptyState());
    m_stack->addWidget(buildContent());

    auto* layout = pageLayout(this);
    layout->addWidget(buildHeader());
    layout->addWidget(intro);
    layout->addWidget(m_banner);
    layout->addWidget(m_modelNotice);
    layout->addWidget(m_loadingRow);
    layout->addWidget(m_stack, 1);

    connect(m_loader, &DataPreviewLoader::started, this, &DataPage::onStarted);
    connect(m_loader, &DataPreviewLoader::loaded, this, &DataPage::onLoaded);
    connect(m_loader, &DataPreviewLoader::failed, this, &DataPage::onFailed);
    connect(m_loader, &DataPreviewLoader::canceled, this, &DataPage::onCanceled);
    connect(&m_setup, &TrainingSetup::changed, this, &DataPage::onSetupChanged);
    connect(&m_setup, &TrainingSetup::modelChanged, this, &DataPage::onModelChanged);

    syncControls();
    rebuildRecent();
    updateModelNotice();
    updateSplit();
    // A data file from the last session (restored into the setup) is shown again.
    m_seenDataFile = m_setup.config().dataFile;
    if (!m_seenDataFile.empty()) loadFile(QString::fromStdString(m_seenDataFile));
}

DataPage::~DataPage() = default;

QWidget* DataPage::buildHeader() {
    m_choose->setToolTip(tr("Open a JSON or JSONL file of training examples"));
    m_demo->setToolTip(tr("Use the small data set that ships with LoRA Studio"));
    m_demo->setVisible(!demoDatasetPath().isEmpty());
    m_recent->setToolTip(tr("Recently used data files"));
    m_recent->setPlaceholderText(tr("No data file chosen"));
    m_recent->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_recent->setMinimumContentsLength(28);
    m_recent->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(m_choose, &QPushButton::clicked, this, &DataPage::chooseFile);
    connect(m_demo, &QPushButton::clicked, this, [this] { loadFile(demoDatasetPath()); });
    connect(m_recent, &QComboBox::activated, this, [this](int index) {
        const QString file = m_recent->itemData(index).toString();
        if (!file.isEmpty() && file != m_file) loadFile(file);
    });

    auto* header = new QWidget;
    auto* row = new QHBoxLayout(header);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(8);
    row->addWidget(pageTitle(tr("Data")));
    row->addSpacing(16);
    row->addWidget(m_recent, 1);
    row->addWidget(m_demo);
    row->addWidget(m_choose);
    return header;
}

QWidget* DataPage::buildEmptyState() {
    m_dropZone = new QFrame;
    m_dropZone->setObjectName(QStringLiteral("dataDropZone"));
    setDropHighlight(false);
    m_dropZone->setMaximumWidth(620);

    auto* title = boldLabel(tr("Drop a training data file here"));
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    title->setFont(big);
    title->setAlignment(Qt::AlignHCenter);
    auto* hint =
        new QLabel(tr("or use Choose data file… above. One JSON object per line (.jsonl) or a JSON array "
                      "(.json); the format is detected from the fields:"));
    hint->setWordWrap(true);
    hint->setAlignment(Qt::AlignHCenter);
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto* formats = new QFormLayout;
    formats->setLabelAlignment(Qt::AlignRight);
    formats->setHorizontalSpacing(14);
    formats->setFormAlignment(Qt::AlignHCenter | Qt::AlignTop);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const std::pair<QString, QString> examples[] = {
        {tr("alpaca"), QStringLiteral(R"({"instruction": "…", "input": "…", "output": "…"})")},
        {tr("chat"), QStringLiteral(R"({"messages": [{"role": "user", "content": "…"}, …]})")},
        {tr("text"), QStringLiteral(R"({"text": "…"})")},
    };
    for (const auto& [name, example] : examples) {
        auto* code = new QLabel(example);
        code->setFont(mono);
        code->setTextFormat(Qt::PlainText);
        formats->addRow(boldLabel(name), code);
    }

    auto* zone = new QVBoxLayout(m_dropZone);
    zone->setContentsMargins(28, 24, 28, 24);
    zone->setSpacing(10);
    zone->addWidget(title);
    zone->addWidget(hint);
    zone->addSpacing(4);
    zone->addLayout(formats);

    auto* empty = new QWidget;
    auto* column = new QHBoxLayout;
    column->addStretch(1);
    column->addWidget(m_dropZone, 100);
    column->addStretch(1);
    auto* layout = new QVBoxLayout(empty);
    layout->addStretch(1);
    layout->addLayout(column);
    layout->addStretch(2);
    return empty;
}

QWidget* DataPage::buildOptions() {
    QFrame* box = cardFrame(QStringLiteral("dataOptions"));

    m_seqLen->setRange(kMinSeqLen, kMaxSeqLen);
    m_seqLen->setSingleStep(64);
    m_seqLen->setSuffix(tr(" tokens"));
    m_seqLen->setKeyboardTracking(false);
    m_seqLen->setToolTip(tr("Tokens per training example; longer rows are cut at the end"));
    for (ls::PromptTemplate t : kTemplates) m_template->addItem(templateText(t), static_cast<int>(t));
    m_template->setToolTip(
        tr("How prompts and responses are laid out for the model. Automatic picks the "
           "model's own chat format from its tokenizer."));
    m_pack->setToolTip(
        tr("Concatenate the examples and cut them into sequences of exactly the sequence length: "
           "no padding, fewer steps per epoch. Attention is not masked between packed examples."));
    m_evalFraction->setRange(0.0, kMaxEvalFraction);
    m_evalFraction->setDecimals(2);
    m_evalFraction->setSingleStep(0.05);
    m_evalFraction->setToolTip(tr("Share of the examples held out to measure the eval loss (0 = no eval split)"));
    m_split->setTextFormat(Qt::PlainText);

    connect(m_seqLen, &QSpinBox::valueChanged, this, [this](int value) {
        if (value != m_setup.config().data.seqLen)
            m_setup.update([value](ls::TrainConfig& c) { c.data.seqLen = value; });
    });
    connect(m_template, &QComboBox::currentIndexChanged, this, [this](int index) {
        const auto t = static_cast<ls::PromptTemplate>(m_template->itemData(index).toInt());
        if (t != m_setup.config().data.promptTemplate)
            m_setup.update([t](ls::TrainConfig& c) { c.data.promptTemplate = t; });
    });
    connect(m_pack, &QCheckBox::toggled, this, [this](bool on) {
        if (on != m_setup.config().data.pack) m_setup.update([on](ls::TrainConfig& c) { c.data.pack = on; });
    });
    connect(m_evalFraction, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        if (value != m_setup.config().data.evalFraction)
            m_setup.update([value](ls::TrainConfig& c) { c.data.evalFraction = value; });
    });

    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    form->setHorizontalSpacing(12);
    form->setVerticalSpacing(8);
    form->addRow(tr("Sequence length"), m_seqLen);
    form->addRow(tr("Prompt template"), m_template);
    form->addRow(QString(), m_pack);
    form->addRow(tr("Eval fraction"), m_evalFraction);
    form->addRow(tr("Split"), m_split);
    for (int r = 0; r < form->rowCount(); ++r) {
        if (auto* item = form->itemAt(r, QFormLayout::LabelRole); item && item->widget())
            item->widget()->setForegroundRole(QPalette::PlaceholderText);
    }

    QLabel* title = boldLabel(tr("Training examples"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    title->setFont(titleFont);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(14, 12, 14, 12);
    layout->setSpacing(4);
    layout->addWidget(title);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addStretch(1);
    return box;
}

QWidget* DataPage::buildContent() {
    m_card->setMinimumWidth(280);
    m_card->setMaximumWidth(380);
    m_histogram->setMinimumHeight(200);

    // The histogram in a card like its neighbours; without tokens, a line that says why it is empty.
    m_histogramNeedsModel = new QLabel(tr("Token lengths need the model's tokenizer."));
    m_histogramNeedsModel->setAlignment(Qt::AlignCenter);
    m_histogramNeedsModel->setWordWrap(true);
    m_histogramNeedsModel->setForegroundRole(QPalette::PlaceholderText);
    m_histogramNeedsModel->hide();
    QFrame* histogramCard = cardFrame(QStringLiteral("dataHistogram"));
    auto* histogramLayout = new QVBoxLayout(histogramCard);
    histogramLayout->setContentsMargins(6, 6, 6, 6);
    histogramLayout->addWidget(m_histogram, 1);
    histogramLayout->addWidget(m_histogramNeedsModel, 1);

    auto* top = new QHBoxLayout;
    top->setSpacing(10);
    top->addWidget(m_card, 4);
    QWidget* options = buildOptions();
    options->setMaximumWidth(380);
    top->addWidget(options, 4);
    top->addWidget(histogramCard, 7);

    // The first rows and the selected one in full, or why there is nothing to show.
    m_previewBox = new QWidget;
    auto* tableBox = new QWidget;
    auto* tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->setSpacing(4);
    m_tableTitle = boldLabel(QString());
    tableLayout->addWidget(m_tableTitle);
    tableLayout->addWidget(m_table, 1);
    auto* splitter = paneSplitter(Qt::Vertical, {{tableBox, 1}, {m_rowView, 1}});
    auto* boxLayout = new QVBoxLayout(m_previewBox);
    boxLayout->setContentsMargins(0, 0, 0, 0);
    boxLayout->addWidget(splitter);
    connect(m_table, &PreviewRowsTable::rowSelected, this, [this](int index) {
        if (index >= 0 && index < m_table->rows().size())
            m_rowView->setRow(m_table->rows()[index]);
        else
            m_rowView->clear();
    });

    m_previewNeedsModel =
        new QLabel(tr("The rows, laid out with the model's prompt template, appear here once a "
                      "model with a tokenizer is open."));
    m_previewNeedsModel->setAlignment(Qt::AlignCenter);
    m_previewNeedsModel->setWordWrap(true);
    m_previewNeedsModel->setForegroundRole(QPalette::PlaceholderText);
    m_previewStack = new QStackedWidget;
    m_previewStack->addWidget(m_previewBox);
    // In a dashed box near the top, where the table would begin, rather than alone in the middle of the page.
    auto* needsModelBox = new QFrame;
    needsModelBox->setObjectName(QStringLiteral("dataNeedsModel"));
    needsModelBox->setStyleSheet(
        QStringLiteral("#dataNeedsModel { background: palette(alternate-base);"
                       " border: 1px dashed palette(mid); border-radius: 6px; }"
                       "#dataNeedsModel QLabel { background: transparent; }"));
    auto* needsModelLayout = new QVBoxLayout(needsModelBox);
    needsModelLayout->setContentsMargins(16, 28, 16, 28);
    needsModelLayout->addWidget(m_previewNeedsModel);
    m_previewWaiting = new QWidget;
    auto* waitingLayout = new QVBoxLayout(m_previewWaiting);
    waitingLayout->setContentsMargins(0, 0, 0, 0);
    waitingLayout->addWidget(needsModelBox);
    waitingLayout->addStretch(1);
    m_previewStack->addWidget(m_previewWaiting);

    m_content = new QWidget;
    auto* layout = new QVBoxLayout(m_content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addLayout(top);
    layout->addWidget(m_previewStack, 1);
    return m_content;
}

DataPreviewRequest DataPage::requestFor(const QString& file) const {
    DataPreviewRequest request;
    request.file = file;
    if (m_setup.hasModel() && m_setup.modelHasTokenizer()) request.modelDir = m_setup.modelDir();
    request.options = m_setup.config().data;
    return request;
}

void DataPage::loadFile(const QString& file) {
    if (file.isEmpty()) return;
    m_refreshTimer->stop();
    startPreview(cleanFile(file));
}

void DataPage::chooseFile() {
    QString start = m_file;
    if (start.isEmpty() && !m_settings.recentDatasets().isEmpty()) start = m_settings.recentDatasets().first();
    const QString dir = start.isEmpty() ? QDir::homePath() : QFileInfo(start).absolutePath();
    const QString file = QFileDialog::getOpenFileName(this, tr("Choose training data"), dir,
                                                      tr("Training data (*.jsonl *.json);;All files (*)"));
    if (!file.isEmpty()) loadFile(file);
}

void DataPage::startPreview(const QString& file) {
    m_issued = requestFor(file);
    m_loader->load(m_issued);
}

void DataPage::cancelPreview() {
    m_refreshTimer->stop();
    m_loader->cancel();
}

bool DataPage::isLoading() const { return m_loader->isLoading(); }

void DataPage::onSetupChanged() {
    syncControls();
    const std::string dataFile = m_setup.config().dataFile;
    if (dataFile != m_seenDataFile) {
        // Changed elsewhere (restored settings, another page): follow it.
        m_seenDataFile = dataFile;
        const QString file = QString::fromStdString(dataFile);
        if (file.isEmpty()) {
            cancelPreview();
            m_file.clear();
            m_result.reset();
            m_stack->setCurrentIndex(0);
            rebuildRecent();
        } else if (cleanFile(file) != m_file && cleanFile(file) != m_loader->pendingFile()) {
            loadFile(file);
        }
    }
    // What the preview depends on changed since the last request: read again, once the edits settle.
    const DataPreviewRequest wanted = requestFor(m_file);
    if ((!m_file.isEmpty() || m_loader->isLoading()) &&
        (wanted.modelDir != m_issued.modelDir || wanted.options.seqLen != m_issued.options.seqLen ||
         wanted.options.promptTemplate != m_issued.options.promptTemplate))
        m_refreshTimer->start();
    m_histogram->setLimit(m_setup.config().data.seqLen);
    updateSplit();
}

void DataPage::onModelChanged() {
    m_loader->forgetTokenizer();
    updateModelNotice();
    if (!m_file.isEmpty() || m_loader->isLoading()) m_refreshTimer->start();
}

void DataPage::onStarted(const QString& file) {
    m_banner->dismiss();
    m_loadingRow->start(tr("Reading %1 …").arg(QFileInfo(file).fileName()), QDir::toNativeSeparators(file));
    Q_EMIT previewStarted(file);
}

void DataPage::onLoaded(const DataPreviewResult& result) {
    m_loadingRow->stop();
    m_file = result.file;
    showResult(result);
    if (QString::fromStdString(m_setup.config().dataFile) != m_file) {
        m_seenDataFile = m_file.toStdString();
        const std::string file = m_seenDataFile;
        m_setup.update([file](ls::TrainConfig& c) { c.dataFile = file; });
    }
    m_settings.addRecentDataset(m_file);
    rebuildRecent();
    Q_EMIT previewReady(m_file);
}

void DataPage::onFailed(const QString& file, const QString& message) {
    m_loadingRow->stop();
    const QString name = QFileInfo(file).fileName();
    const QString title = m_file.isEmpty() || m_file == file
                              ? tr("Could not read %1").arg(name)
                              : tr("Could not read %1 (still using %2)").arg(name, QFileInfo(m_file).fileName());
    m_banner->showError(title, message);
    m_banner->setToolTip(QDir::toNativeSeparators(file));
    rebuildRecent();  // the drop-down goes back to the file in use
    Q_EMIT previewFailed(file, message);
}

void DataPage::onCanceled(const QString&) { m_loadingRow->stop(); }

BusyIndicator* DataPage::busyIndicator() const { return m_loadingRow->busyIndicator(); }

QPushButton* DataPage::cancelButton() const { return m_loadingRow->cancelButton(); }

void DataPage::showResult(const DataPreviewResult& result) {
    // The selected row is kept when the same file is read again (a new sequence length, say).
    const bool sameFile = m_result && m_result->file == result.file;
    const int selected = sameFile ? qMax(0, m_table->selectedRow()) : 0;
    m_result = std::make_unique<DataPreviewResult>(result);
    m_shownRequest = m_issued;
    const ls::DataPreview& p = result.preview;
    m_stack->setCurrentIndex(1);
    updateSummary();
    updateSplit();

    m_histogram->setVisible(result.tokenized);
    m_histogramNeedsModel->setVisible(!result.tokenized);

    m_previewStack->setCurrentWidget(result.tokenized ? m_previewBox : m_previewWaiting);
    if (!result.tokenized) {
        m_table->clearRows();
        m_rowView->clear();
        m_histogram->clear();
        return;
    }
    QVector<LengthHistogramPlot::Bin> bins;
    for (const ls::HistogramBin& bin : p.histogram) bins.push_back({bin.lo, bin.hi, bin.count});
    m_histogram->setBins(bins);
    m_histogram->setLimit(m_setup.config().data.seqLen);
    m_histogram->setTitle(tr("Tokens per row"));

    QVector<PreviewRowData> rows;
    for (const ls::PreviewRow& row : p.rows) rows.push_back(toRowData(row));
    m_tableTitle->setText(rows.size() < p.rowCount
                              //: %2 (the rows in the file) chooses the plural form
                              ? tr("First %1 of %2 rows", nullptr, numerusCount(p.rowCount))
                                    .arg(exactCount(static_cast<qint64>(rows.size())), exactCount(p.rowCount))
                              : tr("All rows (%1)").arg(exactCount(p.rowCount)));
    m_table->setRows(rows);
    if (!rows.isEmpty()) m_table->selectRow(qMin(selected, static_cast<int>(rows.size()) - 1));
}

void DataPage::updateSummary() {
    if (!m_result) {
        m_card->clear();
        return;
    }
    const ls::DataPreview& p = m_result->preview;
    m_card->setTitle(QFileInfo(m_result->file).fileName());
    m_card->setSubtitle(QDir::toNativeSeparators(m_result->file));
    QVector<KeyValueCard::Row> rows;
    rows.push_back({tr("Format"), QString::fromStdString(ls::dataFormatName(p.format)),
                    formatText(p.format) + QLatin1Char('\n') + tr("Detected from the fields of the rows")});
    rows.push_back({tr("Rows"), exactCount(p.rowCount), tr("Rows in the file (blank lines are skipped)")});
    if (!m_result->tokenized) {
        rows.push_back(
            {tr("Tokens"), tr("counted once a model is open"), tr("Token lengths need the model's tokenizer")});
        m_card->setRows(rows);
        return;
    }
    const bool automatic = m_shownRequest.options.promptTemplate == ls::PromptTemplate::Auto;
    rows.push_back(
        {tr("Template"),
         automatic ? tr("%1 (automatic)").arg(templateText(p.resolvedTemplate)) : templateText(p.resolvedTemplate),
         automatic ? tr("Chosen from the special tokens of the model's tokenizer")
                   : tr("Chosen under Prompt template")});
    rows.push_back(
        {tr("Tokens per row"),
         tr("%1 – %2, mean %3").arg(exactCount(p.minLength), exactCount(p.maxLength), oneDecimal(p.meanLength)),
         tr("Rendered with the template, before truncation")});
    const int seqLen = m_shownRequest.options.seqLen;
    const QString truncated =
        p.truncated == 0 ? tr("none")
                         //: %1 (the rows cut) chooses the plural form
                         : tr("%1 rows (%2 %)", nullptr, numerusCount(p.truncated))
                               .arg(exactCount(p.truncated), oneDecimal(100.0 * p.truncated / qMax(1, p.rowCount)));
    const QString truncatedTip =
        p.truncated == 0 ? tr("Every row fits in the sequence length of %1 tokens").arg(exactCount(seqLen))
                         //: %1 (the rows cut) chooses the plural form
                         : tr("%1 of %2 rows are longer than the sequence length of %3 tokens and are cut at the end",
                              nullptr, numerusCount(p.truncated))
                               .arg(exactCount(p.truncated), exactCount(p.rowCount), exactCount(seqLen));
    rows.push_back({tr("Truncated"), truncated, truncatedTip});
    m_card->setRows(rows);
}

void DataPage::updateSplit() {
    const ls::DataOptions& data = m_setup.config().data;
    QString tip = tr("Examples are split with seed %1 (the same seed gives the same split), before packing. "
                     "Rows whose response the sequence length cuts away entirely are left out first.")
                      .arg(data.seed);
    if (!m_result) {
        m_split->setText(tr("—"));
        m_split->setToolTip(tip);
        return;
    }
    try {
        const ls::SplitIndices split =
            ls::splitIndices(static_cast<size_t>(m_result->preview.rowCount), data.evalFraction, data.seed);
        m_split->setText(tr("%1 train / %2 eval")
                             .arg(exactCount(static_cast<qint64>(split.train.size())),
                                  exactCount(static_cast<qint64>(split.eval.size()))));
        if (data.evalFraction > 0 && split.eval.empty())
            tip = tr("Too few rows for an eval split: every row is used for training.") + QLatin1Char(' ') + tip;
    } catch (const std::exception& e) {
        m_split->setText(QString::fromUtf8(e.what()));
    }
    m_split->setToolTip(tip);
}

void DataPage::updateModelNotice() {
    if (!m_setup.hasModel()) {
        m_modelNotice->setText(
            tr("No model is open: data files are checked and their rows counted, but the prompt and "
               "response preview and the token lengths need the model's tokenizer. Open a model on the "
               "Model page."));
        m_modelNotice->show();
    } else if (!m_setup.modelHasTokenizer()) {
        m_modelNotice->setText(
            tr("The open model has no tokenizer.json, so the rows cannot be tokenized: only their "
               "format and count are shown."));
        m_modelNotice->show();
    } else {
        m_modelNotice->hide();
    }
}

void DataPage::syncControls() {
    const ls::DataOptions& data = m_setup.config().data;
    {
        const QSignalBlocker block(m_seqLen);
        m_seqLen->setValue(data.seqLen);
    }
    {
        const QSignalBlocker block(m_template);
        m_template->setCurrentIndex(m_template->findData(static_cast<int>(data.promptTemplate)));
    }
    {
        const QSignalBlocker block(m_pack);
        m_pack->setChecked(data.pack);
    }
    {
        const QSignalBlocker block(m_evalFraction);
        m_evalFraction->setValue(data.evalFraction);
    }
}

void DataPage::rebuildRecent() {
    // Files that have gone since are not offered (the settings keep them; AppSettings has no remove).
    QStringList files;
    for (const QString& file : m_settings.recentDatasets()) {
        if (file == m_file || QFileInfo::exists(file)) files << file;
    }
    if (!m_file.isEmpty() && !files.contains(m_file)) files.prepend(m_file);
    const QSignalBlocker block(m_recent);
    m_recent->clear();
    for (const QString& file : files) {
        const QFileInfo info(file);
        m_recent->addItem(tr("%1  —  %2").arg(info.fileName(), QDir::toNativeSeparators(info.absolutePath())), file);
        m_recent->setItemData(m_recent->count() - 1, QDir::toNativeSeparators(file), Qt::ToolTipRole);
    }
    m_recent->setCurrentIndex(m_file.isEmpty() ? -1 : m_recent->findData(m_file));
    m_recent->setEnabled(m_recent->count() > 0);
    m_recent->setToolTip(m_file.isEmpty() ? tr("Recently used data files") : QDir::toNativeSeparators(m_file));
}

void DataPage::setDropHighlight(bool on) {
    if (!m_dropZone) return;
    m_dropZone->setStyleSheet(
        on ? QStringLiteral("#dataDropZone { background: #e8f0fe; border: 2px dashed #4a7bd0; border-radius: 10px; }"
                            "#dataDropZone QLabel { background: transparent; }")
           : QStringLiteral("#dataDropZone { background: palette(alternate-base); border: 2px dashed palette(mid);"
                            " border-radius: 10px; }"
                            "#dataDropZone QLabel { background: transparent; }"));
}

namespace {

// The single local file a drag carries, or empty.
QString droppedFile(const QMimeData* mime) {
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1) return {};
    const QUrl url = mime->urls().first();
    if (!url.isLocalFile()) return {};
    const QFileInfo info(url.toLocalFile());
    return info.isDir() ? QString() : info.absoluteFilePath();
}

}  // namespace

void DataPage::dragEnterEvent(QDragEnterEvent* event) {
    if (droppedFile(event->mimeData()).isEmpty()) return;
    event->acceptProposedAction();
    setDropHighlight(true);
}

void DataPage::dragLeaveEvent(QDragLeaveEvent* event) {
    QWidget::dragLeaveEvent(event);
    setDropHighlight(false);
}

void DataPage::dropEvent(QDropEvent* event) {
    setDropHighlight(false);
    const QString file = droppedFile(event->mimeData());
    if (file.isEmpty()) return;
    event->acceptProposedAction();
    loadFile(file);
}

}  // namespace ls::gui
