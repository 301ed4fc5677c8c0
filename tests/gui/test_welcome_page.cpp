// The Welcome page through the real main window: a paragraph for each of the three methods, the device line
// against the detected device, "Try it with the demo model" opening the shipped demo model and dataset and
// starting a short LoRA run on the Train page (cancelled here; the run folder keeps its adapter), the
// keyboard ways in, and the first-run flag (the first start opens on Welcome, later ones do not).
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "app_settings.h"
#include "demo_dataset.h"
#include "demo_launcher.h"
#include "demo_model.h"
#include "live_plot.h"
#include "lorastudio/model.h"
#include "lorastudio/train.h"
#include "main_window.h"
#include "model_page.h"
#include "navigation_bar.h"
#include "train_charts.h"
#include "train_page.h"
#include "training_job.h"
#include "training_setup.h"
#include "welcome_page.h"

using namespace ls::gui;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kAnimatedClickMs = 400;  // longer than QAbstractButton::animateClick()'s 100 ms
constexpr int kMinLossPoints = 3;      // the loss chart is live before the run is cancelled
// The shipped demo model, not the llama3 fixture the other GUI tests name: this is what users get.
const QString kDemoModel = QDir::cleanPath(QStringLiteral(LS_FIXTURES_DIR "/../../resources/demo/model"));

bool sameFile(const QString& a, const QString& b) {
    return QFileInfo(a).canonicalFilePath() == QFileInfo(b).canonicalFilePath() && QFileInfo::exists(a);
}

}  // namespace

