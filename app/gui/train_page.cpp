#include "train_page.h"

#include <QDir>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTime>
#include <QUrl>
#include <QVBoxLayout>
#include <limits>

#include "app_settings.h"
#include "error_banner.h"
#include "format.h"
#include "labels.h"
#include "lorastudio/train_errors.h"
#include "page_layout.h"
#include "run_plan.h"
#include "status_chip.h"
#include "train_charts.h"
#include "training_job.h"
#include "training_setup.h"
#include "weights_panel.h"

namespace ls::gui {

namespace {

QString keyText(const QKeySequence& key) { return key.toString(QKeySequence::NativeText); }

QColor stateColor(ls::RunState state) {
    switch (state) {
        case ls::RunState::Idle:
            return QColor(0x75, 0x75, 0x75);
        case ls::RunState::Running:
            return QColor(0x1f, 0x6f, 0xb4);
        case ls::RunState::Paused:
            return QColor(0xc2, 0x7c, 0x0e);
        case ls::RunState::Finished:
            return QColor(0x2e, 0x8b, 0x57);
        case ls::RunState::Failed:
            return QColor(0xc0, 0x39, 0x2b);
        case ls::RunState::Cancelled:
            return QColor(0x8a, 0x6d, 0x4b);
    }
    return QColor(Qt::gray);
}

}  // namespace

TrainPage::TrainPage(TrainingSetup& setup, TrainingJob& job, AppSettings& settings, QWidget* parent)
    : QWidget(parent),
      m_setup(setup),
      m_job(job),
      m_settings(settings),
      m_chip(new StatusChip),
      m_summary(new QLabel),
      m_hintBox(new QFrame),
      m_hint(new QLabel),
      m_banner(new ErrorBanner),
      m_start(new QPushButton(tr("Start"))),
      m_pause(new QPushButton(tr("Pause"))),
      m_resume(new QPushButton(tr("Resume"))),
      m_cancel(new QPushButton(tr("Cancel"))),
      m_progress(new QProgressBar),
      m_stats(new QLabel),
      m_runLink(new QLabel),
      m_tabs(new QTabWidget),
      m_charts(new TrainCharts),
      m_weights(new WeightsPanel),
      m_log(new QPlainTextEdit) {
    // Header: title, state, the four controls with their shortcuts.
    const QKeySequence startKey(Qt::Key_F5), pauseKey(Qt::Key_F6), cancelKey(Qt::SHIFT | Qt::Key_F5);
    m_start->setShortcut(startKey);
    m_start->setToolTip(
        tr("Start a new run with these settings, in a new folder under the runs folder (%1)").arg(keyText(startKey)));
    m_start->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_start->setDefault(true);
    m_pause->setShortcut(pauseKey);
    m_pause->setToolTip(tr("Pause after the current micro-batch; nothing is lost (%1)").arg(keyText(pauseKey)));
    m_pause->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    m_resume->setShortcut(pauseKey);
    m_resume->setToolTip(tr("Continue the paused run (%1)").arg(keyText(pauseKey)));
    m_resume->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_cancel->setShortcut(cancelKey);
    m_cancel->setToolTip(tr("Stop the run; a checkpoint and the adapter of the last finished step are saved (%1)")
                             .arg(keyText(cancelKey)));
    m_cancel->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_chip->setToolTip(tr("The state of the training job"));

    auto* header = new QHBoxLayout;
    header->addWidget(pageTitle(tr("Train")));
    header->addSpacing(10);
    header->addWidget(m_chip, 0, Qt::AlignVCenter);
    header->addStretch(1);
    header->addWidget(m_start);
    header->addWidget(m_pause);
    header->addWidget(m_resume);
    header->addWidget(m_cancel);

    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setForegroundRole(QPalette::PlaceholderText);

    // Why Start is disabled.
    m_hintBox->setObjectName(QStringLiteral("trainHint"));
    m_hintBox->setStyleSheet(
        QStringLiteral("#trainHint { background: #fff6e0; border: 1px solid #e9c46a; border-radius: 6px; }"
                       "#trainHint QLabel { color: #5c4300; background: transparent; }"));
    auto* hintIcon = new QLabel;
    hintIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(18, 18));
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* hintLayout = new QHBoxLayout(m_hintBox);
    hintLayout->setContentsMargins(10, 6, 10, 6);
    hintLayout->addWidget(hintIcon, 0, Qt::AlignTop);
    hintLayout->addWidget(m_hint, 1);

