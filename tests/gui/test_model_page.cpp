// The Model page against the real main window: fixtures load off the UI thread, the tree's totals match
// the engine's description, bad folders show a banner naming the file, and the window keeps working.
#include <QAbstractItemModel>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>
#include <functional>
#include <memory>

#include "app_settings.h"
#include "busy_indicator.h"
#include "error_banner.h"
#include "key_value_card.h"
#include "lorastudio/model_folder.h"
#include "lorastudio/model_info.h"
#include "main_window.h"
#include "model_page.h"
#include "module_tree_model.h"
#include "module_tree_view.h"
#include "navigation_bar.h"

using namespace ls::gui;

namespace {

constexpr int kLoadTimeoutMs = 30'000;

QString fixture(const char* name) { return QStringLiteral(LS_FIXTURES_DIR "/models/") + QLatin1String(name); }

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

}  // namespace

class TestModelPage : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;

    ModelPage* page() { return m_window->modelPage(); }

private Q_SLOTS:
    void init() {
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
        m_settings->clearRecentModels();
        m_window = std::make_unique<MainWindow>(*m_settings);
        m_window->resize(1200, 760);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup() {
        m_window.reset();
        m_settings.reset();
    }

    void loadsFixture_data() {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QString>("layers");
        QTest::newRow("llama3") << fixture("llama3") << QStringLiteral("2");
        QTest::newRow("llama2-tied") << fixture("llama2-tied") << QString();
        QTest::newRow("mistral (17 shards)") << fixture("mistral") << QString();
        QTest::newRow("qwen2") << fixture("qwen2") << QString();
        QTest::newRow("qwen3 (q/k norms)") << fixture("qwen3") << QString();
        QTest::newRow("mistral (sliding window)") << fixture("mistral-sliding") << QString();
        QTest::newRow("llama3-bnb-nf4") << fixture("llama3-bnb-nf4") << QString();
    }

    void loadsFixture() {
        QFETCH(QString, dir);
        QFETCH(QString, layers);
        QSignalSpy loaded(page(), &ModelPage::modelLoaded);
        QSignalSpy failed(page(), &ModelPage::loadFailed);
        m_window->setCurrentPage(Page::Data);
        m_window->openModel(dir);
        // Opening switches to the Model page and shows the indicator while the worker reads the folder.
        QCOMPARE(m_window->currentPage(), Page::Model);
        QVERIFY(page()->isLoading());
        QVERIFY(page()->loadingRow()->isVisible());
        QVERIFY(page()->busyIndicator()->isRunning());

        QTRY_COMPARE_WITH_TIMEOUT(loaded.count() + failed.count(), 1, kLoadTimeoutMs);
        QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.first().at(1).toString()));
        QVERIFY(!page()->isLoading());
        QVERIFY(!page()->loadingRow()->isVisible());
        QVERIFY(!page()->errorBanner()->isVisible());

        const ls::ModelInfo info = ls::describeModel(ls::ModelFolder::open(dir.toStdString()));
        const ModuleTreeModel* tree = page()->moduleTree()->model();
        QCOMPARE(tree->rowCount(), 1);
        QCOMPARE(tree->totalParams(), qint64(info.root.params));
        QCOMPARE(tree->index(0, 0).data(ModuleTreeModel::ParamCountRole).toLongLong(), qint64(info.root.params));
        QCOMPARE(page()->model()->info.paramCount, info.paramCount);
        if (!info.config.tieWordEmbeddings) QCOMPARE(tree->totalParams(), qint64(info.paramCount));

        // Per-module counts add up: every parent holds the sum of its children (when it has no own weights).
        const QModelIndex root = tree->index(0, 0);
        qint64 childSum = 0;
        for (int r = 0; r < tree->rowCount(root); ++r)
            childSum += tree->index(r, 0, root).data(ModuleTreeModel::ParamCountRole).toLongLong();
        QVERIFY(childSum >= info.root.params);

        if (!layers.isEmpty()) QCOMPARE(page()->modelCard()->value(QStringLiteral("Layers")), layers);
        // Rows only for what the model has: Qwen3's q/k norms, a sliding window.
        QCOMPARE(page()->modelCard()->value(QStringLiteral("Query/key norm")).isEmpty(), !info.config.qkNorm);
        QCOMPARE(page()->modelCard()->value(QStringLiteral("Sliding window")),
                 info.config.slidingWindow ? QStringLiteral("5 tokens in 2 of 2 layers") : QString());
        QVERIFY(m_window->windowTitle().contains(QDir(dir).dirName()));
        QCOMPARE(m_settings->recentModels().value(0), QDir::cleanPath(dir));
    }

    void invalidFolderShowsBanner_data() {
        QTest::addColumn<QByteArray>("config");  // empty: no config.json at all
        QTest::addColumn<QString>("named");      // the file the message must name
        QTest::newRow("broken json") << QByteArray("{ \"model_type\": ") << QStringLiteral("config.json");
        QTest::newRow("bad field") << QByteArray(R"({"architectures": ["LlamaForCausalLM"], "model_type": "llama",
            "hidden_size": -3, "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 10})")
                                   << QStringLiteral("config.json");
        QTest::newRow("no config") << QByteArray() << QStringLiteral("config.json");
    }

    void invalidFolderShowsBanner() {
        QFETCH(QByteArray, config);
        QFETCH(QString, named);
        QTemporaryDir bad;
        if (!config.isEmpty()) writeFile(bad.filePath(QStringLiteral("config.json")), config);

        QSignalSpy failed(page(), &ModelPage::loadFailed);
        m_window->openModel(bad.path());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kLoadTimeoutMs);
        const QString message = failed.first().at(1).toString();
        QVERIFY2(message.contains(named), qPrintable(message));
        QVERIFY(!message.contains(QLatin1Char('\n')));
        QVERIFY(page()->errorBanner()->isVisible());
        QCOMPARE(page()->errorBanner()->message(), message);
        QVERIFY(!page()->loadingRow()->isVisible());
        QVERIFY(m_settings->recentModels().isEmpty());

        // The window keeps working: pages switch, and a good folder loads and clears the banner.
        m_window->setCurrentPage(Page::Train);
        QCOMPARE(m_window->currentPage(), Page::Train);
        QSignalSpy loaded(page(), &ModelPage::modelLoaded);
        m_window->openModel(fixture("llama3"));
        QVERIFY(!page()->errorBanner()->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
        QVERIFY(!page()->errorBanner()->isVisible());
        QVERIFY(page()->hasModel());
    }

    void missingFolderIsNamed() {
        const QString missing = m_dir.filePath(QStringLiteral("does-not-exist"));
        QSignalSpy failed(page(), &ModelPage::loadFailed);
        page()->openFolder(missing);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kLoadTimeoutMs);
        QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("does-not-exist")),
                 qPrintable(failed.first().at(1).toString()));
    }

    void failureKeepsPreviousModel() {
        QSignalSpy loaded(page(), &ModelPage::modelLoaded);
        page()->openFolder(fixture("llama3"));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
        QSignalSpy failed(page(), &ModelPage::loadFailed);
        page()->openFolder(m_dir.filePath(QStringLiteral("nothing-here")));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kLoadTimeoutMs);
        QVERIFY(page()->hasModel());
        QCOMPARE(page()->modelCard()->title(), QStringLiteral("llama3"));
        page()->errorBanner()->dismiss();
        QVERIFY(!page()->errorBanner()->isVisible());
    }

    void staleResultsAreDropped() {
        QTemporaryDir bad;
        QSignalSpy loaded(page(), &ModelPage::modelLoaded);
        QSignalSpy failed(page(), &ModelPage::loadFailed);
        page()->openFolder(bad.path());          // would fail...
        page()->openFolder(fixture("llama3"));  // ...but this newer request wins
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
        QTest::qWait(300);
        QCOMPARE(failed.count(), 0);
        QVERIFY(!page()->errorBanner()->isVisible());
    }

    void cancelDropsTheResult() {
        QSignalSpy loaded(page(), &ModelPage::modelLoaded);
        page()->openFolder(fixture("llama3"));
        page()->cancelLoading();
        QVERIFY(!page()->isLoading());
        QVERIFY(!page()->loadingRow()->isVisible());
        QTest::qWait(500);
        QCOMPARE(loaded.count(), 0);
        QVERIFY(!page()->hasModel());
    }

    void filterShowsMatchingModules() {
        QSignalSpy loaded(page(), &ModelPage::modelLoaded);
        page()->openFolder(fixture("llama3"));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
        ModuleTreeView* view = page()->moduleTree();
        view->filterEdit()->setText(QStringLiteral("q_proj"));
        const QAbstractItemModel* shown = view->treeView()->model();
        int leaves = 0;
        std::function<void(const QModelIndex&)> walk = [&](const QModelIndex& parent) {
            for (int r = 0; r < shown->rowCount(parent); ++r) {
                const QModelIndex index = shown->index(r, 0, parent);
                if (shown->rowCount(index) == 0) {
                    ++leaves;
                    QVERIFY(index.data(ModuleTreeModel::FullNameRole).toString().contains(QStringLiteral("q_proj")));
                }
                walk(index);
            }
        };
        walk({});
        QCOMPARE(leaves, 2);  // one q_proj per layer
        view->filterEdit()->clear();
    }

    void shortcutsSwitchPages() {
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        const Page pages[] = {Page::Welcome, Page::Model, Page::Method, Page::Data,
                              Page::Train,   Page::Inspect, Page::Runs, Page::Playground};
        for (int i = kPageCount - 1; i >= 0; --i) {
            QTest::keyClick(m_window.get(), static_cast<Qt::Key>(Qt::Key_1 + i), Qt::ControlModifier);
            QCOMPARE(m_window->currentPage(), pages[i]);
            QCOMPARE(m_window->navigation()->currentRow(), i);
        }
    }
};

QTEST_MAIN(TestModelPage)
#include "test_model_page.moc"
