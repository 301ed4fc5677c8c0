// The Train page against the real engine on the llama3 fixture (CPU, QLoRA r 4): a short run fills the
// curves, the weight histogram (16 NF4 code lines) and the update-size bars and leaves a complete run folder;
// a long run pauses (no new points), resumes and cancels with a checkpoint and an adapter; a missing data
// file disables Start with the reason; a data file that fails in the engine shows the error banner and the
// page can run again; a flood of synthetic metrics keeps the event loop responsive. Screenshots of the page
// go to LS_SCREENSHOT_DIR.
#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSlider>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QtTest>
#include <cmath>
#include <memory>

#include "app_settings.h"
#include "code_histogram_plot.h"
#include "error_banner.h"
#include "live_plot.h"
#include "lorastudio/model_config.h"
#include "lorastudio/train.h"
#include "lorastudio/train_errors.h"
#include "status_chip.h"
#include "train_charts.h"
#include "train_page.h"
#include "training_job.h"
#include "training_setup.h"
#include "translations.h"
#include "update_norm_plot.h"
#include "weights_panel.h"

using namespace ls::gui;

namespace {

constexpr int kRunTimeoutMs = 120'000;
constexpr int kShortSteps = 8;
constexpr int kNfCodes = 16;
constexpr int kFixtureModules = 14;      // all-linear on the llama3 fixture: 2 layers x 7 projections
constexpr int kQuietMs = 300;            // a paused run adds no points for this long
constexpr int kMaxTimerLatencyMs = 100;  // a zero timer fires this soon while the charts take a flood
constexpr int kSyntheticPoints = 5000;
constexpr int kSyntheticBatch = 100;
constexpr double kCodeTolerance = 1e-6;
const QSize kPageSize(1200, 760);

QString fixtureModel() { return QStringLiteral(LS_FIXTURES_DIR "/models/llama3"); }

QString shotPath(const QString& name) { return QStringLiteral(LS_SCREENSHOT_DIR "/") + name + QStringLiteral(".png"); }

void writeFile(const QString& path, const QByteArray& content) {
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    f.write(content);
}

QByteArray alpacaRows(int n) {
    QByteArray out;
    for (int i = 0; i < n; ++i)
        out += QStringLiteral("{\"instruction\": \"Name thing %1\", \"output\": \"ANSWER: word%2.\"}\n")
                   .arg(i)
                   .arg(i % 4)
                   .toUtf8();
    return out;
}

int straightLines(QCustomPlot* plot) {
    int n = 0;
    for (int i = 0; i < plot->itemCount(); ++i) n += qobject_cast<QCPItemStraightLine*>(plot->item(i)) ? 1 : 0;
    return n;
}

}  // namespace

class TestTrainPage : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<TrainingSetup> m_setup;
    std::unique_ptr<TrainingJob> m_job;
    std::unique_ptr<TrainPage> m_page;

    QString temp(const QString& name) const { return m_dir->filePath(name); }
    QString runsFolder() const { return temp(QStringLiteral("runs")); }

    void configure(int64_t steps) {
        m_setup->update([&](ls::TrainConfig& c) {
            c.dataFile = temp(QStringLiteral("data.jsonl")).toStdString();
            c.lora.method = ls::LoraMethod::QLora;
            c.lora.r = 4;
            c.lora.alpha = 8;
            c.lora.targetModules = {"all-linear"};
            c.steps = steps;
            c.batchSize = 2;
            c.data.seqLen = 48;
            c.data.evalFraction = 0.25;
            c.device = ls::Device::CPU;
            c.dtype.reset();
            c.snapshotEvery = 1;
            c.checkpointEvery = 4;
            c.evalEvery = 2;
            c.evalBatches = 1;
            c.warmupSteps = 1;
            c.lr = 1e-2;
        });
    }

    // Clicks Start and waits for the run's end.
    ls::TrainResult runToEnd() {
        QSignalSpy ended(m_page.get(), &TrainPage::runEnded);
        QTest::mouseClick(m_page->startButton(), Qt::LeftButton);
        [&] { QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, kRunTimeoutMs); }();
        return ended.isEmpty() ? ls::TrainResult{} : ended.first().at(0).value<ls::TrainResult>();
    }

    int lossPoints() const { return m_page->charts()->lossPlot()->pointCount(TrainCharts::kTrainLoss); }

    void shoot(const QString& name) {
        for (LivePlot* plot : m_page->charts()->plots()) plot->flush();
        QTest::qWait(60);  // queued replots and a last layout pass
        const QString path = shotPath(name);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QVERIFY2(m_page->grab().save(path), qPrintable(path));
        const QImage image(path);
        QVERIFY2(!image.isNull(), qPrintable(path));
    }