    // Progress: the bar, then ETA, throughput and loss; the run folder as a link.
    m_progress->setTextVisible(true);
    m_progress->setMinimumWidth(240);
    m_stats->setTextFormat(Qt::PlainText);
    m_runLink->setTextFormat(Qt::RichText);
    m_runLink->setOpenExternalLinks(true);
    m_runLink->setForegroundRole(QPalette::PlaceholderText);
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 2);
    progressRow->addSpacing(8);
    progressRow->addWidget(m_stats, 3);
    progressRow->addWidget(m_runLink, 0, Qt::AlignRight);

    // Curves and weights in tabs, the log under them.
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_charts, tr("Training curves"));
    m_tabs->addTab(m_weights, tr("Weights"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(kMaxLogLines);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setPlaceholderText(tr("The engine's messages appear here: loading, checkpoints, the result."));
    auto* logBox = new QWidget;
    auto* logLayout = new QVBoxLayout(logBox);
    logLayout->setContentsMargins(0, 4, 0, 0);
    logLayout->setSpacing(2);
    auto* logTitle = new QLabel(tr("Log"));
    QFont bold = logTitle->font();
    bold.setBold(true);
    logTitle->setFont(bold);
    logLayout->addWidget(logTitle);
    logLayout->addWidget(m_log, 1);

    auto* splitter = paneSplitter(Qt::Vertical, {{m_tabs, 5}, {logBox, 1}});
    splitter->setSizes({520, 120});

    auto* layout = pageLayout(this, 8);
    layout->addLayout(header);
    layout->addWidget(m_summary);
    layout->addWidget(m_hintBox);
    layout->addWidget(m_banner);
    layout->addLayout(progressRow);
    layout->addWidget(splitter, 1);

    connect(m_start, &QPushButton::clicked, this, &TrainPage::start);
    connect(m_pause, &QPushButton::clicked, this, &TrainPage::pause);
    connect(m_resume, &QPushButton::clicked, this, &TrainPage::resume);
    connect(m_cancel, &QPushButton::clicked, this, &TrainPage::cancel);
    connect(&m_setup, &TrainingSetup::changed, this, [this] {
        // Before the first run the memory chart follows the chosen device; afterwards it shows the last run.
        if (m_runDir.isEmpty() && !m_job.isActive())
            m_charts->setMemoryTracked(m_setup.config().device == ls::Device::CUDA);
        updateSummary();
        updateControls();
    });
    connect(&m_job, &TrainingJob::stateChanged, this, &TrainPage::onStateChanged);
    connect(&m_job, &TrainingJob::metrics, this, &TrainPage::addMetrics);
    connect(&m_job, &TrainingJob::snapshot, m_weights, &WeightsPanel::setSnapshot);
    connect(&m_job, &TrainingJob::logLine, this, &TrainPage::appendLog);
    connect(&m_job, &TrainingJob::finished, this, &TrainPage::onFinished);
    connect(&m_job, &TrainingJob::failedToStart, this, &TrainPage::onFailedToStart);
    connect(m_banner, &ErrorBanner::actionTriggered, this, &TrainPage::fitToMemoryRequested);

    m_charts->setMemoryTracked(m_setup.config().device == ls::Device::CUDA);
    m_weights->clear(tr("The adapter's weights appear here while a run trains."));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("Not started"));
    updateSummary();
    updateControls();
}

TrainPage::~TrainPage() = default;

QString TrainPage::stateText(ls::RunState state) {
    switch (state) {
        case ls::RunState::Idle:
            return tr("Idle");
        case ls::RunState::Running:
            return tr("Running");
        case ls::RunState::Paused:
            return tr("Paused");
        case ls::RunState::Finished:
            return tr("Finished");
        case ls::RunState::Failed:
            return tr("Failed");
        case ls::RunState::Cancelled:
            return tr("Cancelled");
    }
    return QString();
}

