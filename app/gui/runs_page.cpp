#include "runs_page.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "app_settings.h"
#include "busy_indicator.h"
#include "error_banner.h"
#include "labels.h"
#include "lorastudio/demo.h"
#include "lorastudio/lora.h"
#include "lorastudio/model.h"
#include "overlay_plot.h"
#include "run_history.h"

namespace ls::gui {

namespace {

enum Column { ColName, ColMethod, ColRank, ColSteps, ColLoss, ColEval, ColAdapter, ColModified, ColCount };

QString number(double v, int precision = 4) { return QString::number(v, 'f', precision); }

// The work of a merge, on a worker: never throws; returns the error (empty on success).
QString mergeRun(const QString& runDir, const QString& modelDir, const QString& target, const QString& dtype,
                 std::shared_ptr<MergeProgress> progress) {
    try {
        ls::LoadOptions load;
        load.dtype = ls::ComputeType::F32;  // the sum W + s·B·A is rounded once, to the output dtype
        auto model = ls::Model::load(ls::resolveModelDir(modelDir.toStdString()), load);
        auto adapter = ls::LoraAdapter::loadPeft(*model, (runDir + QStringLiteral("/adapter")).toStdString());
        ls::writeMergedModel(*model, *adapter, target.toStdString(), ls::parseComputeType(dtype.toStdString()),
                             [progress](int done, int total) {
                                 progress->done = done;
                                 progress->total = total;
                                 return !progress->cancel.load();
                             });
        return {};
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
}

}  // namespace

RunsPage::RunsPage(AppSettings& settings, QWidget* parent) : QWidget(parent), m_settings(settings) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    m_banner = new ErrorBanner;
    layout->addWidget(m_banner);

    auto* top = new QHBoxLayout;
    top->addWidget(pageTitle(tr("Runs & export")));
    top->addSpacing(8);
    m_folderLabel = hintLabel(QString());
    m_folderLabel->setWordWrap(false);
    m_folderLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    top->addWidget(m_folderLabel, 1);
    auto* open = new QPushButton(tr("Open Run Folder…"));
    open->setToolTip(tr("Add a run folder from elsewhere (one with config.json)"));
    connect(open, &QPushButton::clicked, this, &RunsPage::openFolder);
    top->addWidget(open);
    auto* refreshButton = new QPushButton(tr("Refresh"));
    refreshButton->setShortcut(QKeySequence::Refresh);
    refreshButton->setToolTip(tr("Read the runs folder again (F5)"));
    connect(refreshButton, &QPushButton::clicked, this, &RunsPage::refresh);
    top->addWidget(refreshButton);
    layout->addLayout(top);

    m_emptyText =
        hintLabel(tr("No runs yet. Start one on the Train page; every run keeps its settings, its "
                     "loss curve, checkpoints and the adapter in its own folder, listed here."));
    m_emptyText->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_emptyText);
    auto* split = new QSplitter(Qt::Vertical);
    m_split = split;
    m_table = new QTableWidget(0, ColCount);
    m_table->setHorizontalHeaderLabels(
        {tr("Run"), tr("Method"), tr("r"), tr("Steps"), tr("Loss"), tr("Eval loss"), tr("Adapter"), tr("Modified")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(ColName, QHeaderView::Stretch);
    m_table->setToolTip(tr("Select several runs (Ctrl or Shift) to compare their loss curves and settings"));
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &RunsPage::onSelectionChanged);
    split->addWidget(m_table);

    auto* lower = new QSplitter(Qt::Horizontal);
    m_plot = new OverlayPlot(tr("step"), tr("train loss"));
    lower->addWidget(m_plot);
    m_diff = new QTableWidget(0, 1);
    m_diff->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_diff->verticalHeader()->hide();
    m_diff->setToolTip(tr("The settings that differ between the selected runs (all settings for one run)"));
    lower->addWidget(m_diff);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    split->addWidget(lower);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 1);

