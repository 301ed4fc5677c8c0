// Settings survive a round trip: recent models, language, last page, window geometry.
#include <QTemporaryDir>
#include <QtTest>

#include "app_settings.h"
#include "command_line.h"
#include "main_window.h"

using namespace ls::gui;

class TestSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaults() {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("s.ini")));
        QCOMPARE(settings.language(), QStringLiteral("system"));
        QCOMPARE(settings.lastPage(), QStringLiteral("model"));
        QVERIFY(settings.recentModels().isEmpty());
        QVERIFY(settings.windowGeometry().isEmpty());
    }

    void roundTrip() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("s.ini"));
        {
            AppSettings settings(file);
            settings.setLanguage(QStringLiteral("de"));
            settings.setLastPage(QStringLiteral("train"));
            settings.addRecentModel(QStringLiteral("/models/a"));
            settings.addRecentModel(QStringLiteral("/models/b/"));
            settings.setWindowGeometry(QByteArray("geometry"));
            settings.setWindowState(QByteArray("state"));
            settings.sync();
        }
        AppSettings settings(file);
        QCOMPARE(settings.language(), QStringLiteral("de"));
        QCOMPARE(settings.lastPage(), QStringLiteral("train"));
        QCOMPARE(settings.recentModels(), (QStringList{QStringLiteral("/models/b"), QStringLiteral("/models/a")}));
        QCOMPARE(settings.windowGeometry(), QByteArray("geometry"));
        QCOMPARE(settings.windowState(), QByteArray("state"));
    }

    void recentModelsAreBoundedAndUnique() {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("s.ini")));
        for (int i = 0; i < AppSettings::kMaxRecentModels + 3; ++i)
            settings.addRecentModel(QStringLiteral("/models/m%1").arg(i));
        QCOMPARE(settings.recentModels().size(), AppSettings::kMaxRecentModels);
        QCOMPARE(settings.recentModels().first(), QStringLiteral("/models/m%1").arg(AppSettings::kMaxRecentModels + 2));
        settings.addRecentModel(QStringLiteral("/models/m5"));  // already listed: moves to the front
        QCOMPARE(settings.recentModels().first(), QStringLiteral("/models/m5"));
        QCOMPARE(settings.recentModels().count(QStringLiteral("/models/m5")), 1);
        settings.removeRecentModel(QStringLiteral("/models/m5"));
        QVERIFY(!settings.recentModels().contains(QStringLiteral("/models/m5")));
        settings.clearRecentModels();
        QVERIFY(settings.recentModels().isEmpty());
    }

    void windowRestoresPageAndSize() {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("s.ini")));
        {
            MainWindow window(settings);
            window.show();
            window.resize(900, 640);
            window.setCurrentPage(Page::Data);
            QTRY_COMPARE(window.size(), QSize(900, 640));
            window.close();  // saves, like a user closing it
        }
        QCOMPARE(settings.lastPage(), QStringLiteral("data"));
        MainWindow window(settings);
        window.show();
        QCOMPARE(window.currentPage(), Page::Data);
        QTRY_COMPARE(window.size(), QSize(900, 640));
    }

    void unknownLastPageFallsBackToModel() {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("s.ini")));
        settings.setLastPage(QStringLiteral("no-such-page"));
        settings.setWelcomeSeen(true);  // not the first start, which opens on the welcome page
        MainWindow window(settings);
        QCOMPARE(window.currentPage(), Page::Model);
    }

    void commandLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("page");
        QTest::addColumn<QString>("screenshot");
        QTest::newRow("nothing") << QStringList{} << true << QString() << QString() << QString();
        QTest::newRow("all") << QStringList{QStringLiteral("--model"), QStringLiteral("demo"), QStringLiteral("--page"),
                                            QStringLiteral("Train"), QStringLiteral("--screenshot"),
                                            QStringLiteral("out.png")}
                             << true << QStringLiteral("demo") << QStringLiteral("train") << QStringLiteral("out.png");
        QTest::newRow("bad page") << QStringList{QStringLiteral("--page"), QStringLiteral("nope")} << false << QString()
                                  << QString() << QString();
        QTest::newRow("positional") << QStringList{QStringLiteral("/some/dir")} << false << QString() << QString()
                                    << QString();
        QTest::newRow("bad language") << QStringList{QStringLiteral("--language"), QStringLiteral("xx")} << false
                                      << QString() << QString() << QString();
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << false << QString() << QString()
                                        << QString();
    }

    void commandLine() {
        QFETCH(QStringList, args);
        QFETCH(bool, ok);
        QFETCH(QString, model);
        QFETCH(QString, page);
        QFETCH(QString, screenshot);
        args.prepend(QStringLiteral("lora-studio"));
        const ParsedCommandLine parsed = parseCommandLine(args);
        QCOMPARE(parsed.status == ParsedCommandLine::Status::Run, ok);
        if (!ok) {
            QVERIFY(!parsed.text.isEmpty());
            return;
        }
        QCOMPARE(parsed.options.model, model);
        QCOMPARE(parsed.options.page ? pageName(*parsed.options.page) : QString(), page);
        QCOMPARE(parsed.options.screenshot, screenshot);
    }
};

QTEST_MAIN(TestSettings)
#include "test_settings.moc"
