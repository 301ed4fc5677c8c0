// The Runs page over real run folders (trained here by the engine on the fixture model): listing,
// overlaid loss curves, config differences, export, merge on a worker, resume and delete; and the
// Playground generating with the base and the adapted model.
#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "app_settings.h"
#include "error_banner.h"
#include "lorastudio/model_config.h"
#include "lorastudio/train.h"
#include "overlay_plot.h"
#include "playground_page.h"
#include "runs_page.h"
#include "training_setup.h"

using namespace ls::gui;

namespace {

constexpr int kTimeoutMs = 60000;
const QString kModel = QStringLiteral(LS_FIXTURES_DIR "/models/llama3");

QString writeData(const QString& dir) {
    const QString file = dir + QStringLiteral("/train.jsonl");
    QFile f(file);
    f.open(QIODevice::WriteOnly);
    for (int i = 0; i < 12; ++i)
        f.write(QStringLiteral("{\"instruction\": \"Name thing %1\", \"output\": \"ANSWER: x%2.\"}\n")
                    .arg(i)
                    .arg(i % 4)
                    .toUtf8());
    return file;
}

// Trains a run of `steps` (cancelled after `stopAt` when > 0) with rank r.
void train(const QString& runDir, const QString& data, int64_t r, int64_t steps, int64_t stopAt = 0) {
    ls::TrainConfig c;
    c.modelDir = kModel.toStdString();
    c.dataFile = data.toStdString();
    c.lora.r = r;
    c.lora.targetModules = {"q_proj", "v_proj"};
    c.data.seqLen = 48;
    c.steps = steps;
    c.batchSize = 2;
    c.lr = 1e-2;
    auto session = ls::TrainingSession::create(c, runDir.toStdString());
    ls::TrainCallbacks cb;
    cb.onMetrics = [&](const ls::StepMetrics& m) {
        if (stopAt > 0 && m.step == stopAt) session->cancel();
    };
    session->run(cb);
}

}  // namespace

class TestRunsPage : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("s.ini")));
        const QString runs = m_dir.filePath(QStringLiteral("runs"));
        m_settings->setRunsFolder(runs);
        const QString data = writeData(m_dir.path());
        train(runs + QStringLiteral("/a-r4"), data, 4, 5);
        QTest::qWait(1100);  // distinct modification times: the newest run is listed first
        train(runs + QStringLiteral("/b-r8"), data, 8, 6, /*stopAt=*/3);
        // As if killed during the next step's append: half a line, no newline. It must not hide the run.
        QFile metrics(runs + QStringLiteral("/b-r8/metrics.jsonl"));
        QVERIFY(metrics.open(QIODevice::Append));
        metrics.write("{\"step\":4,\"total_steps\":6,\"loss\":3.");
    }

    void listsRunsWithCurvesAndDifferences() {
        RunsPage page(*m_settings);
        page.refresh();
        QCOMPARE(page.runCount(), 2);
        QCOMPARE(QFileInfo(QString::fromStdString(page.run(0).dir.string())).fileName(), QStringLiteral("b-r8"));
        QCOMPARE(page.run(0).stepsDone, int64_t(3));
        QCOMPARE(QString::fromStdString(page.run(0).error), QString());
        QCOMPARE(page.run(1).stepsDone, int64_t(5));
        page.selectRows({0, 1});
        QCOMPARE(page.lossPlot()->curveCount(), 2);
        QCOMPARE(page.lossPlot()->pointCount(0), 3);
        QCOMPARE(page.lossPlot()->pointCount(1), 5);
        // Only differing settings are listed: the rank, the steps; not the shared learning rate.
        QStringList keys;
        for (int i = 0; i < page.diffTable()->rowCount(); ++i) keys << page.diffTable()->item(i, 0)->text();
        QVERIFY2(keys.contains(QStringLiteral("lora.r")), qPrintable(keys.join(QLatin1Char(','))));
        QVERIFY(keys.contains(QStringLiteral("steps")));
        QVERIFY(!keys.contains(QStringLiteral("lr")));
    }

    void resumeExportMergeDelete() {
        RunsPage page(*m_settings);
        page.refresh();
        QSignalSpy resume(&page, &RunsPage::resumeRequested);
        page.selectRows({0});  // the cancelled run
        for (auto* b : page.findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("Resume")) b->click();
        QCOMPARE(resume.count(), 1);
        QVERIFY(resume.at(0).at(0).toString().endsWith(QStringLiteral("step-000003")));

        const QString exported = m_dir.filePath(QStringLiteral("exported"));
        QVERIFY(page.exportAdapter(exported));
        QVERIFY(QFileInfo::exists(exported + QStringLiteral("/adapter_config.json")));
        QVERIFY(QFileInfo::exists(exported + QStringLiteral("/adapter_model.safetensors")));

        QSignalSpy merged(&page, &RunsPage::mergeFinished);
        const QString mergedDir = m_dir.filePath(QStringLiteral("merged"));
        page.mergeInto(mergedDir, QStringLiteral("fp32"));
        QVERIFY(page.isMerging() || merged.count() == 1);
        QTRY_COMPARE_WITH_TIMEOUT(merged.count(), 1, kTimeoutMs);
        QCOMPARE(merged.at(0).at(1).toString(), QString());
        QVERIFY(QFileInfo::exists(mergedDir + QStringLiteral("/model.safetensors")));
        QVERIFY(QFileInfo::exists(mergedDir + QStringLiteral("/config.json")));

        // A merge into a place that cannot be written reports in the banner; the page keeps working.
        QFile blocker(m_dir.filePath(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        page.mergeInto(m_dir.filePath(QStringLiteral("blocker/sub")), QStringLiteral("bf16"));
        QTRY_COMPARE_WITH_TIMEOUT(merged.count(), 2, kTimeoutMs);
        QVERIFY(!merged.at(1).at(1).toString().isEmpty());
        QVERIFY(page.errorBanner()->isVisibleTo(&page));

        const QString doomed = QString::fromStdString(page.run(0).dir.string());
        page.selectRows({0});
        QVERIFY(page.deleteSelected());
        QVERIFY(!QFileInfo::exists(doomed));
        QCOMPARE(page.runCount(), 1);
    }

    void playgroundGeneratesWithBothModels() {
        TrainingSetup setup;
        setup.setModel(kModel, ls::loadModelConfig((kModel + QStringLiteral("/config.json")).toStdString()), true);
        PlaygroundPage page(setup, *m_settings);
        page.refreshAdapters();
        QVERIFY(!page.adapterDir().isEmpty());  // the newest run's adapter is chosen
        page.setPrompt(QStringLiteral("Name thing 3"));
        QSignalSpy done(&page, &PlaygroundPage::generationFinished);
        page.generate();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, kTimeoutMs);
        QVERIFY2(!page.errorBanner()->isVisibleTo(&page), qPrintable(page.errorBanner()->message()));
        QVERIFY(!page.isGenerating());

        // A broken adapter folder fails in place, and generation works again afterwards.
        page.setAdapterDir(m_dir.filePath(QStringLiteral("nowhere")));
        page.generate();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, kTimeoutMs);
        QVERIFY(page.errorBanner()->message().contains(QStringLiteral("nowhere")));
    }
};

QTEST_MAIN(TestRunsPage)
#include "test_runs_page.moc"
