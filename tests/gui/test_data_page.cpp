// The Data page with a real TrainingSetup and settings: fixtures are read off the UI thread, the format,
// rows, table and histogram match the file, bad files show a banner naming the file and the line, the
// split follows the eval fraction, option edits re-run the preview, stale results are dropped, and the
// page renders to PNG (LS_SCREENSHOT_DIR) for people to look at.
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>
#include <memory>

#include "app_settings.h"
#include "busy_indicator.h"
#include "data_page.h"
#include "data_preview_loader.h"
#include "demo_dataset.h"
#include "error_banner.h"
#include "key_value_card.h"
#include "length_histogram_plot.h"
#include "lorastudio/dataset.h"
#include "lorastudio/demo.h"
#include "lorastudio/model_config.h"
#include "preview_rows_table.h"
#include "rendered_row_view.h"
#include "training_setup.h"

using namespace ls::gui;

namespace {

constexpr int kLoadTimeoutMs = 30'000;
const QSize kShotSize(1200, 760);

QString dataFixture(const char* name) { return QStringLiteral(LS_FIXTURES_DIR "/data/") + QLatin1String(name); }
QString modelFixture() { return QStringLiteral(LS_FIXTURES_DIR "/models/llama3"); }

QString screenshotDir() {
    const QString fromEnv = qEnvironmentVariable("LS_SCREENSHOT_DIR");
    return fromEnv.isEmpty() ? QStringLiteral(LS_SCREENSHOT_DIR) : fromEnv;
}

QByteArray jsonString(const QString& text) {
    QByteArray out = "\"";
    for (QChar c : text) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\')) out += '\\';
        if (c == QLatin1Char('\n')) {
            out += "\\n";
            continue;
        }
        out += QString(c).toUtf8();
    }
    return out + "\"";
}

// Alpaca rows of varied length, deterministic: a believable data set for the pictures and the tests.
QByteArray alpacaRows(int count, int longEvery = 7) {
    const QStringList tasks = {QStringLiteral("Summarize the text in one sentence."),
                               QStringLiteral("Translate the sentence into French."),
                               QStringLiteral("Explain the idea to a ten-year-old."),
                               QStringLiteral("Write a short title for this paragraph."),
                               QStringLiteral("List the key facts in the passage."),
                               QStringLiteral("Answer the question briefly.")};
    const QStringList words = {QStringLiteral("the"),       QStringLiteral("model"),   QStringLiteral("learns"),
                               QStringLiteral("a"),         QStringLiteral("small"),   QStringLiteral("adapter"),
                               QStringLiteral("matrix"),    QStringLiteral("while"),   QStringLiteral("frozen"),
                               QStringLiteral("weights"),   QStringLiteral("stay"),    QStringLiteral("unchanged"),
                               QStringLiteral("rank"),      QStringLiteral("sixteen"), QStringLiteral("updates"),
                               QStringLiteral("attention"), QStringLiteral("layers"),  QStringLiteral("quickly")};
    QByteArray out;
    quint32 state = 12345;
    auto next = [&state](int n) {
        state = state * 1103515245u + 12345u;
        return static_cast<int>((state >> 16) % quint32(n));
    };
    auto sentence = [&](int n) {
        QStringList s;
        for (int i = 0; i < n; ++i) s << words[next(words.size())];
        QString text = s.join(QLatin1Char(' ')) + QLatin1Char('.');
        text[0] = text[0].toUpper();
        return text;
    };
    for (int i = 0; i < count; ++i) {
        const int inputWords = (longEvery > 0 && i % longEvery == 3) ? 60 + next(80) : 4 + next(24);
        QString input;
        for (int w = 0; w < inputWords; w += 12) input += sentence(qMin(12, inputWords - w)) + QLatin1Char(' ');
        out += "{\"instruction\": " + jsonString(tasks[next(tasks.size())]) +
               ", \"input\": " + jsonString(input.trimmed()) + ", \"output\": " + jsonString(sentence(3 + next(14))) +
               "}\n";
    }
    return out;
}

