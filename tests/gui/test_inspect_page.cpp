// The Inspect page against the real main window: the quantization heatmap of the llama3 fixture is computed
// off the UI thread (2 layers x 7 module types), the selected weight's histogram carries the scheme's code
// values, switching the scheme changes the plots, a 4-bit folder shows the error banner and the page and
// window keep working, and the plots export.
#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <memory>

#include "app_settings.h"
#include "code_histogram_plot.h"
#include "code_usage_plot.h"
#include "error_banner.h"
#include "heatmap_plot.h"
#include "inspect_page.h"
#include "key_value_card.h"
#include "main_window.h"
#include "model_page.h"
#include "plot_export.h"
#include <qcustomplot.h>

using namespace ls::gui;

namespace {

constexpr int kTimeoutMs = 60'000;
constexpr int kModuleTypes = 7;    // q, k, v, o, gate, up, down
constexpr int kFixtureLayers = 2;  // llama3 fixture: num_hidden_layers
constexpr double kCodeTolerance = 1e-6;

QString fixture(const char* name) { return QStringLiteral(LS_FIXTURES_DIR "/models/") + QLatin1String(name); }

int straightLines(QCustomPlot* plot) {
    int n = 0;
    for (int i = 0; i < plot->itemCount(); ++i) n += qobject_cast<QCPItemStraightLine*>(plot->item(i)) ? 1 : 0;
    return n;
}

}  // namespace

class TestInspectPage : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;

    InspectPage* page() { return m_window->inspectPage(); }

    void openModel(const QString& dir) {
        QSignalSpy loaded(m_window->modelPage(), &ModelPage::modelLoaded);
        m_window->openModel(dir);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);
    }

    // Opens the fixture, shows the Inspect page (which starts the analysis) and waits for all of it.
    void inspectFixture() {
        openModel(fixture("llama3"));
        QSignalSpy finished(page(), &InspectPage::inspectionFinished);
        QSignalSpy tensor(page(), &InspectPage::tensorInspected);
        m_window->setCurrentPage(Page::Inspect);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QCOMPARE(finished.first().at(0).toInt(), kFixtureLayers);
        QCOMPARE(finished.first().at(1).toInt(), kModuleTypes);
        QTRY_VERIFY_WITH_TIMEOUT(tensor.count() >= 1, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!page()->isBusy(), kTimeoutMs);
    }

    void waitForTensor(const QString& layerName) {
        QTRY_VERIFY_WITH_TIMEOUT(!page()->isBusy(), kTimeoutMs);
        QVERIFY(page()->tensorResult());
        QCOMPARE(page()->tensorResult()->layerName, layerName);
    }