    auto* actions = new QHBoxLayout;
    m_resume = new QPushButton(tr("Resume"));
    m_resume->setToolTip(tr("Continue the selected run from its last checkpoint on the Train page"));
    connect(m_resume, &QPushButton::clicked, this, [this] {
        const auto rows = selectedRows();
        if (!rows.isEmpty() && !m_runs[rows.first()].checkpoints.empty())
            Q_EMIT resumeRequested(QString::fromStdString(m_runs[rows.first()].checkpoints.back().string()));
    });
    m_export = new QPushButton(tr("Export Adapter…"));
    m_export->setToolTip(tr("Copy the adapter as a PEFT folder (adapter_config.json + adapter_model.safetensors)"));
    connect(m_export, &QPushButton::clicked, this, &RunsPage::chooseExportDir);
    m_merge_button = new QPushButton(tr("Merge into Model…"));
    m_merge_button->setToolTip(
        tr("Write a full Hugging Face model folder with the adapter folded into the base weights"));
    connect(m_merge_button, &QPushButton::clicked, this, &RunsPage::chooseMergeDir);
    m_mergeDtype = new QComboBox;
    m_mergeDtype->addItem(QStringLiteral("bf16"));
    m_mergeDtype->addItem(QStringLiteral("fp16"));
    m_mergeDtype->addItem(QStringLiteral("fp32"));
    m_mergeDtype->setToolTip(tr("Data type of the merged weights"));
    m_delete = new QPushButton(tr("Delete…"));
    m_delete->setToolTip(tr("Delete the selected run folders"));
    connect(m_delete, &QPushButton::clicked, this, &RunsPage::confirmDelete);
    m_busy = new BusyIndicator;
    m_busy->hide();
    m_busyText = new QLabel;
    actions->addWidget(m_resume);
    actions->addWidget(m_export);
    actions->addWidget(m_merge_button);
    actions->addWidget(m_mergeDtype);
    actions->addSpacing(12);
    actions->addWidget(m_busy);
    actions->addWidget(m_busyText);
    actions->addStretch(1);
    actions->addWidget(m_delete);
    layout->addLayout(actions);

    m_mergeBar = new QProgressBar;
    m_mergeBar->setMaximumWidth(220);
    m_mergeBar->hide();
    m_mergeCancel = new QPushButton(tr("Cancel"));
    m_mergeCancel->setToolTip(tr("Stop merging; nothing is written"));
    m_mergeCancel->hide();
    connect(m_mergeCancel, &QPushButton::clicked, this, &RunsPage::cancelMerge);
    actions->insertWidget(actions->indexOf(m_busyText) + 1, m_mergeBar);
    actions->insertWidget(actions->indexOf(m_mergeBar) + 1, m_mergeCancel);
    m_mergePoll = new QTimer(this);
    m_mergePoll->setInterval(100);
    connect(m_mergePoll, &QTimer::timeout, this, [this] {
        if (!m_mergeProgress) return;
        m_mergeBar->setMaximum(std::max(1, m_mergeProgress->total.load()));
        m_mergeBar->setValue(m_mergeProgress->done.load());
    });
    connect(&m_merge, &QFutureWatcher<QString>::finished, this, [this] {
        const QString error = m_merge.result();
        m_mergePoll->stop();
        m_mergeBar->hide();
        m_mergeCancel->hide();
        m_busy->stop();
        m_busy->hide();
        if (error.isEmpty()) {
            m_busyText->setText(tr("Merged into %1").arg(QDir::toNativeSeparators(m_mergeTarget)));
        } else {
            m_busyText->clear();
            m_banner->showError(tr("Merging failed"), error);
        }
        updateButtons();
        Q_EMIT mergeFinished(m_mergeTarget, error);
    });
    updateButtons();
}

RunsPage::~RunsPage() {
    cancelMerge();
    m_merge.waitForFinished();
}

void RunsPage::cancelMerge() {
    if (m_mergeProgress) m_mergeProgress->cancel = true;
}

void RunsPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();
}

void RunsPage::refresh() {
    const QString folder = m_settings.runsFolder();
    m_folderLabel->setText(tr("in %1").arg(QDir::toNativeSeparators(folder)));
    const QList<int> keep = selectedRows();
    QStringList selectedDirs;
    for (int r : keep) selectedDirs << QString::fromStdString(m_runs[r].dir.string());
    m_runs.clear();
    for (const auto& dir : ls::findRuns(folder.toStdString())) m_runs.push_back(ls::describeRun(dir));
    for (const QString& extra : m_extraFolders) m_runs.push_back(ls::describeRun(extra.toStdString()));
    rebuildTable();
    m_emptyText->setVisible(m_runs.isEmpty());
    m_split->setVisible(!m_runs.isEmpty());
    QList<int> rows;
    for (int i = 0; i < m_runs.size(); ++i)
        if (selectedDirs.contains(QString::fromStdString(m_runs[i].dir.string()))) rows << i;
    if (rows.isEmpty() && !m_runs.isEmpty()) rows << 0;
    selectRows(rows);
}