QString writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return {};
    file.write(bytes);
    return path;
}

}  // namespace

class TestDataPage : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_run = 0;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<TrainingSetup> m_setup;
    std::unique_ptr<DataPage> m_page;

    void giveModel() {
        m_setup->setModel(modelFixture(),
                          ls::loadModelConfig((modelFixture() + QStringLiteral("/config.json")).toStdString()), true);
    }

    void makePage() {
        m_page = std::make_unique<DataPage>(*m_setup, *m_settings);
        m_page->resize(kShotSize);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    }

    // Loads `file` and waits for the page's answer; true when it was a preview (not a failure).
    bool load(const QString& file) {
        QSignalSpy ready(m_page.get(), &DataPage::previewReady);
        QSignalSpy failed(m_page.get(), &DataPage::previewFailed);
        m_page->loadFile(file);
        if (!QTest::qWaitFor([&] { return ready.count() + failed.count() > 0; }, kLoadTimeoutMs)) return false;
        return failed.isEmpty();
    }

    QString generated(const QString& name, const QByteArray& bytes) { return writeFile(m_dir.filePath(name), bytes); }

    void shoot(const QString& name) {
        QTest::qWait(80);  // queued replots and a last layout pass
        QVERIFY(QDir().mkpath(screenshotDir()));
        const QString path = QDir(screenshotDir()).filePath(name + QStringLiteral(".png"));
        const QImage image = m_page->grab().toImage();
        QCOMPARE(image.size(), kShotSize * image.devicePixelRatio());
        QVERIFY2(image.save(path), qPrintable(path));
        qInfo("screenshot: %s", qPrintable(path));
    }