private Q_SLOTS:
    void init() {
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
        m_window = std::make_unique<MainWindow>(*m_settings);
        m_window->resize(1200, 760);
        m_window->setCurrentPage(Page::Model);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup() {
        m_window.reset();
        m_settings.reset();
    }

    void emptyBeforeAModel() {
        m_window->setCurrentPage(Page::Inspect);
        QVERIFY(!page()->hasResults());
        QVERIFY(!page()->isInspecting());
        QVERIFY(!page()->analyseButton()->isEnabled());
    }

    void heatmapOfFixture() {
        inspectFixture();
        HeatmapPlot* heatmap = page()->heatmap();
        QCOMPARE(heatmap->rowCount(), kFixtureLayers);
        QCOMPARE(heatmap->columnCount(), kModuleTypes);
        QCOMPARE(page()->result()->modules,
                 QStringList({QStringLiteral("q"), QStringLiteral("k"), QStringLiteral("v"), QStringLiteral("o"),
                              QStringLiteral("gate"), QStringLiteral("up"), QStringLiteral("down")}));
        for (int r = 0; r < kFixtureLayers; ++r) {
            for (int c = 0; c < kModuleTypes; ++c) {
                const double v = heatmap->value(r, c);  // percent
                QVERIFY2(v > 1.0 && v < 30.0, qPrintable(QString::number(v)));
            }
        }
        QVERIFY(heatmap->title().contains(QStringLiteral("NF4")));
        // CSV: header and one line per layer, 7 values each.
        const QStringList lines = heatmap->toCsv().trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), kFixtureLayers + 1);
        QCOMPARE(lines.at(1).split(QLatin1Char(',')).size(), kModuleTypes + 1);
        // The first weight is selected and measured.
        QCOMPARE(page()->selectedLayer(), 0);
        QCOMPARE(page()->selectedModule(), 0);
        QCOMPARE(page()->tensorResult()->layerName, QStringLiteral("model.layers.0.self_attn.q_proj"));
        QVERIFY(!page()->errorCard()->value(tr("Relative error")).isEmpty());
    }

    void histogramShowsTheCodes_data() {
        QTest::addColumn<int>("scheme");
        QTest::addColumn<bool>("doubleQuant");
        QTest::addColumn<int>("codes");
        QTest::newRow("nf4") << int(QuantScheme::NF4) << false << 16;
        QTest::newRow("nf4+dq") << int(QuantScheme::NF4) << true << 16;
        QTest::newRow("fp4") << int(QuantScheme::FP4) << false << 16;
        QTest::newRow("fp4+dq") << int(QuantScheme::FP4) << true << 16;
        QTest::newRow("int4") << int(QuantScheme::Int4) << true << 15;
    }

    void histogramShowsTheCodes() {
        QFETCH(int, scheme);
        QFETCH(bool, doubleQuant);
        QFETCH(int, codes);
        inspectFixture();
        page()->setDoubleQuant(doubleQuant);
        page()->setScheme(static_cast<QuantScheme>(scheme));
        QTRY_VERIFY_WITH_TIMEOUT(!page()->isBusy(), kTimeoutMs);
        const TensorInspection* t = page()->tensorResult();
        QVERIFY(t);
        QCOMPARE(int(t->scheme), scheme);
        QCOMPARE(t->doubleQuant, doubleQuant && scheme != int(QuantScheme::Int4));
        QCOMPARE(page()->histogram()->codeLineCount(), codes);
        QCOMPARE(straightLines(page()->histogram()->plot()), codes);
        QCOMPARE(page()->codeUsage()->barCount(), codes);
        QVERIFY(page()->codeUsage()->title().contains(QStringLiteral("entropy")));
        QCOMPARE(page()->doubleQuantCheck()->isEnabled(), scheme != int(QuantScheme::Int4));
        // Every weight lands in one histogram bin and uses one code.
        double binned = 0, coded = 0;
        for (double c : t->normHistogram) binned += c;
        for (double c : t->codeCounts) coded += c;
        QCOMPARE(qint64(binned), t->numel);
        QCOMPARE(qint64(coded), t->numel);
        QVERIFY(t->entropyBits > 1.0 && t->entropyBits <= t->maxEntropyBits + kCodeTolerance);
        QVERIFY(t->cosineSimilarity > 0.95 && t->cosineSimilarity <= 1.0 + kCodeTolerance);
        if (scheme == int(QuantScheme::Int4)) {
            for (int k = 0; k < 15; ++k) QVERIFY(std::abs(t->codeValues[k] - (k - 7) / 7.0) < kCodeTolerance);
        } else {
            QCOMPARE(t->bitsPerParameter > 4.0, true);
        }
    }

    void switchingSchemeChangesThePlots() {
        inspectFixture();
        const double nf4Cell = page()->heatmap()->value(0, 0);
        const QVector<double> nf4Codes = page()->histogram()->codeValues();
        const QString nf4Title = page()->histogram()->title();
        page()->setScheme(QuantScheme::FP4);
        // The heatmap recolours at once (all schemes were computed); the weight is measured again.
        QVERIFY(page()->heatmap()->value(0, 0) != nf4Cell);
        QVERIFY(page()->heatmap()->title().contains(QStringLiteral("FP4")));
        QTRY_VERIFY_WITH_TIMEOUT(!page()->isBusy(), kTimeoutMs);
        QVERIFY(page()->histogram()->codeValues() != nf4Codes);
        QVERIFY(page()->histogram()->title() != nf4Title);
        QCOMPARE(straightLines(page()->histogram()->plot()), 16);
        // Double quantization changes the error and the storage.
        const double withDq = page()->tensorResult()->bitsPerParameter;
        page()->setDoubleQuant(false);
        QTRY_VERIFY_WITH_TIMEOUT(!page()->isBusy(), kTimeoutMs);
        QVERIFY(page()->tensorResult()->bitsPerParameter > withDq);
    }

    void clickingACellSelectsIt() {
        inspectFixture();
        QCustomPlot* plot = page()->heatmap()->plot();
        const QPoint pos(int(plot->xAxis->coordToPixel(6)), int(plot->yAxis->coordToPixel(1)));
        QTest::mouseClick(plot, Qt::LeftButton, Qt::NoModifier, pos);
        QCOMPARE(page()->selectedLayer(), 1);
        QCOMPARE(page()->selectedModule(), 6);
        QCOMPARE(page()->heatmap()->selectedRow(), 1);
        QCOMPARE(page()->heatmap()->selectedColumn(), 6);
        QCOMPARE(page()->layerSpin()->value(), 1);
        QCOMPARE(page()->moduleCombo()->currentText(), QStringLiteral("down"));
        waitForTensor(QStringLiteral("model.layers.1.mlp.down_proj"));
    }

    void layerAndModuleControlsSelect() {
        inspectFixture();
        page()->layerSpin()->setValue(1);
        page()->moduleCombo()->setCurrentIndex(2);
        QCOMPARE(page()->heatmap()->selectedRow(), 1);
        QCOMPARE(page()->heatmap()->selectedColumn(), 2);
        waitForTensor(QStringLiteral("model.layers.1.self_attn.v_proj"));
        QCOMPARE(page()->errorCard()->rows().size(), 7);
    }

    void cancelDropsTheResult() {
        openModel(fixture("llama3"));
        QSignalSpy canceled(page(), &InspectPage::inspectionCanceled);
        QSignalSpy finished(page(), &InspectPage::inspectionFinished);
        m_window->setCurrentPage(Page::Inspect);
        QVERIFY(page()->isInspecting());
        QVERIFY(page()->cancelButton()->isVisible());
        QTest::mouseClick(page()->cancelButton(), Qt::LeftButton);
        QCOMPARE(canceled.count(), 1);
        QVERIFY(!page()->isInspecting());
        QTest::qWait(1000);  // the worker's late result is stale and dropped
        QCOMPARE(finished.count(), 0);
        QVERIFY(!page()->hasResults());
        // Analyse starts it again.
        QVERIFY(page()->analyseButton()->isEnabled());
        QTest::mouseClick(page()->analyseButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    }

    // A new model while the old one is still being analysed: only the new model's result arrives.
    void newModelMakesOldResultStale() {
        openModel(fixture("llama3"));
        QSignalSpy finished(page(), &InspectPage::inspectionFinished);
        m_window->setCurrentPage(Page::Inspect);
        QVERIFY(page()->isInspecting());
        page()->setModel(fixture("mistral"), 0);  // 3 layers, 17 shards; the page is shown, so it starts at once
        QVERIFY(page()->isInspecting());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QTest::qWait(500);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(QFileInfo(page()->result()->dir).fileName(), QStringLiteral("mistral"));
        QCOMPARE(page()->heatmap()->rowCount(), 3);
        QCOMPARE(page()->heatmap()->columnCount(), kModuleTypes);
        QTRY_VERIFY_WITH_TIMEOUT(!page()->isBusy(), kTimeoutMs);
        QVERIFY(page()->tensorResult()->layerName.startsWith(QStringLiteral("model.layers.0.")));
    }

    void fourBitFolderShowsTheBanner() {
        openModel(fixture("llama3-bnb-nf4"));
        QSignalSpy failed(page(), &InspectPage::inspectionFailed);
        m_window->setCurrentPage(Page::Inspect);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
        QVERIFY(page()->errorBanner()->isVisible());
        QVERIFY2(page()->errorBanner()->message().contains(QStringLiteral("already 4-bit")),
                 qPrintable(page()->errorBanner()->message()));
        QVERIFY(page()->errorBanner()->message().contains(QStringLiteral("llama3-bnb-nf4")));
        QVERIFY(!page()->hasResults());
        // The page and the window keep working.
        page()->setScheme(QuantScheme::Int4);
        page()->setScheme(QuantScheme::FP4);
        QVERIFY(page()->analyseButton()->isEnabled());
        m_window->setCurrentPage(Page::Model);
        QCOMPARE(m_window->currentPage(), Page::Model);
        openModel(fixture("llama3"));
        QSignalSpy finished(page(), &InspectPage::inspectionFinished);
        m_window->setCurrentPage(Page::Inspect);
        QVERIFY(!page()->errorBanner()->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QVERIFY(page()->heatmap()->title().contains(QStringLiteral("FP4")));
    }

    void plotsExport() {
        inspectFixture();
        QTemporaryDir out;
        const QList<QCustomPlot*> plots = {page()->heatmap()->plot(), page()->histogram()->plot(),
                                           page()->codeUsage()->plot()};
        QStringList suffixes = {QStringLiteral("png"), QStringLiteral("pdf")};
        if (PlotExport::svgExportAvailable()) suffixes << QStringLiteral("svg");
        for (QCustomPlot* plot : plots) {
            for (const QString& suffix : suffixes) {
                const QString path = out.filePath(plot->objectName() + QLatin1Char('.') + suffix);
                QString error;
                QVERIFY2(PlotExport::savePlotImage(plot, path, &error), qPrintable(error));
                QVERIFY2(QFileInfo(path).size() > 200, qPrintable(path));
            }
        }
        QString error;
        QVERIFY(!PlotExport::savePlotImage(plots.first(), out.filePath(QStringLiteral("x.bmpx")), &error));
        QVERIFY(error.contains(QStringLiteral("x.bmpx")));
        const QString csvPath = out.filePath(QStringLiteral("usage.csv"));
        QVERIFY2(PlotExport::saveTextFile(csvPath, page()->codeUsage()->toCsv(), &error), qPrintable(error));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().trimmed().split('\n').size(), 17);  // header + 16 codes
        QVERIFY(page()->histogram()->toCsv().startsWith(QStringLiteral("bin_low,bin_high,count\n")));
    }
};

QTEST_MAIN(TestInspectPage)
#include "test_inspect_page.moc"
