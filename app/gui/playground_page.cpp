#include "playground_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "app_settings.h"
#include "error_banner.h"
#include "generation_worker.h"
#include "labels.h"
#include "lorastudio/train.h"
#include "training_setup.h"

namespace ls::gui {

PlaygroundPage::PlaygroundPage(TrainingSetup& setup, AppSettings& settings, QWidget* parent)
    : QWidget(parent), m_setup(setup), m_settings(settings), m_worker(new GenerationWorker(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    m_banner = new ErrorBanner;
    layout->addWidget(m_banner);
    layout->addWidget(pageTitle(tr("Playground")));
    layout->addWidget(
        hintLabel(tr("Ask the base model and the fine-tuned one the same thing. Prompts are asked in the "
                     "template the training data used, so an adapter answers the way it learned to.")));

    m_prompt = new QPlainTextEdit;
    m_prompt->setPlaceholderText(tr("Type a prompt, e.g. an instruction like the ones in your training data"));
    m_prompt->setMaximumHeight(110);
    layout->addWidget(m_prompt);

    auto* options = new QHBoxLayout;
    options->addWidget(new QLabel(tr("Adapter:")));
    m_adapter = new QComboBox;
    m_adapter->setMinimumWidth(280);
    m_adapter->setToolTip(tr("The adapter of a run (newest first), or any PEFT adapter folder"));
    options->addWidget(m_adapter, 1);
    auto* browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("PEFT Adapter Folder"), m_settings.runsFolder());
        if (!dir.isEmpty()) setAdapterDir(dir);
    });
    options->addWidget(browse);
    layout->addLayout(options);
    auto* decoding = new QHBoxLayout;
    options = decoding;
    m_raw = new QCheckBox(tr("Raw prompt"));
    m_raw->setToolTip(tr("Send the text as it is, instead of asking it in the model's instruction template"));
    options->addWidget(m_raw);
    m_sample = new QCheckBox(tr("Sample"));
    m_sample->setToolTip(tr("Sample with temperature and top-p instead of greedy decoding"));
    options->addWidget(m_sample);
    m_temperature = new QDoubleSpinBox;
    m_temperature->setRange(0.05, 2.0);
    m_temperature->setSingleStep(0.05);
    m_temperature->setValue(0.8);
    m_temperature->setPrefix(tr("temperature "));
    m_temperature->setEnabled(false);
    connect(m_sample, &QCheckBox::toggled, m_temperature, &QWidget::setEnabled);
    options->addWidget(m_temperature);
    m_maxTokens = new QSpinBox;
    m_maxTokens->setRange(1, 2048);
    m_maxTokens->setValue(48);
    m_maxTokens->setPrefix(tr("max tokens "));
    options->addWidget(m_maxTokens);
    options->addStretch(1);
    m_generate = new QPushButton(tr("Generate"));
    m_generate->setDefault(true);
    m_generate->setToolTip(tr("Generate with both models (Ctrl+Return)"));
    connect(m_generate, &QPushButton::clicked, this, &PlaygroundPage::generate);
    options->addWidget(m_generate);
    m_stop = new QPushButton(tr("Stop"));
    connect(m_stop, &QPushButton::clicked, m_worker, &GenerationWorker::cancel);
    options->addWidget(m_stop);
    layout->addLayout(options);
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(shortcut, &QShortcut::activated, this, &PlaygroundPage::generate);

    auto* outputs = new QHBoxLayout;
    auto makePane = [&](const QString& heading, QTextBrowser*& browser) {
        auto* box = new QGroupBox(heading);
        auto* v = new QVBoxLayout(box);
        browser = new QTextBrowser;
        browser->setPlaceholderText(tr("The answer appears here"));
        v->addWidget(browser);
        outputs->addWidget(box, 1);
    };
    makePane(tr("Base model"), m_base);
    makePane(tr("With adapter"), m_adapted);
    layout->addLayout(outputs, 1);
    m_status = hintLabel(QString());
    layout->addWidget(m_status);

    connect(m_worker, &GenerationWorker::progress, this,
            [this](int side, const QString& text) { (side == 0 ? m_base : m_adapted)->setPlainText(text); });
    connect(m_worker, &GenerationWorker::finished, this, &PlaygroundPage::onFinished);
    connect(&m_setup, &TrainingSetup::modelChanged, this, &PlaygroundPage::updateButtons);
    updateButtons();
}

void PlaygroundPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refreshAdapters();
}

void PlaygroundPage::refreshAdapters() {
    const QString keep = adapterDir();
    m_adapter->clear();
    m_adapter->addItem(tr("(none: base model only)"), QString());
    for (const auto& dir : ls::findRuns(m_settings.runsFolder().toStdString())) {
        const QString adapter = QString::fromStdString((dir / "adapter").string());
        if (QFileInfo::exists(adapter + QStringLiteral("/adapter_model.safetensors")))
            m_adapter->addItem(QFileInfo(QString::fromStdString(dir.string())).fileName(), adapter);
    }
    // Keep the user's choice; otherwise the newest run's adapter.
    const int found = keep.isEmpty() ? -1 : m_adapter->findData(keep);
    m_adapter->setCurrentIndex(found >= 0 ? found : (m_adapter->count() > 1 ? 1 : 0));
}

void PlaygroundPage::setPrompt(const QString& prompt) { m_prompt->setPlainText(prompt); }

void PlaygroundPage::setAdapterDir(const QString& dir) {
    int index = m_adapter->findData(dir);
    if (index < 0) {
        m_adapter->addItem(QDir::toNativeSeparators(dir), dir);
        index = m_adapter->count() - 1;
    }
    m_adapter->setCurrentIndex(index);
}

QString PlaygroundPage::adapterDir() const { return m_adapter->currentData().toString(); }

bool PlaygroundPage::isGenerating() const { return m_worker->isRunning(); }
QString PlaygroundPage::baseOutput() const { return m_base->toPlainText(); }
QString PlaygroundPage::adaptedOutput() const { return m_adapted->toPlainText(); }

void PlaygroundPage::generate() {
    if (m_worker->isRunning()) return;
    if (!m_setup.hasModel()) {
        m_banner->showError(tr("No model"), tr("Open a model on the Model page first."));
        return;
    }
    GenerationRequest r;
    r.modelDir = m_setup.modelDir();
    r.adapterDir = adapterDir();
    r.prompt = m_prompt->toPlainText();
    r.rawPrompt = m_raw->isChecked();
    r.maxNewTokens = m_maxTokens->value();
    r.greedy = !m_sample->isChecked();
    r.temperature = m_temperature->value();
    m_base->clear();
    m_adapted->clear();
    if (r.adapterDir.isEmpty()) m_adapted->setPlaceholderText(tr("No adapter chosen"));
    m_banner->dismiss();
    m_status->setText(tr("Generating…"));
    m_worker->start(r);
    updateButtons();
}

void PlaygroundPage::onFinished(const QString& base, const QString& adapted, const QString& error) {
    if (!error.isEmpty()) {
        m_banner->showError(tr("Generation failed"), error);
        m_status->clear();
    } else {
        m_base->setPlainText(base);
        if (!adapterDir().isEmpty()) m_adapted->setPlainText(adapted);
        m_status->setText(tr("Done (%1)").arg(m_sample->isChecked() ? tr("sampled") : tr("greedy")));
    }
    updateButtons();
    Q_EMIT generationFinished();
}

void PlaygroundPage::updateButtons() {
    const bool running = m_worker->isRunning();
    m_generate->setEnabled(!running && m_setup.hasModel());
    m_stop->setEnabled(running);
    if (!m_setup.hasModel())
        m_status->setText(tr("Open a model on the Model page to use the playground."));
    else if (!running && m_status->text() == tr("Open a model on the Model page to use the playground."))
        m_status->clear();
}

}  // namespace ls::gui