class TestWelcomePage : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::unique_ptr<AppSettings> freshSettings(const QString& name) {
        auto settings = std::make_unique<AppSettings>(m_dir.filePath(name + QStringLiteral(".ini")));
        settings->setRunsFolder(m_dir.filePath(name + QStringLiteral("-runs")));
        return settings;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo::exists(kDemoModel + QStringLiteral("/config.json")), qPrintable(kDemoModel));
        qputenv("LS_DEMO_MODEL", kDemoModel.toLocal8Bit());
        qunsetenv("LS_DEMO_DATA");
        QVERIFY(!demoDatasetPath().isEmpty());
    }

    void explainsTheThreeMethods() {
        auto settings = freshSettings(QStringLiteral("methods"));
        MainWindow window(*settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        WelcomePage* page = window.welcomePage();
        QVERIFY(page->isVisible());
        const ls::LoraMethod methods[] = {ls::LoraMethod::Lora, ls::LoraMethod::LoraFa, ls::LoraMethod::QLora};
        // What sets each method apart is in its paragraph, and when to pick it.
        const QString marks[] = {QStringLiteral("A and B"), QStringLiteral("only B trains"), QStringLiteral("NF4")};
        QStringList texts;
        for (int i = 0; i < 3; ++i) {
            QLabel* paragraph = page->methodParagraph(methods[i]);
            QVERIFY(paragraph);
            QVERIFY(paragraph->isVisible());
            QVERIFY2(paragraph->text().contains(marks[i]), qPrintable(paragraph->text()));
            QVERIFY2(paragraph->text().contains(QStringLiteral("Pick it when")), qPrintable(paragraph->text()));
            QVERIFY(paragraph->text().size() < 400);  // a short paragraph
            texts << paragraph->text();
        }
        texts.removeDuplicates();
        QCOMPARE(texts.size(), 3);
        // Each paragraph sits under its method's name, and the text is not cut off.
        QStringList titles;
        for (QLabel* label : page->findChildren<QLabel*>()) titles << label->text();
        for (const char* name : {"LoRA", "LoRA-FA", "QLoRA"}) QVERIFY(titles.contains(QLatin1String(name)));
        for (int i = 0; i < 3; ++i) {
            QLabel* paragraph = page->methodParagraph(methods[i]);
            QVERIFY(paragraph->height() >= paragraph->heightForWidth(paragraph->width()));
        }
    }

    void deviceLineMatchesTheDevice() {
        auto settings = freshSettings(QStringLiteral("device"));
        MainWindow window(*settings);
        const ls::DeviceInfo device = ls::describeDevice();
        const int cores = QThread::idealThreadCount();
        const QString line = window.welcomePage()->deviceLabel()->text();
        QCOMPARE(line, WelcomePage::deviceSentence(device, cores));
        if (device.cuda) {
            QVERIFY2(line.startsWith(QString::fromStdString(device.name)), qPrintable(line));
            QVERIFY2(line.contains(QStringLiteral("on the GPU in bf16")), qPrintable(line));
        } else {
            QVERIFY2(line.startsWith(QStringLiteral("No CUDA GPU found")), qPrintable(line));
            QVERIFY2(line.contains(QStringLiteral("on the CPU (%1 cores)").arg(cores)) ||
                         (cores == 1 && line.contains(QStringLiteral("on the CPU (one core)"))),
                     qPrintable(line));
        }
        // Both wordings, whatever this machine has.
        ls::DeviceInfo gpu;
        gpu.cuda = true;
        gpu.name = "NVIDIA H200";
        gpu.totalMemory = 141'000'000'000;
        QCOMPARE(WelcomePage::deviceSentence(gpu, 16),
                 QStringLiteral("NVIDIA H200, 141 GB — training will run on the GPU in bf16"));
        ls::DeviceInfo cpu;
        cpu.name = "CPU";
        cpu.totalMemory = 8'000'000'000;
        QCOMPARE(WelcomePage::deviceSentence(cpu, 1),
                 QStringLiteral("No CUDA GPU found — training will run on the CPU (one core); the demo run takes "
                                "well under a minute"));
        QVERIFY(WelcomePage::deviceSentence(cpu, 8).contains(QStringLiteral("(8 cores)")));
    }

    void demoButtonConfiguresAndStartsARun() {
        auto settings = freshSettings(QStringLiteral("demo"));
        MainWindow window(*settings);
        window.resize(1200, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.currentPage(), Page::Welcome);
        QVERIFY(!window.trainingSetup()->hasModel());
        TrainingJob* job = window.trainingJob();
        QSignalSpy started(window.demoLauncher(), &DemoLauncher::runStarted);
        QSignalSpy failed(window.demoLauncher(), &DemoLauncher::failed);

        QTest::mouseClick(window.welcomePage()->demoButton(), Qt::LeftButton);
        // The model opens first, then the run starts on the Train page.
        QTRY_COMPARE_WITH_TIMEOUT(job->state(), ls::RunState::Running, kTimeoutMs);
        QCOMPARE(window.currentPage(), Page::Train);
        QCOMPARE(started.count(), 1);
        QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.first().at(0).toString()));

        // The setup and the job's config: the demo model and dataset, a short LoRA run.
        const ls::TrainConfig& setup = window.trainingSetup()->config();
        QVERIFY(sameFile(window.trainingSetup()->modelDir(), kDemoModel));
        QVERIFY(sameFile(QString::fromStdString(setup.dataFile), demoDatasetPath()));
        QCOMPARE(QFileInfo(QString::fromStdString(setup.dataFile)).fileName(), QStringLiteral("dataset.jsonl"));
        const ls::TrainConfig& run = job->config();
        QVERIFY(sameFile(QString::fromStdString(run.modelDir), kDemoModel));
        QCOMPARE(run.dataFile, setup.dataFile);
        QCOMPARE(run.lora.method, ls::LoraMethod::Lora);
        QCOMPARE(run.steps, int64_t(kDemoSteps));
        QVERIFY(run.steps <= 100);
        QCOMPARE(run.lora.r, 8);
        QVERIFY(run.dtype.has_value());
        QCOMPARE(*run.dtype, ls::ComputeType::BF16);
        QCOMPARE(run.device, ls::cudaAvailable() ? ls::Device::CUDA : ls::Device::CPU);
        QCOMPARE(window.trainPage()->runDir(), job->runDir());
        QVERIFY(job->runDir().startsWith(settings->runsFolder()));

        // The loss chart fills.
        TrainCharts* charts = window.trainPage()->charts();
        QTRY_VERIFY_WITH_TIMEOUT(charts->lossPlot()->pointCount(TrainCharts::kTrainLoss) >= kMinLossPoints, kTimeoutMs);

        // Asked again while it trains: no second run, the welcome page says why.
        const QString runDir = job->runDir();
        window.setCurrentPage(Page::Welcome);
        QTest::mouseClick(window.welcomePage()->demoButton(), Qt::LeftButton);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(window.currentPage(), Page::Train);
        QCOMPARE(job->runDir(), runDir);
        QVERIFY(!window.welcomePage()->problemLabel()->text().isEmpty());
        QVERIFY(!window.welcomePage()->problemLabel()->isHidden());

        // Cancel: the run stops and its folder keeps the adapter.
        QSignalSpy finished(job, &TrainingJob::finished);
        QTest::mouseClick(window.trainPage()->cancelButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QCOMPARE(job->state(), ls::RunState::Cancelled);
        QVERIFY(QFileInfo::exists(runDir + QStringLiteral("/adapter/adapter_model.safetensors")));
        QVERIFY(QFileInfo::exists(runDir + QStringLiteral("/adapter/adapter_config.json")));
        QVERIFY(QFileInfo::exists(runDir + QStringLiteral("/config.json")));

        // Once more with the demo model already open: the run starts at once, in a new folder.
        window.setCurrentPage(Page::Welcome);
        QTest::mouseClick(window.welcomePage()->demoButton(), Qt::LeftButton);
        QVERIFY(!window.demoLauncher()->isWaitingForModel());
        QCOMPARE(job->state(), ls::RunState::Running);
        QCOMPARE(started.count(), 2);
        QVERIFY(window.welcomePage()->problemLabel()->isHidden());
        QVERIFY(job->runDir() != runDir);
        QSignalSpy finishedAgain(job, &TrainingJob::finished);
        job->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finishedAgain.count(), 1, kTimeoutMs);
    }

    void keyboardAndOwnModel() {
        auto settings = freshSettings(QStringLiteral("keys"));
        MainWindow window(*settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        WelcomePage* page = window.welcomePage();
        // Only the spy hears the demo requests here; the run itself is tested above.
        QVERIFY(QObject::disconnect(page, &WelcomePage::demoRequested, &window, nullptr));
        QSignalSpy demo(page, &WelcomePage::demoRequested);

        // Enter: the demo button has the focus when the page shows.
        QCOMPARE(window.currentPage(), Page::Welcome);
        QTRY_VERIFY(page->demoButton()->hasFocus());
        QTest::keyClick(page->demoButton(), Qt::Key_Return);
        QCOMPARE(demo.count(), 1);
        // Ctrl+D on the welcome page (a shortcut animates the click: it lands ~100 ms later); on another page
        // it does nothing.
        QTest::keyClick(&window, Qt::Key_D, Qt::ControlModifier);
        QTRY_COMPARE(demo.count(), 2);
        window.setCurrentPage(Page::Data);
        QTest::keyClick(&window, Qt::Key_D, Qt::ControlModifier);
        QTest::qWait(kAnimatedClickMs);
        QCOMPARE(demo.count(), 2);

        // "Set up my own model" goes to the Model page; Welcome stays first in the sidebar.
        window.setCurrentPage(Page::Welcome);
        QTest::mouseClick(page->ownModelButton(), Qt::LeftButton);
        QCOMPARE(window.currentPage(), Page::Model);
        QCOMPARE(window.navigation()->item(0)->text(), QStringLiteral("Welcome"));
        QCOMPARE(pageAt(0), Page::Welcome);
        QCOMPARE(parsePage(QStringLiteral("welcome")), std::optional<Page>(Page::Welcome));
    }

    void firstStartShowsWelcomeOnce() {
        const QString file = m_dir.filePath(QStringLiteral("first.ini"));
        {
            // A first start that opens a model at once (lora-studio --model DIR) never shows the welcome page:
            // it does not use up the first run.
            AppSettings settings(file);
            MainWindow window(settings);
            QCOMPARE(window.currentPage(), Page::Welcome);
            QSignalSpy loaded(window.modelPage(), &ModelPage::modelLoaded);
            window.openModel(QStringLiteral(LS_FIXTURES_DIR "/models/llama3"));
            window.show();
            QCOMPARE(window.currentPage(), Page::Model);
            QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);
            QVERIFY(!settings.welcomeSeen());
            window.close();
        }
        {
            AppSettings settings(file);
            QVERIFY(!settings.welcomeSeen());
            MainWindow window(settings);
            QVERIFY(!settings.welcomeSeen());  // not until it is on screen
            window.show();
            QCOMPARE(window.currentPage(), Page::Welcome);
            QCOMPARE(window.navigation()->currentRow(), 0);
            QVERIFY(window.welcomePage()->isVisible());
            QVERIFY(settings.welcomeSeen());
            window.close();  // saves, like a user quitting on the welcome page
        }
        {
            // The second start: not the welcome page, although the first one ended there.
            AppSettings settings(file);
            QVERIFY(settings.welcomeSeen());
            MainWindow window(settings);
            window.show();
            QCOMPARE(window.currentPage(), Page::Model);
            QVERIFY(!window.welcomePage()->isVisible());
            window.setCurrentPage(Page::Data);
            window.close();
        }
        {
            // Later starts: the last page, as always; Welcome is still one click away.
            AppSettings settings(file);
            MainWindow window(settings);
            window.show();
            QCOMPARE(window.currentPage(), Page::Data);
            window.navigation()->setCurrentPage(0);
            QCOMPARE(window.currentPage(), Page::Welcome);
        }
    }
};

QTEST_MAIN(TestWelcomePage)
#include "test_welcome_page.moc"