private Q_SLOTS:
    // As the app does at start: the English catalog gives the singular of the plural messages.
    void initTestCase() { QCOMPARE(installTranslations(qApp, QStringLiteral("en")), QStringLiteral("en")); }

    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        writeFile(temp(QStringLiteral("data.jsonl")), alpacaRows(16));
        m_settings = std::make_unique<AppSettings>(temp(QStringLiteral("settings.ini")));
        m_settings->setRunsFolder(runsFolder());
        m_setup = std::make_unique<TrainingSetup>();
        m_setup->setModel(fixtureModel(),
                          ls::loadModelConfig((fixtureModel() + QStringLiteral("/config.json")).toStdString()), true);
        configure(kShortSteps);
        m_job = std::make_unique<TrainingJob>();
        m_page = std::make_unique<TrainPage>(*m_setup, *m_job, *m_settings);
        m_page->resize(kPageSize);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    }

    void cleanup() {
        if (m_job && m_job->isActive()) {
            m_job->cancel();
            QVERIFY(m_job->wait(kRunTimeoutMs));
            QTest::qWait(50);
        }
        m_page.reset();
        m_job.reset();
        m_setup.reset();
        m_settings.reset();
        m_dir.reset();
    }

    void idleBeforeARun() {
        QCOMPARE(m_page->shownState(), ls::RunState::Idle);
        QCOMPARE(m_page->stateChip()->text(), TrainPage::stateText(ls::RunState::Idle));
        QVERIFY(m_page->startButton()->isEnabled());
        QVERIFY(!m_page->pauseButton()->isEnabled());
        QVERIFY(!m_page->resumeButton()->isEnabled());
        QVERIFY(!m_page->cancelButton()->isEnabled());
        QVERIFY(!m_page->hintLabel()->isVisibleTo(m_page.get()));
        // The summary names what will run.
        const QString summary = m_page->summaryLabel()->text();
        for (const char* part :
             {"llama3", "QLoRA", "r 4", "all-linear", "14 modules", "8 steps", "batch 2 × 48", "CPU"})
            QVERIFY2(summary.contains(QString::fromUtf8(part)), qPrintable(summary));
        // Shortcuts are in the tooltips.
        QVERIFY(m_page->startButton()->toolTip().contains(QStringLiteral("F5")));
        QVERIFY(m_page->pauseButton()->toolTip().contains(QStringLiteral("F6")));
        QVERIFY(m_page->cancelButton()->toolTip().contains(QStringLiteral("F5")));
        // CPU: the memory chart follows the process's RAM instead of the GPU allocator.
        QVERIFY(!m_page->charts()->memoryPlot()->isShowingMessage());
        QVERIFY(m_page->charts()->memoryPlot()->title().contains(QStringLiteral("RAM")));
        shoot(QStringLiteral("train_page_idle"));
        // A count of 1 reads singular.
        configure(1);
        const QString one = m_page->summaryLabel()->text();
        QVERIFY2(one.contains(QStringLiteral(" 1 step ")) && !one.contains(QStringLiteral("1 steps")), qPrintable(one));
    }

    void shortRunFillsEverything() {
        const ls::TrainResult result = runToEnd();
        QCOMPARE(int(result.state), int(ls::RunState::Finished));
        QCOMPARE(result.steps, int64_t(kShortSteps));

        TrainCharts* charts = m_page->charts();
        QCOMPARE(lossPoints(), kShortSteps);
        QCOMPARE(charts->throughputPlot()->pointCount(0), kShortSteps);
        QCOMPARE(charts->memoryPlot()->pointCount(TrainCharts::kPeak), kShortSteps);
        QCOMPARE(charts->memoryPlot()->pointCount(TrainCharts::kAllocated), kShortSteps);
        QCOMPARE(charts->learningRatePlot()->pointCount(0), kShortSteps);
        QCOMPARE(charts->lossPlot()->pointCount(TrainCharts::kEvalLoss), kShortSteps / 2);  // eval every 2 steps
        for (double v : charts->throughputPlot()->values(0)) QVERIFY(v > 0);
        QCOMPARE(charts->lossPlot()->toCsv().trimmed().split(QLatin1Char('\n')).size(), kShortSteps + 1);

        QCOMPARE(m_page->shownState(), ls::RunState::Finished);
        QCOMPARE(m_page->stateChip()->text(), TrainPage::stateText(ls::RunState::Finished));
        QVERIFY(m_page->stateChip()->text().contains(QStringLiteral("finished"), Qt::CaseInsensitive));
        QVERIFY(m_page->startButton()->isEnabled());
        QVERIFY(!m_page->pauseButton()->isEnabled());
        QVERIFY(!m_page->cancelButton()->isEnabled());
        QCOMPARE(m_page->progressBar()->value(), m_page->progressBar()->maximum());
        QVERIFY(m_page->progressText()->text().contains(QStringLiteral("Finished")));
        QVERIFY(m_page->logView()->toPlainText().contains(QStringLiteral("Finished")));
        QVERIFY(!m_page->errorBanner()->isVisible());

        // The run folder: under the runs folder, named after the date and the method, complete.
        const QString run = m_page->runDir();
        QCOMPARE(QFileInfo(run).absolutePath(), QFileInfo(runsFolder()).absoluteFilePath());
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}_\\d{4}_qlora-r4$"))
                     .match(QDir(run).dirName())
                     .hasMatch(),
                 qPrintable(run));
        QVERIFY(QFileInfo(run + QStringLiteral("/config.json")).isFile());
        QVERIFY(QFileInfo(run + QStringLiteral("/metrics.jsonl")).isFile());
        QVERIFY(QFileInfo(run + QStringLiteral("/adapter")).isDir());
        QCOMPARE(int(ls::readMetrics((run + QStringLiteral("/metrics.jsonl")).toStdString()).size()), kShortSteps);

        // Weights: the histogram of the chosen tensor under the 16 NF4 codes scaled by its absmax.
        WeightsPanel* weights = m_page->weights();
        QVERIFY(weights->hasSnapshot());
        QCOMPARE(weights->snapshotStep(), qint64(kShortSteps));
        CodeHistogramPlot* histogram = weights->histogram();
        QCOMPARE(histogram->codeLineCount(), kNfCodes);
        QCOMPARE(straightLines(histogram->plot()), kNfCodes);
        QCOMPARE(histogram->counts().size(), WeightsPanel::kHistogramBins);
        QVERIFY(histogram->keyAxisLabel().contains(QStringLiteral("absmax")));
        const double absmax = histogram->codeValues().last();  // NF4's largest code is 1
        QVERIFY(absmax > 0);
        QVERIFY(std::abs(histogram->codeValues().first() + absmax) < kCodeTolerance * qMax(1.0, absmax));
        QCOMPARE(weights->currentTensor(), QStringLiteral("lora_B"));
        // Several modules are snapshotted: the picker is offered; switching to lora_A changes the plot.
        QVERIFY(weights->moduleCombo()->count() > 1);
        QVERIFY(weights->moduleCombo()->isVisibleTo(weights));
        QVERIFY(weights->selectTensor(QStringLiteral("lora_A")));
        QVERIFY(histogram->title().contains(QStringLiteral("lora_A")));
        QVERIFY(weights->selectModule(weights->moduleCombo()->itemText(1)));
        QCOMPARE(histogram->codeLineCount(), kNfCodes);
        QVERIFY(weights->selectTensor(QStringLiteral("lora_B")));
        // Update size: one bar per adapted module, grouped by layer, all grown from B = 0.
        UpdateNormPlot* norms = weights->normPlot();
        QCOMPARE(norms->barCount(), kFixtureModules);
        QCOMPARE(norms->groups().size(), 7);
        for (const UpdateNormPlot::Entry& e : norms->entries()) QVERIFY(e.value > 0);
        // QLoRA: each update against the quantization error of its base weight.
        UpdateNormPlot* ratios = weights->quantRatioPlot();
        QVERIFY(ratios->isVisibleTo(weights));
        QCOMPARE(ratios->barCount(), kFixtureModules);
        for (const UpdateNormPlot::Entry& e : ratios->entries()) QVERIFY(e.value > 0 && std::isfinite(e.value));

        shoot(QStringLiteral("train_page"));
        m_page->tabs()->setCurrentWidget(weights);
        shoot(QStringLiteral("train_page_weights"));
        m_page->tabs()->setCurrentIndex(0);
        // The size the page has inside the main window.
        m_page->resize(1010, 690);
        shoot(QStringLiteral("train_page_window"));
    }

    void pauseResumeCancel() {
        configure(5000);
        QSignalSpy ended(m_page.get(), &TrainPage::runEnded);
        QTest::mouseClick(m_page->startButton(), Qt::LeftButton);
        QCOMPARE(m_page->shownState(), ls::RunState::Running);
        QVERIFY(!m_page->startButton()->isEnabled());
        QVERIFY(m_page->cancelButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(lossPoints() >= 3, kRunTimeoutMs);
        QVERIFY(m_page->progressText()->text().contains(QStringLiteral("ETA")));
        QVERIFY(m_page->progressText()->text().contains(QStringLiteral("tokens/s")));
        QCOMPARE(m_page->progressBar()->maximum(), 5000);

        QTest::mouseClick(m_page->pauseButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_page->shownState(), ls::RunState::Paused, kRunTimeoutMs);
        QCOMPARE(m_page->stateChip()->text(), TrainPage::stateText(ls::RunState::Paused));
        QVERIFY(m_page->resumeButton()->isEnabled());
        QVERIFY(!m_page->pauseButton()->isEnabled());
        QVERIFY(m_page->cancelButton()->isEnabled());
        const int paused = lossPoints();
        QTest::qWait(kQuietMs);
        QCOMPARE(lossPoints(), paused);
        shoot(QStringLiteral("train_page_paused"));

        // Resume with the keyboard: F6 is Pause and Resume, whichever is enabled.
        QTest::keyClick(m_page.get(), Qt::Key_F6);
        QTRY_COMPARE_WITH_TIMEOUT(m_page->shownState(), ls::RunState::Running, kRunTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(lossPoints() > paused + 1, kRunTimeoutMs);

        QTest::mouseClick(m_page->cancelButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, kRunTimeoutMs);
        QCOMPARE(int(ended.first().at(0).value<ls::TrainResult>().state), int(ls::RunState::Cancelled));
        QCOMPARE(m_page->shownState(), ls::RunState::Cancelled);
        QCOMPARE(m_page->stateChip()->text(), TrainPage::stateText(ls::RunState::Cancelled));
        QVERIFY(m_page->startButton()->isEnabled());
        QVERIFY(!m_page->cancelButton()->isEnabled());
        const QString run = m_page->runDir();
        QVERIFY(!ls::listCheckpoints(run.toStdString()).empty());
        QVERIFY(QFileInfo(run + QStringLiteral("/adapter/adapter_model.safetensors")).isFile());
        QVERIFY(!m_page->errorBanner()->isVisible());
    }

    void problemsAndFailures() {
        // No data file: Start is disabled and the hint says why.
        const QString missing = temp(QStringLiteral("missing.jsonl"));
        m_setup->update([&](ls::TrainConfig& c) { c.dataFile = missing.toStdString(); });
        QVERIFY(!m_page->startButton()->isEnabled());
        QVERIFY(m_page->hintLabel()->isVisible());
        QVERIFY2(m_page->hintLabel()->text().contains(QStringLiteral("missing.jsonl")),
                 qPrintable(m_page->hintLabel()->text()));
        QCOMPARE(m_page->hintLabel()->text(), m_setup->problem());
        shoot(QStringLiteral("train_page_problem"));

        // A file the setup accepts (it exists) but the engine refuses: the banner names it.
        const QString bad = temp(QStringLiteral("bad_rows.jsonl"));
        writeFile(bad, alpacaRows(5) + "{\"instruction\": \"broken\n" + alpacaRows(3));
        m_setup->update([&](ls::TrainConfig& c) { c.dataFile = bad.toStdString(); });
        QVERIFY(m_page->startButton()->isEnabled());
        QVERIFY(!m_page->hintLabel()->isVisible());
        const ls::TrainResult failed = runToEnd();
        QCOMPARE(int(failed.state), int(ls::RunState::Failed));
        QCOMPARE(m_page->stateChip()->text(), TrainPage::stateText(ls::RunState::Failed));
        QVERIFY(m_page->errorBanner()->isVisible());
        QVERIFY2(m_page->errorBanner()->message().contains(QStringLiteral("bad_rows.jsonl")),
                 qPrintable(m_page->errorBanner()->message()));
        QVERIFY(!m_page->errorBanner()->message().contains(QLatin1Char('\n')));
        QVERIFY(m_page->logView()->toPlainText().contains(QStringLiteral("bad_rows.jsonl")));
        QVERIFY(m_page->startButton()->isEnabled());
        QVERIFY(!m_page->cancelButton()->isEnabled());
        shoot(QStringLiteral("train_page_failed"));

        // The page keeps working: fix the data and run again; the banner goes away.
        const QString failedRun = m_page->runDir();
        m_setup->update([&](ls::TrainConfig& c) {
            c.dataFile = temp(QStringLiteral("data.jsonl")).toStdString();
            c.steps = 2;
        });
        const ls::TrainResult again = runToEnd();
        QCOMPARE(int(again.state), int(ls::RunState::Finished));
        QVERIFY(!m_page->errorBanner()->isVisible());
        QVERIFY(m_page->runDir() != failedRun);  // a new folder each run, even within the same minute
        QCOMPARE(lossPoints(), 2);
    }

    void outOfMemoryOffersTheFit() {
        // A run that ran out of GPU memory (no GPU here: the job's finished signal carries such a result):
        // the banner offers "Fit to GPU memory", which asks for it and hides the banner.
        QSignalSpy asked(m_page.get(), &TrainPage::fitToMemoryRequested);
        ls::TrainResult oom;
        oom.state = ls::RunState::Failed;
        oom.message = std::string(ls::kOutOfMemoryPrefix) +
                      " (estimated need 21.24 GiB): turn on gradient checkpointing (estimate 13.60 GiB, fits this GPU; "
                      "--fit gpu or Fit to GPU memory does it), or lower the batch size or sequence length";
        QVERIFY(ls::outOfMemoryFailureHasFit(oom));
        Q_EMIT m_job->finished(oom);
        ErrorBanner* banner = m_page->errorBanner();
        QVERIFY(banner->isVisible());
        QVERIFY(banner->actionButton()->isVisible());
        QCOMPARE(banner->actionButton()->text(), QStringLiteral("Fit to GPU memory"));
        shoot(QStringLiteral("train_page_out_of_memory"));
        banner->actionButton()->click();
        QCOMPARE(asked.count(), 1);
        QVERIFY(!banner->isVisible());

        // Out of memory with nothing that fits, and any other failure, offer nothing.
        ls::TrainResult noFit = oom;
        noFit.message = std::string(ls::kOutOfMemoryPrefix) +
                        " (estimated need 321.00 GiB): no memory option fits this GPU's 16.00 GiB: use QLoRA, or "
                        "lower the batch size or sequence length";
        QVERIFY(ls::isOutOfMemoryFailure(noFit) && !ls::outOfMemoryFailureHasFit(noFit));
        Q_EMIT m_job->finished(noFit);
        QVERIFY(banner->isVisible());
        QVERIFY(!banner->actionButton()->isVisible());
        ls::TrainResult other = oom;
        other.message = "data.jsonl: line 3: not JSON";
        QVERIFY(!ls::isOutOfMemoryFailure(other));
        Q_EMIT m_job->finished(other);
        QVERIFY(banner->isVisible());
        QVERIFY(!banner->actionButton()->isVisible());
        banner->dismiss();
    }

    void floodKeepsTheEventLoopResponsive() {
        TrainCharts* charts = m_page->charts();
        charts->setMemoryTracked(true, qint64(6) << 30);
        QVERIFY(charts->memoryPlot()->hasReferenceLine());
        QVERIFY(!charts->memoryPlot()->isShowingMessage());
        const int replotsBefore = charts->lossPlot()->replotCount();
        QElapsedTimer total;
        total.start();
        qint64 worst = 0;
        for (int first = 1; first <= kSyntheticPoints; first += kSyntheticBatch) {
            QVector<ls::StepMetrics> batch;
            for (int step = first; step < first + kSyntheticBatch; ++step) {
                ls::StepMetrics m;
                m.step = step;
                m.totalSteps = kSyntheticPoints;
                m.loss = 0.8 + 2.5 * std::exp(-step / 900.0) + 0.15 * std::sin(step * 0.37);
                if (step % 250 == 0) m.evalLoss = 0.9 + 2.5 * std::exp(-step / 900.0);
                m.lr = 2e-4 * 0.5 * (1 + std::cos(M_PI * step / kSyntheticPoints));
                m.tokensPerS = 5200 + 300 * std::sin(step * 0.05);
                m.memAllocated = (qint64(5) << 30) + (qint64(step % 7) << 24);
                m.memReserved = qint64(5.6 * (1LL << 30));
                m.memPeak = qint64(5.4 * (1LL << 30));
                m.etaS = (kSyntheticPoints - step) * 0.2;
                m.elapsedS = step * 0.2;
                batch.push_back(m);
            }
            m_page->addMetrics(batch);
            QElapsedTimer latency;
            latency.start();
            qint64 fired = -1;
            QTimer::singleShot(0, this, [&] { fired = latency.elapsed(); });
            QTRY_VERIFY_WITH_TIMEOUT(fired >= 0, 5000);
            worst = qMax(worst, fired);
        }
        QVERIFY2(worst < kMaxTimerLatencyMs, qPrintable(QStringLiteral("worst zero-timer latency %1 ms").arg(worst)));
        const qint64 floodMs = qMax<qint64>(1, total.elapsed());
        qInfo("flood: %d points in %lld ms (%lld points/s), worst zero-timer latency %lld ms (limit %d)",
              kSyntheticPoints, floodMs, qint64(kSyntheticPoints) * 1000 / floodMs, worst, kMaxTimerLatencyMs);
        QCOMPARE(charts->lossPlot()->pointCount(TrainCharts::kTrainLoss), kSyntheticPoints);
        QCOMPARE(charts->memoryPlot()->pointCount(TrainCharts::kPeak), kSyntheticPoints);
        // Redraws are coalesced: at most one per interval (plus the first).
        QTest::qWait(2 * LivePlot::kReplotIntervalMs);
        const int replots = charts->lossPlot()->replotCount() - replotsBefore;
        QVERIFY(replots >= 1);
        QVERIFY2(replots <= total.elapsed() / LivePlot::kReplotIntervalMs + 2, qPrintable(QString::number(replots)));
        QCOMPARE(m_page->progressBar()->value(), kSyntheticPoints);

        // The log scale and the smoothing slider act on the loss chart.
        charts->logScaleCheck()->setChecked(true);
        QVERIFY(charts->lossPlot()->logScale());
        charts->smoothingSlider()->setValue(90);
        QCOMPARE(charts->lossPlot()->smoothing(), 0.9);
        charts->logScaleCheck()->setChecked(false);
        charts->smoothingSlider()->setValue(60);
        shoot(QStringLiteral("train_page_synthetic"));
    }
};

QTEST_MAIN(TestTrainPage)
#include "test_train_page.moc"