private Q_SLOTS:
    void init() {
        qunsetenv("LS_DEMO_DATA");
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings-%1.ini").arg(++m_run)));
        m_setup = std::make_unique<TrainingSetup>();
        m_setup->update([](ls::TrainConfig& c) {
            c.data.seqLen = 256;
            c.data.evalFraction = 0.1;
            c.data.promptTemplate = ls::PromptTemplate::Auto;
            c.data.pack = false;
        });
        giveModel();
        makePage();
    }

    void cleanup() {
        m_page.reset();
        m_setup.reset();
        m_settings.reset();
    }

    void loadsFixture_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("rows");
        QTest::newRow("alpaca") << dataFixture("alpaca.jsonl") << QStringLiteral("alpaca") << 3;
        QTest::newRow("chat") << dataFixture("chat.json") << QStringLiteral("chat") << 2;
        QTest::newRow("text") << dataFixture("text.jsonl") << QStringLiteral("text") << 2;
    }

    void loadsFixture() {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(int, rows);
        QSignalSpy started(m_page.get(), &DataPage::previewStarted);
        QSignalSpy ready(m_page.get(), &DataPage::previewReady);
        m_page->loadFile(file);
        // Reading runs on a worker: the indicator shows until the answer comes.
        QCOMPARE(started.count(), 1);
        QVERIFY(m_page->isLoading());
        QVERIFY(m_page->loadingRow()->isVisible());
        QVERIFY(m_page->busyIndicator()->isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kLoadTimeoutMs);
        QVERIFY(!m_page->loadingRow()->isVisible());
        QVERIFY(!m_page->errorBanner()->isVisible());

        QVERIFY(m_page->result()->tokenized);
        QCOMPARE(QString::fromStdString(ls::dataFormatName(m_page->result()->preview.format)), format);
        QVERIFY2(m_page->summaryCard()->value(QStringLiteral("Format")).startsWith(format),
                 qPrintable(m_page->summaryCard()->value(QStringLiteral("Format"))));
        QCOMPARE(m_page->summaryCard()->value(QStringLiteral("Rows")), QString::number(rows));
        QVERIFY(!m_page->summaryCard()->value(QStringLiteral("Template")).isEmpty());
        QCOMPARE(m_page->summaryCard()->title(), QFileInfo(file).fileName());

        // The table holds every row (fewer than 20) with its prompt and its trained response.
        PreviewRowsTable* table = m_page->previewTable();
        QCOMPARE(table->rowCount(), rows);
        for (int r = 0; r < rows; ++r) {
            QVERIFY(!table->item(r, PreviewRowsTable::ResponseColumn)->text().isEmpty());
            QCOMPARE(table->item(r, PreviewRowsTable::ResponseColumn)->background().color(), trainedTextBackground());
        }
        if (format != QStringLiteral("text")) {
            for (int r = 0; r < rows; ++r) QVERIFY(!table->item(r, PreviewRowsTable::PromptColumn)->text().isEmpty());
        }
        // The first row is selected and shown in full below.
        QCOMPARE(table->selectedRow(), 0);
        QVERIFY(!m_page->rowView()->isEmpty());
        QCOMPARE(m_page->rowView()->row().line, table->rows().first().line);
        QVERIFY(m_page->rowView()->plainText().contains(table->rows().first().response.trimmed()));

        // The file is now the setup's data file and the first recent dataset.
        QCOMPARE(QString::fromStdString(m_setup->config().dataFile), QDir::cleanPath(file));
        QCOMPARE(m_settings->recentDatasets().value(0), QDir::cleanPath(file));
        QCOMPARE(m_page->recentCombo()->currentData().toString(), QDir::cleanPath(file));
    }

    void histogramMatchesRows() {
        const QString file = generated(QStringLiteral("many.jsonl"), alpacaRows(120));
        QVERIFY(load(file));
        const LengthHistogramPlot* plot = m_page->histogram();
        QCOMPARE(plot->bins().size(), DataPreviewLoader::kHistogramBins);
        QCOMPARE(plot->totalCount(), 120);
        QCOMPARE(plot->limit(), 256);
        int sum = 0;
        for (const ls::HistogramBin& bin : m_page->result()->preview.histogram) sum += bin.count;
        QCOMPARE(sum, m_page->result()->preview.rowCount);
        QCOMPARE(m_page->previewTable()->rowCount(), DataPreviewLoader::kPreviewRows);
    }

    void badFileShowsBanner_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("line");  // what the message must say besides the file name
        QTest::newRow("bad json") << dataFixture("bad_json.jsonl") << QStringLiteral("line 2");
        QTest::newRow("bad utf-8") << dataFixture("bad_utf8.jsonl") << QStringLiteral("line 2");
        QTest::newRow("no output") << dataFixture("no_output.jsonl") << QStringLiteral("line 3");
        QTest::newRow("empty") << dataFixture("empty.jsonl") << QString();
        QTest::newRow("missing") << m_dir.filePath(QStringLiteral("nothing-here.jsonl")) << QString();
    }

    void badFileShowsBanner() {
        QFETCH(QString, file);
        QFETCH(QString, line);
        QSignalSpy failed(m_page.get(), &DataPage::previewFailed);
        m_page->loadFile(file);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kLoadTimeoutMs);
        const QString message = failed.first().at(1).toString();
        QVERIFY2(message.contains(QFileInfo(file).fileName()), qPrintable(message));
        if (!line.isEmpty()) QVERIFY2(message.contains(line), qPrintable(message));
        QVERIFY(!message.contains(QLatin1Char('\n')));
        QVERIFY(m_page->errorBanner()->isVisible());
        QCOMPARE(m_page->errorBanner()->message(), message);
        QVERIFY(!m_page->loadingRow()->isVisible());
        QVERIFY(m_setup->config().dataFile.empty());
        QVERIFY(m_settings->recentDatasets().isEmpty());
        QVERIFY(!m_page->hasPreview());

        // The page keeps working: a good file loads and clears the banner.
        QVERIFY(load(dataFixture("alpaca.jsonl")));
        QVERIFY(!m_page->errorBanner()->isVisible());
        QCOMPARE(m_page->previewTable()->rowCount(), 3);
    }

    void failureKeepsTheFileInUse() {
        QVERIFY(load(dataFixture("alpaca.jsonl")));
        QVERIFY(!load(dataFixture("bad_json.jsonl")));
        QVERIFY(m_page->errorBanner()->isVisible());
        QVERIFY2(m_page->errorBanner()->title().contains(QStringLiteral("alpaca.jsonl")),
                 qPrintable(m_page->errorBanner()->title()));
        QCOMPARE(m_page->file(), QDir::cleanPath(dataFixture("alpaca.jsonl")));
        QCOMPARE(QString::fromStdString(m_setup->config().dataFile), m_page->file());
        QCOMPARE(m_page->recentCombo()->currentData().toString(), m_page->file());
        QCOMPARE(m_page->previewTable()->rowCount(), 3);
        m_page->errorBanner()->dismiss();
        QVERIFY(!m_page->errorBanner()->isVisible());
    }

    void evalFractionSetsSplit() {
        const QString file = generated(QStringLiteral("fifty.jsonl"), alpacaRows(50));
        QVERIFY(load(file));
        auto expected = [](double fraction) {
            const ls::SplitIndices s = ls::splitIndices(50, fraction, ls::DataOptions{}.seed);
            return QStringLiteral("%1 train / %2 eval").arg(s.train.size()).arg(s.eval.size());
        };
        QCOMPARE(m_page->splitLabel()->text(), expected(0.1));
        QCOMPARE(m_page->splitLabel()->text(), QStringLiteral("45 train / 5 eval"));

        m_page->evalFractionSpin()->setValue(0.2);
        QCOMPARE(m_setup->config().data.evalFraction, 0.2);
        QCOMPARE(m_page->splitLabel()->text(), QStringLiteral("40 train / 10 eval"));
        m_page->evalFractionSpin()->setValue(0.0);
        QCOMPARE(m_setup->config().data.evalFraction, 0.0);
        QCOMPARE(m_page->splitLabel()->text(), QStringLiteral("50 train / 0 eval"));
        QCOMPARE(m_page->evalFractionSpin()->maximum(), 0.5);

        // Edits made elsewhere show here.
        m_setup->update([](ls::TrainConfig& c) { c.data.evalFraction = 0.3; });
        QCOMPARE(m_page->evalFractionSpin()->value(), 0.3);
        QCOMPARE(m_page->splitLabel()->text(), expected(0.3));
    }

    void seqLenReRunsPreview() {
        const QString file = generated(QStringLiteral("long.jsonl"), alpacaRows(40, 3));
        QVERIFY(load(file));
        const int before = m_page->result()->preview.truncated;
        const int maxLength = m_page->result()->preview.maxLength;
        QVERIFY(maxLength > 40);

        QSignalSpy ready(m_page.get(), &DataPage::previewReady);
        m_page->seqLenSpin()->setValue(40);
        QCOMPARE(m_setup->config().data.seqLen, 40);
        QCOMPARE(m_page->histogram()->limit(), 40);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kLoadTimeoutMs);
        QVERIFY(m_page->result()->preview.truncated > before);
        QVERIFY(m_page->histogram()->beyondLimitBinCount() > 0);
        const QString truncated = QString::number(m_page->result()->preview.truncated);
        QVERIFY2(m_page->summaryCard()->value(QStringLiteral("Truncated")).startsWith(truncated),
                 qPrintable(m_page->summaryCard()->value(QStringLiteral("Truncated"))));
        for (const KeyValueCard::Row& row : m_page->summaryCard()->rows()) {
            if (row.label == QStringLiteral("Truncated"))
                QVERIFY2(row.toolTip.contains(QStringLiteral("40 tokens")), qPrintable(row.toolTip));
        }

        // Packing is an option of the examples, not of the preview: written straight into the setup.
        QVERIFY(!m_setup->config().data.pack);
        m_page->packCheck()->setChecked(true);
        QVERIFY(m_setup->config().data.pack);
    }

    void templateChoiceReRunsPreview() {
        QVERIFY(load(dataFixture("alpaca.jsonl")));
        QCOMPARE(m_page->result()->preview.resolvedTemplate, ls::PromptTemplate::Llama3);
        QSignalSpy ready(m_page.get(), &DataPage::previewReady);
        QComboBox* combo = m_page->templateCombo();
        combo->setCurrentIndex(combo->findData(static_cast<int>(ls::PromptTemplate::Plain)));
        QCOMPARE(m_setup->config().data.promptTemplate, ls::PromptTemplate::Plain);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kLoadTimeoutMs);
        QCOMPARE(m_page->result()->preview.resolvedTemplate, ls::PromptTemplate::Plain);
        QVERIFY(m_page->rowView()->plainText().contains(QStringLiteral("### Response:")));
    }

    void staleResultIsDropped() {
        const QString big = generated(QStringLiteral("big.jsonl"), alpacaRows(20'000));
        QSignalSpy ready(m_page.get(), &DataPage::previewReady);
        QSignalSpy dropped(m_page->loader(), &DataPreviewLoader::dropped);
        m_page->loadFile(big);
        m_page->loadFile(dataFixture("chat.json"));  // the newer request wins, whichever finishes first
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kLoadTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(dropped.count(), 1, kLoadTimeoutMs);
        QCOMPARE(dropped.first().at(0).toString(), QDir::cleanPath(big));
        QTest::qWait(100);
        QCOMPARE(ready.count(), 1);
        QCOMPARE(ready.first().at(0).toString(), QDir::cleanPath(dataFixture("chat.json")));
        QCOMPARE(m_page->result()->preview.rowCount, 2);
        QCOMPARE(QString::fromStdString(m_setup->config().dataFile), QDir::cleanPath(dataFixture("chat.json")));
        QVERIFY(!m_settings->recentDatasets().contains(QDir::cleanPath(big)));
    }

    void cancelDropsTheResult() {
        const QString big = generated(QStringLiteral("big2.jsonl"), alpacaRows(20'000));
        QSignalSpy ready(m_page.get(), &DataPage::previewReady);
        QSignalSpy dropped(m_page->loader(), &DataPreviewLoader::dropped);
        m_page->loadFile(big);
        QVERIFY(m_page->cancelButton()->isVisible());
        QTest::mouseClick(m_page->cancelButton(), Qt::LeftButton);
        QVERIFY(!m_page->isLoading());
        QVERIFY(!m_page->loadingRow()->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(dropped.count(), 1, kLoadTimeoutMs);
        QCOMPARE(ready.count(), 0);
        QVERIFY(!m_page->hasPreview());
        QVERIFY(m_setup->config().dataFile.empty());
    }

    void withoutModelReadsRowsOnly() {
        m_page.reset();
        m_setup = std::make_unique<TrainingSetup>();
        makePage();
        QVERIFY(m_page->modelNotice()->isVisible());
        QVERIFY(m_page->modelNotice()->text().contains(QStringLiteral("Model page")));
        QVERIFY(m_page->chooseButton()->isEnabled());

        QVERIFY(load(dataFixture("alpaca.jsonl")));
        QVERIFY(!m_page->result()->tokenized);
        QCOMPARE(m_page->summaryCard()->value(QStringLiteral("Rows")), QStringLiteral("3"));
        QVERIFY(m_page->summaryCard()->value(QStringLiteral("Format")).startsWith(QStringLiteral("alpaca")));
        QVERIFY(m_page->previewStack()->currentWidget() != m_page->previewBox());
        QVERIFY(!m_page->histogram()->isVisible());
        QCOMPARE(QString::fromStdString(m_setup->config().dataFile), QDir::cleanPath(dataFixture("alpaca.jsonl")));

        // A model arrives: the preview runs by itself.
        QSignalSpy ready(m_page.get(), &DataPage::previewReady);
        giveModel();
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kLoadTimeoutMs);
        QVERIFY(m_page->result()->tokenized);
        QVERIFY(!m_page->modelNotice()->isVisible());
        QCOMPARE(m_page->previewStack()->currentWidget(), m_page->previewBox());
        QCOMPARE(m_page->previewTable()->rowCount(), 3);
        QVERIFY(m_page->histogram()->isVisible());
    }

    void followsTheSetup() {
        // A data file restored into the setup before the page exists is shown.
        m_page.reset();
        m_setup->update([](ls::TrainConfig& c) { c.dataFile = dataFixture("text.jsonl").toStdString(); });
        m_page = std::make_unique<DataPage>(*m_setup, *m_settings);
        QSignalSpy ready(m_page.get(), &DataPage::previewReady);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kLoadTimeoutMs);
        QCOMPARE(m_page->result()->preview.format, ls::DataFormat::Text);

        // A data file set elsewhere is followed, and the recent list offers both.
        m_setup->update([](ls::TrainConfig& c) { c.dataFile = dataFixture("chat.json").toStdString(); });
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, kLoadTimeoutMs);
        QCOMPARE(m_page->result()->preview.format, ls::DataFormat::Chat);
        QCOMPARE(m_page->recentCombo()->count(), 2);
        QCOMPARE(m_page->recentCombo()->currentIndex(), 0);

        // Picking the other recent file loads it.
        Q_EMIT m_page->recentCombo()->activated(1);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, kLoadTimeoutMs);
        QCOMPARE(m_page->result()->preview.format, ls::DataFormat::Text);
        QCOMPARE(m_page->recentCombo()->currentData().toString(), QDir::cleanPath(dataFixture("text.jsonl")));
    }

    void dropLoadsTheFile() {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(dataFixture("chat.json"))});
        const QPoint at(m_page->width() / 2, m_page->height() / 2);
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_page.get(), &enter);
        QVERIFY(enter.isAccepted());
        QSignalSpy ready(m_page.get(), &DataPage::previewReady);
        QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_page.get(), &drop);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kLoadTimeoutMs);
        QCOMPARE(m_page->result()->preview.format, ls::DataFormat::Chat);

        // A folder is refused.
        QMimeData folder;
        folder.setUrls({QUrl::fromLocalFile(QStringLiteral(LS_FIXTURES_DIR "/data"))});
        QDragEnterEvent refused(at, Qt::CopyAction, &folder, Qt::LeftButton, Qt::NoModifier);
        refused.setAccepted(false);
        QCoreApplication::sendEvent(m_page.get(), &refused);
        QVERIFY(!refused.isAccepted());
    }

    void demoButtonFollowsTheEnvironment() {
        // The shipped demo dataset is offered; LS_DEMO_DATA points the button elsewhere.
        QVERIFY(!m_page->demoButton()->isHidden());
        QCOMPARE(demoDatasetPath(), QString::fromStdString(ls::demoDatasetFile().string()));
        qputenv("LS_DEMO_DATA", dataFixture("alpaca.jsonl").toUtf8());
        makePage();
        QVERIFY(!m_page->demoButton()->isHidden());
        QSignalSpy ready(m_page.get(), &DataPage::previewReady);
        QTest::mouseClick(m_page->demoButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kLoadTimeoutMs);
        QCOMPARE(m_page->file(), QDir::cleanPath(dataFixture("alpaca.jsonl")));
        qunsetenv("LS_DEMO_DATA");
    }

    void screenshots() {
        shoot(QStringLiteral("data_page_empty"));
        m_setup->update([](ls::TrainConfig& c) { c.data.seqLen = 128; });
        const QString file = generated(QStringLiteral("instructions.jsonl"), alpacaRows(240));
        QVERIFY(load(file));
        m_page->previewTable()->selectRow(3);
        shoot(QStringLiteral("data_page"));
        QVERIFY(!load(dataFixture("bad_json.jsonl")));
        shoot(QStringLiteral("data_page_error"));
        QVERIFY(load(dataFixture("chat.json")));
        shoot(QStringLiteral("data_page_chat"));

        m_page.reset();
        m_setup = std::make_unique<TrainingSetup>();
        makePage();
        QVERIFY(load(file));
        shoot(QStringLiteral("data_page_no_model"));
    }
};

QTEST_MAIN(TestDataPage)
#include "test_data_page.moc"