void RunsPage::addRunFolder(const QString& dir) {
    if (!m_extraFolders.contains(dir)) m_extraFolders << dir;
    refresh();
}

void RunsPage::rebuildTable() {
    QSignalBlocker block(m_table);
    m_table->setRowCount(m_runs.size());
    for (int i = 0; i < m_runs.size(); ++i) {
        const auto& r = m_runs[i];
        auto set = [&](int col, const QString& text, const QString& tip = {}) {
            auto* item = new QTableWidgetItem(text);
            if (!tip.isEmpty()) item->setToolTip(tip);
            m_table->setItem(i, col, item);
        };
        const QString dir = QString::fromStdString(r.dir.string());
        set(ColName, QFileInfo(dir).fileName(), r.error.empty() ? dir : QString::fromStdString(r.error));
        set(ColMethod, r.config ? QString::fromLatin1(ls::loraMethodName(r.config->lora.method)) : QStringLiteral("—"));
        set(ColRank, r.config ? QString::number(r.config->lora.r) : QStringLiteral("—"));
        set(ColSteps, r.totalSteps ? QStringLiteral("%1 / %2").arg(r.stepsDone).arg(r.totalSteps) : runStatusText(r),
            runStatusText(r));
        set(ColLoss, r.metrics.empty() ? QStringLiteral("—") : number(r.metrics.back().loss));
        QString eval = QStringLiteral("—");
        for (auto it = r.metrics.rbegin(); it != r.metrics.rend(); ++it)
            if (it->evalLoss) {
                eval = number(*it->evalLoss);
                break;
            }
        set(ColEval, eval);
        set(ColAdapter, r.hasAdapter ? tr("yes") : tr("no"));
        set(ColModified, QFileInfo(dir + QStringLiteral("/config.json"))
                             .lastModified()
                             .toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(ColName, QHeaderView::Stretch);
}

void RunsPage::selectRows(const QList<int>& rows) {
    m_table->clearSelection();
    for (int r : rows)
        if (r >= 0 && r < m_table->rowCount())
            m_table->selectionModel()->select(m_table->model()->index(r, 0),
                                              QItemSelectionModel::Select | QItemSelectionModel::Rows);
    onSelectionChanged();
}

QList<int> RunsPage::selectedRows() const {
    QList<int> rows;
    if (!m_table->selectionModel()) return rows;
    for (const QModelIndex& i : m_table->selectionModel()->selectedRows()) rows << i.row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

void RunsPage::onSelectionChanged() {
    const QList<int> rows = selectedRows();
    QVector<OverlayCurve> curves;
    QVector<ls::RunSummary> chosen;
    for (int r : rows) {
        const auto& run = m_runs[r];
        chosen.push_back(run);
        OverlayCurve c{QFileInfo(QString::fromStdString(run.dir.string())).fileName(), {}, {}};
        for (const auto& m : run.metrics) {
            c.x.push_back(static_cast<double>(m.step));
            c.y.push_back(m.loss);
        }
        curves.push_back(c);
    }
    m_plot->setCurves(curves);

    const auto diffs = configDifferences(chosen);
    m_diff->clear();
    m_diff->setColumnCount(1 + chosen.size());
    QStringList headers{tr("Setting")};
    for (const auto& c : curves) headers << c.name;
    m_diff->setHorizontalHeaderLabels(headers);
    m_diff->setRowCount(diffs.size());
    for (int i = 0; i < diffs.size(); ++i) {
        m_diff->setItem(i, 0, new QTableWidgetItem(diffs[i].key));
        for (int k = 0; k < diffs[i].values.size(); ++k)
            m_diff->setItem(i, k + 1, new QTableWidgetItem(diffs[i].values[k]));
    }
    m_diff->resizeColumnsToContents();
    updateButtons();
}

void RunsPage::updateButtons() {
    const QList<int> rows = selectedRows();
    const bool one = !rows.isEmpty();
    const bool merging = m_merge.isRunning();
    m_resume->setEnabled(one && !m_runs[rows.first()].checkpoints.empty() && m_runs[rows.first()].config &&
                         m_runs[rows.first()].stepsDone < m_runs[rows.first()].totalSteps);
    const bool adapter = one && m_runs[rows.first()].hasAdapter;
    m_export->setEnabled(adapter);
    m_merge_button->setEnabled(adapter && !merging && m_runs[rows.first()].config.has_value());
    m_delete->setEnabled(one && !merging);
}

bool RunsPage::exportAdapter(const QString& targetDir) {
    const QList<int> rows = selectedRows();
    if (rows.isEmpty() || !m_runs[rows.first()].hasAdapter) return false;
    const QString from = QString::fromStdString(m_runs[rows.first()].dir.string()) + QStringLiteral("/adapter/");
    if (!QDir().mkpath(targetDir)) {
        m_banner->showError(tr("Export failed"), tr("%1: cannot create the folder").arg(targetDir));
        return false;
    }
    for (const QString& name : {QStringLiteral("adapter_config.json"), QStringLiteral("adapter_model.safetensors")}) {
        const QString to = targetDir + QLatin1Char('/') + name;
        QFile::remove(to);
        if (!QFile::copy(from + name, to)) {
            m_banner->showError(tr("Export failed"), tr("%1: cannot write the file").arg(to));
            return false;
        }
    }
    m_busyText->setText(tr("Adapter exported to %1").arg(QDir::toNativeSeparators(targetDir)));
    return true;
}

void RunsPage::mergeInto(const QString& targetDir, const QString& dtype) {
    const QList<int> rows = selectedRows();
    if (rows.isEmpty() || m_merge.isRunning() || !m_runs[rows.first()].config) return;
    const auto& run = m_runs[rows.first()];
    m_mergeTarget = targetDir;
    m_busy->show();
    m_busy->start();
    m_busyText->setText(tr("Merging the adapter into the base model…"));
    const QString dir = QString::fromStdString(run.dir.string());
    const QString model = QString::fromStdString(run.config->modelDir);
    m_mergeProgress = std::make_shared<MergeProgress>();
    auto progress = m_mergeProgress;
    m_mergeBar->setValue(0);
    m_mergeBar->show();
    m_mergeCancel->show();
    m_mergePoll->start();
    m_merge.setFuture(QtConcurrent::run(
        [dir, model, targetDir, dtype, progress] { return mergeRun(dir, model, targetDir, dtype, progress); }));
    updateButtons();
}

bool RunsPage::deleteSelected() {
    const QList<int> rows = selectedRows();
    bool ok = true;
    for (int r : rows) ok = QDir(QString::fromStdString(m_runs[r].dir.string())).removeRecursively() && ok;
    for (int r : rows) m_extraFolders.removeAll(QString::fromStdString(m_runs[r].dir.string()));
    refresh();
    return ok;
}

void RunsPage::chooseExportDir() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export Adapter To"), QDir::homePath());
    if (!dir.isEmpty()) exportAdapter(dir);
}

void RunsPage::chooseMergeDir() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Write the Merged Model To"), QDir::homePath());
    if (!dir.isEmpty()) mergeInto(dir, m_mergeDtype->currentText());
}

void RunsPage::confirmDelete() {
    const QList<int> rows = selectedRows();
    if (rows.isEmpty()) return;
    if (QMessageBox::question(this, tr("Delete Runs"),
                              tr("Delete %n run folder(s) with their checkpoints and adapters? This cannot be undone.",
                                 nullptr, rows.size())) == QMessageBox::Yes)
        deleteSelected();
}

void RunsPage::openFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Run Folder"), m_settings.runsFolder());
    if (dir.isEmpty()) return;
    if (!QFileInfo::exists(dir + QStringLiteral("/config.json"))) {
        m_banner->showError(tr("Not a run folder"), tr("%1: no config.json").arg(QDir::toNativeSeparators(dir)));
        return;
    }
    addRunFolder(dir);
}

}  // namespace ls::gui
