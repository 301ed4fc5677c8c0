// The whole path through the real main window, as a user clicks it: open the fixture model, pick QLoRA
// on the Method page (the target tree against `lora-studio-cli info --json`), load data on the Data page,
// start training on the Train page, watch the loss and memory charts and the NF4 histogram fill, cancel,
// and find the saved checkpoint and adapter on the Runs page.
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app_settings.h"
#include "choice_card.h"
#include "code_histogram_plot.h"
#include "data_page.h"
#include "live_plot.h"
#include "lorastudio/memory_estimate.h"
#include "lorastudio/memory_fit.h"
#include "lorastudio/train.h"
#include "main_window.h"
#include "method_page.h"
#include "model_page.h"
#include "runs_page.h"
#include "target_tree.h"
#include "train_charts.h"
#include "train_page.h"
#include "training_job.h"
#include "training_setup.h"
#include "weights_panel.h"

using namespace ls::gui;

namespace {
constexpr int kTimeoutMs = 60000;
const QString kModel = QStringLiteral(LS_FIXTURES_DIR "/models/llama3");
}  // namespace

class TestEndToEnd : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeData() {
        const QString file = m_dir.filePath(QStringLiteral("train.jsonl"));
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly)) return {};
        for (int i = 0; i < 24; ++i)
            f.write(QStringLiteral("{\"instruction\": \"Name thing %1\", \"output\": \"ANSWER: x%2.\"}\n")
                        .arg(i)
                        .arg(i % 4)
                        .toUtf8());
        return file;
    }

