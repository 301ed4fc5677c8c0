// Renders every page (with the llama3 fixture loaded), the error state and the German UI to PNG files in
// the build folder, for people to look at and for the README.
#include <QDir>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app_settings.h"
#include "error_banner.h"
#include "inspect_page.h"
#include "main_window.h"
#include "model_page.h"
#include "navigation_bar.h"
#include "screenshot.h"
#include "translations.h"

using namespace ls::gui;

namespace {

constexpr int kLoadTimeoutMs = 30'000;
const QSize kWindowSize(1200, 760);

QString shotPath(const QString& name) { return QStringLiteral(LS_SCREENSHOT_DIR "/") + name + QStringLiteral(".png"); }

void checkImage(const QString& path) {
    const QImage image(path);
    QVERIFY2(!image.isNull(), qPrintable(path));
    QCOMPARE(image.size(), kWindowSize * image.devicePixelRatio());
    // Not a blank canvas: a rendered window has many distinct colors.
    QSet<QRgb> colors;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7) colors.insert(image.pixel(x, y));
    QVERIFY2(colors.size() > 8, qPrintable(path));
}

}  // namespace

class TestScreenshots : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    void shoot(MainWindow& window, const QString& name) {
        QTest::qWait(50);  // a last layout and paint pass
        QString error;
        const QString path = shotPath(name);
        QVERIFY2(saveScreenshot(&window, path, &error), qPrintable(error));
        checkImage(path);
    }

    // The Inspect page analyses the model when shown; wait for the heatmap and the selected weight.
    void waitForInspection(MainWindow& window) {
        InspectPage* page = window.inspectPage();
        QTRY_VERIFY_WITH_TIMEOUT(page->hasResults() && !page->isBusy() && page->tensorResult(), kLoadTimeoutMs);
    }

    void loadFixture(MainWindow& window) {
        QSignalSpy loaded(window.modelPage(), &ModelPage::modelLoaded);
        window.openModel(QStringLiteral(LS_FIXTURES_DIR "/models/llama3"));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(QDir().mkpath(QStringLiteral(LS_SCREENSHOT_DIR))); }

    void everyPage() {
        AppSettings settings(m_dir.filePath(QStringLiteral("en.ini")));
        MainWindow window(settings);
        window.resize(kWindowSize);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        shoot(window, QStringLiteral("empty"));
        loadFixture(window);
        for (int i = 0; i < kPageCount; ++i) {
            window.setCurrentPage(pageAt(i));
            if (pageAt(i) == Page::Inspect) waitForInspection(window);
            shoot(window, QStringLiteral("page_") + pageName(pageAt(i)));
        }
    }

    void inspectSchemes() {
        AppSettings settings(m_dir.filePath(QStringLiteral("inspect.ini")));
        MainWindow window(settings);
        window.resize(kWindowSize);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        loadFixture(window);
        window.setCurrentPage(Page::Inspect);
        waitForInspection(window);
        InspectPage* page = window.inspectPage();
        page->select(1, 6);  // layer 1, down_proj
        page->setScheme(QuantScheme::FP4);
        QTRY_VERIFY_WITH_TIMEOUT(!page->isBusy(), kLoadTimeoutMs);
        shoot(window, QStringLiteral("page_inspect_fp4"));
        page->setScheme(QuantScheme::Int4);
        QTRY_VERIFY_WITH_TIMEOUT(!page->isBusy(), kLoadTimeoutMs);
        shoot(window, QStringLiteral("page_inspect_int4"));
    }

    void inspectError() {
        AppSettings settings(m_dir.filePath(QStringLiteral("inspect_error.ini")));
        MainWindow window(settings);
        window.resize(kWindowSize);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(window.modelPage(), &ModelPage::modelLoaded);
        window.openModel(QStringLiteral(LS_FIXTURES_DIR "/models/llama3-bnb-nf4"));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
        QSignalSpy failed(window.inspectPage(), &InspectPage::inspectionFailed);
        window.setCurrentPage(Page::Inspect);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kLoadTimeoutMs);
        QVERIFY(window.inspectPage()->errorBanner()->isVisible());
        shoot(window, QStringLiteral("page_inspect_error"));
    }

    void loading() {
        AppSettings settings(m_dir.filePath(QStringLiteral("loading.ini")));
        MainWindow window(settings);
        window.resize(kWindowSize);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openModel(QStringLiteral(LS_FIXTURES_DIR "/models/llama3"));
        QString error;
        QVERIFY2(saveScreenshot(&window, shotPath(QStringLiteral("loading")), &error), qPrintable(error));
        QSignalSpy loaded(window.modelPage(), &ModelPage::modelLoaded);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
    }

    void errorBanner() {
        AppSettings settings(m_dir.filePath(QStringLiteral("error.ini")));
        MainWindow window(settings);
        window.resize(kWindowSize);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        loadFixture(window);
        QTemporaryDir bad;
        QFile config(bad.filePath(QStringLiteral("config.json")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("{ \"model_type\": ");
        config.close();
        QSignalSpy failed(window.modelPage(), &ModelPage::loadFailed);
        window.openModel(bad.path());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kLoadTimeoutMs);
        QVERIFY(window.modelPage()->errorBanner()->isVisible());
        shoot(window, QStringLiteral("error_banner"));
    }

    void german() {
        const QString used = installTranslations(qApp, QStringLiteral("de"));
        QCOMPARE(used, QStringLiteral("de"));
        AppSettings settings(m_dir.filePath(QStringLiteral("de.ini")));
        MainWindow window(settings);
        window.resize(kWindowSize);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.navigation()->item(pageIndex(Page::Data))->text(), QStringLiteral("Daten"));
        loadFixture(window);
        shoot(window, QStringLiteral("page_model_de"));
        window.setCurrentPage(Page::Train);
        shoot(window, QStringLiteral("page_train_de"));
        window.setCurrentPage(Page::Inspect);
        waitForInspection(window);
        shoot(window, QStringLiteral("page_inspect_de"));
    }
};

QTEST_MAIN(TestScreenshots)
#include "test_screenshots.moc"