ls::RunState TrainPage::shownState() const { return m_job.state(); }

QString TrainPage::modelName() const {
    const QString dir = m_job.isActive() ? QString::fromStdString(m_job.config().modelDir) : m_setup.modelDir();
    return dir.isEmpty() ? QString() : QDir(dir).dirName();
}

void TrainPage::updateSummary() {
    const bool active = m_job.isActive();
    const ls::TrainConfig& config = active ? m_job.config() : m_setup.config();
    const ls::ModelConfig* model = m_setup.hasModel() ? &m_setup.modelConfig() : nullptr;
    const QString text = RunPlan::summary(config, modelName(), model);
    m_summary->setText(active ? tr("This run: %1").arg(text) : tr("Next run: %1").arg(text));
}

void TrainPage::updateControls() {
    const ls::RunState state = m_job.state();
    const bool active = m_job.isActive();
    const QString problem = active ? QString() : m_setup.problem();
    m_start->setEnabled(!active && problem.isEmpty());
    m_pause->setEnabled(state == ls::RunState::Running);
    m_resume->setEnabled(state == ls::RunState::Paused);
    m_cancel->setEnabled(active);
    m_chip->setStatus(stateText(state), stateColor(state));
    m_hint->setText(problem);
    m_hintBox->setVisible(!problem.isEmpty());
}

void TrainPage::start() {
    if (m_job.isActive()) return;
    const QString problem = m_setup.problem();
    if (!problem.isEmpty()) {
        updateControls();
        return;
    }
    m_banner->dismiss();
    ls::TrainConfig config = m_setup.config();
    if (config.snapshotEvery > 0 && config.snapshotModules.empty() && m_setup.hasModel())
        config.snapshotModules = RunPlan::snapshotModules(RunPlan::targets(m_setup.modelConfig(), config.lora));
    QString error;
    const QString dir = RunPlan::createRunFolder(m_settings.runsFolder(),
                                                 RunPlan::runFolderName(config, QDateTime::currentDateTime()), &error);
    if (dir.isEmpty()) {
        m_banner->showError(tr("Could not start training"), error);
        appendLog(error);
        return;
    }
    // The job announces the run through stateChanged(Running), which sets the page up (beginRun).
    if (!m_job.start(config, dir)) QDir().rmdir(dir);  // still empty; failedToStart has the reason
}

void TrainPage::pause() {
    if (m_job.state() != ls::RunState::Running) return;
    m_job.pause();
    m_pending = tr("Pausing after the current step…");
    updateStats();
}

void TrainPage::resume() {
    if (m_job.state() != ls::RunState::Paused) return;
    m_job.resume();
    m_pending = tr("Resuming…");
    updateStats();
}

void TrainPage::cancel() {
    if (!m_job.isActive()) return;
    m_job.cancel();
    m_pending = tr("Cancelling: saving a checkpoint and the adapter…");
    updateStats();
}

void TrainPage::beginRun() {
    m_runShown = true;
    m_runDir = m_job.runDir();
    m_last.reset();
    m_pending.clear();
    const ls::TrainConfig& config = m_job.config();
    m_charts->clear();
    const bool cuda = config.device == ls::Device::CUDA;
    const qint64 estimate =
        cuda && m_setup.hasModel() ? RunPlan::estimatedBytes(m_setup.modelConfig(), config).value_or(0) : 0;
    m_charts->setMemoryTracked(cuda, estimate);
    m_weights->clear(config.snapshotEvery > 0
                         ? tr("The first weight snapshot arrives after step %1.").arg(config.snapshotEvery)
                         : tr("This run takes no weight snapshots (snapshot every 0 steps)."));
    m_progress->setRange(0, 0);  // busy until the first step
    const QString name = QDir(m_runDir).dirName();
    m_runLink->setText(tr("Run folder: <a href=\"%1\">%2</a>")
                           .arg(QUrl::fromLocalFile(m_runDir).toString().toHtmlEscaped(), name.toHtmlEscaped()));
    m_runLink->setToolTip(QDir::toNativeSeparators(m_runDir));
    m_banner->dismiss();
    appendLog(tr("Run started in %1").arg(QDir::toNativeSeparators(m_runDir)));
    updateSummary();
    Q_EMIT runStarted(m_runDir);
}

