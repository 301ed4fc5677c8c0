// The German catalog is complete (no unfinished or empty translation) and is what the window shows.
#include <QFile>
#include <QXmlStreamReader>
#include <QtTest>

#include "translations.h"

using namespace ls::gui;

class TestTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void catalogIsComplete_data() {
        QTest::addColumn<QString>("language");
        for (const QString& code : availableLanguages()) {
            if (code != QLatin1String("en")) QTest::newRow(qPrintable(code)) << code;
        }
    }

    void catalogIsComplete() {
        QFETCH(QString, language);
        QFile file(QStringLiteral(LS_TRANSLATIONS_DIR "/lorastudio_%1.ts").arg(language));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        QXmlStreamReader xml(&file);
        int messages = 0;
        QStringList missing;
        QString source;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement()) continue;
            if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                ++messages;
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                if (type == QLatin1String("unfinished") || type == QLatin1String("vanished") ||
                    type == QLatin1String("obsolete") || text.trimmed().isEmpty())
                    missing << source;
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(messages > 50);
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("untranslated: ") + missing.join(QStringLiteral(" | "))));
    }

    void installsGerman() {
        QCOMPARE(installTranslations(qApp, QStringLiteral("de")), QStringLiteral("de"));
        QCOMPARE(QCoreApplication::translate("ls::gui::MainWindow", "Data"), QStringLiteral("Daten"));
        QCOMPARE(QLocale().language(), QLocale::German);
    }

    void englishIsTheSource() { QCOMPARE(installTranslations(qApp, QStringLiteral("en")), QStringLiteral("en")); }
};

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