private Q_SLOTS:
    void targetTreeMatchesCliInfo() {
        AppSettings settings(m_dir.filePath(QStringLiteral("tree.ini")));
        MainWindow window(settings);
        QSignalSpy loaded(window.modelPage(), &ModelPage::modelLoaded);
        window.openModel(kModel);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);

        QProcess cli;
        cli.start(QStringLiteral(LS_CLI_PATH), {QStringLiteral("info"), kModel, QStringLiteral("--json")});
        QVERIFY(cli.waitForFinished(kTimeoutMs));
        QCOMPARE(cli.exitCode(), 0);
        const QJsonObject info = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        const QJsonArray linears = info.value(QStringLiteral("linear_modules")).toArray();
        QVERIFY(!linears.isEmpty());
        const TargetTree* tree = window.methodPage()->targetTree();
        QCOMPARE(tree->modules().size(), linears.size());
        QStringList cliNames, treeNames;
        for (const auto& v : linears) cliNames << v.toString();
        for (const auto& m : tree->modules()) treeNames << m.name;
        cliNames.sort();  // the CLI lists them by name, the tree in model order
        treeNames.sort();
        QCOMPARE(treeNames, cliNames);
        QCOMPARE(tree->layerCount(),
                 info.value(QStringLiteral("config")).toObject().value(QStringLiteral("num_hidden_layers")).toInt());
    }

    void outOfMemoryFitOpensTheMethodPage() {
        // "Fit to GPU memory" in a failed run's banner (TrainPage::fitToMemoryRequested) opens the Method page
        // and fits there: on a GPU of the checkpointed run's size, checkpointing (or offload) gets turned on.
        AppSettings settings(m_dir.filePath(QStringLiteral("fit.ini")));
        MainWindow window(settings);
        QSignalSpy loaded(window.modelPage(), &ModelPage::modelLoaded);
        window.openModel(kModel);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);
        window.trainingSetup()->update([](ls::TrainConfig& c) {
            c.device = ls::Device::CUDA;
            c.lora.method = ls::LoraMethod::Lora;
            c.batchSize = 16;
            c.data.seqLen = 1024;
        });
        ls::TrainConfig checkpointed = window.trainingSetup()->config();
        checkpointed.gradCheckpointing = true;
        const ls::ModelConfig& model = window.trainingSetup()->modelConfig();
        const int64_t need =
            ls::estimateTrainingMemory(model, checkpointed.lora, ls::estimateOptionsFor(checkpointed, model)).total();
        window.methodPage()->setDeviceCapacityForTesting(qint64(double(need) / ls::kGpuBudgetShare) + 1);
        window.setCurrentPage(Page::Train);

        Q_EMIT window.trainPage()->fitToMemoryRequested();
        QCOMPARE(window.currentPage(), Page::Method);
        const ls::TrainConfig& after = window.trainingSetup()->config();
        QVERIFY(after.gradCheckpointing || after.offloadActivations);
        QVERIFY2(window.methodPage()->fitMessage()->text().startsWith(QStringLiteral("Turned on ")),
                 qPrintable(window.methodPage()->fitMessage()->text()));
    }

    void trainQloraThroughTheWindowAndCancel() {
        AppSettings settings(m_dir.filePath(QStringLiteral("e2e.ini")));
        settings.setRunsFolder(m_dir.filePath(QStringLiteral("runs")));
        MainWindow window(settings);
        window.resize(1200, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QSignalSpy loaded(window.modelPage(), &ModelPage::modelLoaded);
        window.openModel(kModel);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);

        // Method: click the QLoRA card, rank 4, a long run (it is cancelled), CPU-sized sequences.
        window.setCurrentPage(Page::Method);
        MethodPage* method = window.methodPage();
        QTest::mouseClick(method->methodCard(ls::LoraMethod::QLora), Qt::LeftButton);
        QCOMPARE(window.trainingSetup()->config().lora.method, ls::LoraMethod::QLora);
        window.trainingSetup()->update([](ls::TrainConfig& c) {
            c.lora.r = 4;
            c.steps = 5000;
            c.batchSize = 2;
            c.data.seqLen = 48;
            c.device = ls::Device::CPU;
            c.snapshotEvery = 1;
            c.lr = 1e-2;
        });

        // Data: load the file; its preview arrives.
        window.setCurrentPage(Page::Data);
        QSignalSpy ready(window.dataPage(), &DataPage::previewReady);
        window.dataPage()->loadFile(writeData());
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kTimeoutMs);
        QVERIFY(!window.trainingSetup()->config().dataFile.empty());
        QCOMPARE(window.trainingSetup()->problem(), QString());

        // Train: Start, points arrive in the loss and memory charts, the histogram gets its 16 NF4 lines.
        window.setCurrentPage(Page::Train);
        TrainPage* train = window.trainPage();
        QVERIFY(train->startButton()->isEnabled());
        QTest::mouseClick(train->startButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(window.trainingJob()->state(), ls::RunState::Running, kTimeoutMs);
        TrainCharts* charts = train->charts();
        QTRY_VERIFY_WITH_TIMEOUT(charts->lossPlot()->pointCount(TrainCharts::kTrainLoss) >= 3, kTimeoutMs);
        QVERIFY(charts->memoryPlot()->pointCount(TrainCharts::kPeak) >= 3);
        QTRY_COMPARE_WITH_TIMEOUT(train->weights()->histogram()->codeLineCount(), 16, kTimeoutMs);

        // Cancel: the run stops, the state says so, a checkpoint and the adapter are on disk.
        QSignalSpy finished(window.trainingJob(), &TrainingJob::finished);
        QTest::mouseClick(train->cancelButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QCOMPARE(window.trainingJob()->state(), ls::RunState::Cancelled);
        const QString runDir = window.trainingJob()->runDir();
        QVERIFY(!ls::listCheckpoints(runDir.toStdString()).empty());
        QVERIFY(QFileInfo::exists(runDir + QStringLiteral("/adapter/adapter_model.safetensors")));
        QVERIFY(train->startButton()->isEnabled());

        // Runs: the cancelled run is listed and can be resumed.
        window.setCurrentPage(Page::Runs);
        RunsPage* runs = window.runsPage();
        QTRY_COMPARE_WITH_TIMEOUT(runs->runCount(), 1, kTimeoutMs);
        QVERIFY(runs->run(0).stepsDone >= 3);
        QVERIFY(runs->run(0).hasAdapter);
        QSignalSpy resumed(window.trainingJob(), &TrainingJob::stateChanged);
        runs->selectRows({0});
        for (auto* b : runs->findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("Resume")) QTest::mouseClick(b, Qt::LeftButton);
        QCOMPARE(window.currentPage(), Page::Train);
        QTRY_COMPARE_WITH_TIMEOUT(window.trainingJob()->state(), ls::RunState::Running, kTimeoutMs);
        QSignalSpy finishedAgain(window.trainingJob(), &TrainingJob::finished);
        window.trainingJob()->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finishedAgain.count(), 1, kTimeoutMs);
        QCOMPARE(window.trainingJob()->state(), ls::RunState::Cancelled);
    }
};

QTEST_MAIN(TestEndToEnd)
#include "test_end_to_end.moc"