void TrainPage::onStateChanged(ls::RunState state) {
    const bool active = state == ls::RunState::Running || state == ls::RunState::Paused;
    if (active && !m_runShown) beginRun();
    if (!active) m_runShown = false;
    m_pending.clear();
    updateControls();
    updateSummary();
    if (active) updateStats();
}

void TrainPage::addMetrics(const QVector<ls::StepMetrics>& batch) {
    if (batch.isEmpty()) return;
    m_charts->addMetrics(batch);
    m_last = batch.last();
    const qint64 total = qMax<qint64>(m_last->totalSteps, m_last->step);
    // QProgressBar counts in int; a very long run is shown in per-mille.
    if (total <= std::numeric_limits<int>::max()) {
        m_progress->setRange(0, int(total));
        m_progress->setValue(int(m_last->step));
    } else {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(1000 * m_last->step / total));
    }
    const QLocale locale;
    m_progress->setFormat(tr("Step %1 of %2").arg(locale.toString(qint64(m_last->step)), locale.toString(total)));
    updateStats();
}

void TrainPage::updateStats() {
    if (!m_job.isActive()) return;
    QString text;
    if (!m_last) {
        text = tr("Loading the model and the data…");
    } else {
        const QLocale locale;
        QStringList parts;
        if (m_job.state() == ls::RunState::Running) parts << tr("ETA %1").arg(RunPlan::durationText(m_last->etaS));
        parts << tr("%1 tokens/s").arg(locale.toString(m_last->tokensPerS, 'f', 0));
        parts << tr("loss %1").arg(locale.toString(m_last->loss, 'f', 4));
        parts << tr("elapsed %1").arg(RunPlan::durationText(m_last->elapsedS));
        text = parts.join(QStringLiteral(" · "));
    }
    if (!m_pending.isEmpty()) text = m_pending + QStringLiteral("  ") + text;
    m_stats->setText(text);
}

void TrainPage::onFinished(const ls::TrainResult& result) {
    const QString message = QString::fromStdString(result.message);
    appendLog(tr("%1: %2").arg(stateText(result.state), message));
    if (!result.adapterDir.empty())
        appendLog(tr("Adapter saved in %1")
                      .arg(QDir::toNativeSeparators(QString::fromStdString(result.adapterDir.string()))));
    const QLocale locale;
    switch (result.state) {
        case ls::RunState::Finished: {
            QString text = tr("Finished %Ln steps", nullptr, numerusCount(result.steps));
            if (m_last) text += tr(" in %1").arg(RunPlan::durationText(m_last->elapsedS));
            text += tr(" · final loss %1").arg(locale.toString(result.finalLoss, 'f', 4));
            if (result.finalEvalLoss) text += tr(", eval %1").arg(locale.toString(*result.finalEvalLoss, 'f', 4));
            m_stats->setText(text);
            if (m_progress->maximum() == 0) m_progress->setRange(0, 1);
            m_progress->setValue(m_progress->maximum());
            break;
        }
        case ls::RunState::Cancelled:
            m_stats->setText(tr("Cancelled after %Ln steps", nullptr, numerusCount(result.steps)));
            break;
        default:
            m_banner->showError(tr("Training failed"), message,
                                ls::outOfMemoryFailureHasFit(result) ? tr("Fit to GPU memory") : QString());
            m_stats->setText(tr("Failed after %Ln steps", nullptr, numerusCount(result.steps)));
            break;
    }
    if (m_progress->maximum() == 0) {  // never got a step: stop the busy animation
        m_progress->setRange(0, 1);
        m_progress->setValue(0);
        m_progress->setFormat(tr("No steps"));
    }
    updateControls();
    updateSummary();
    Q_EMIT runEnded(result);
}

void TrainPage::onFailedToStart(const QString& message) {
    m_banner->showError(tr("Could not start training"), message);
    appendLog(tr("Could not start: %1").arg(message));
    updateControls();
}

void TrainPage::appendLog(const QString& line) {
    m_log->appendPlainText(
        QStringLiteral("[%1] %2").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), line));
}

}  // namespace ls::gui
