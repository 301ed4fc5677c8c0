// The German catalog is complete (no unfinished or empty translation, two plural forms for every numerus
// message) and is what the window shows; the English catalog gives the singular of every numerus message.
#include <QFile>
#include <QXmlStreamReader>
#include <QtTest>

#include "translations.h"

using namespace ls::gui;

namespace {

struct Catalog {
    int messages = 0;
    QStringList missing;     // unfinished, vanished, obsolete or empty
    QStringList numerus;     // "context|source" of every numerus message
    QStringList badNumerus;  // numerus messages without exactly two non-empty forms
    QString error;
};

// Reads translations/lorastudio_<language>.ts. Two plural forms are expected: English and German have two.
Catalog readCatalog(const QString& language) {
    Catalog catalog;
    QFile file(QStringLiteral(LS_TRANSLATIONS_DIR "/lorastudio_%1.ts").arg(language));
    if (!file.open(QIODevice::ReadOnly)) {
        catalog.error = QStringLiteral("cannot open ") + file.fileName();
        return catalog;
    }
    QXmlStreamReader xml(&file);
    QString context;
    QString source;
    bool numerus = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            ++catalog.messages;
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            QString text;
            QStringList forms;
            if (numerus) {
                // <numerusform> children, one per plural form.
                while (xml.readNextStartElement()) {
                    if (xml.name() == QLatin1String("numerusform"))
                        forms << xml.readElementText();
                    else
                        xml.skipCurrentElement();
                }
                text = forms.join(QString());
                catalog.numerus << context + QLatin1Char('|') + source;
                bool ok = forms.size() == 2;
                for (const QString& form : forms) ok = ok && !form.trimmed().isEmpty();
                if (!ok) catalog.badNumerus << source;
            } else {
                text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            }
            if (type == QLatin1String("unfinished") || type == QLatin1String("vanished") ||
                type == QLatin1String("obsolete") || text.trimmed().isEmpty())
                catalog.missing << source;
        }
    }
    if (xml.hasError()) catalog.error = xml.errorString();
    return catalog;
}

}  // namespace

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
        const Catalog catalog = readCatalog(language);
        QVERIFY2(catalog.error.isEmpty(), qPrintable(catalog.error));
        QVERIFY(catalog.messages > 50);
        QVERIFY2(catalog.missing.isEmpty(),
                 qPrintable(QStringLiteral("untranslated: ") + catalog.missing.join(QStringLiteral(" | "))));
        // German, like English, has two plural forms (singular, plural); every numerus message gives both.
        QVERIFY(!catalog.numerus.isEmpty());
        QVERIFY2(catalog.badNumerus.isEmpty(),
                 qPrintable(QStringLiteral("plural forms: ") + catalog.badNumerus.join(QStringLiteral(" | "))));
    }

    // The English catalog holds exactly the numerus messages, both forms filled, so "%Ln steps" reads "1 step";
    // every numerus message of the other catalogs is in it (else English would show the plural for 1).
    void englishCatalogHasEveryPluralMessage() {
        const Catalog english = readCatalog(QStringLiteral("en"));
        QVERIFY2(english.error.isEmpty(), qPrintable(english.error));
        QVERIFY2(english.missing.isEmpty(),
                 qPrintable(QStringLiteral("untranslated: ") + english.missing.join(QStringLiteral(" | "))));
        QVERIFY2(english.badNumerus.isEmpty(),
                 qPrintable(QStringLiteral("plural forms: ") + english.badNumerus.join(QStringLiteral(" | "))));
        QCOMPARE(english.numerus.size(), english.messages);  // nothing but plural messages
        for (const QString& code : availableLanguages()) {
            if (code == QLatin1String("en")) continue;
            const Catalog other = readCatalog(code);
            for (const QString& key : other.numerus)
                QVERIFY2(english.numerus.contains(key), qPrintable(QStringLiteral("not in lorastudio_en.ts: ") + key));
        }
    }

    void englishPluralForms() {
        QCOMPARE(installTranslations(qApp, QStringLiteral("en")), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("ls::gui::RunPlan", "%Ln steps", nullptr, 1), QStringLiteral("1 step"));
        QCOMPARE(QCoreApplication::translate("ls::gui::RunPlan", "%Ln steps", nullptr, 2), QStringLiteral("2 steps"));
        QCOMPARE(QCoreApplication::translate("ls::gui::RunPlan", "%Ln steps", nullptr, 0), QStringLiteral("0 steps"));
        QCOMPARE(QCoreApplication::translate("ls::gui::ModuleTreeView", "%Ln modules, %1 parameters in total", nullptr, 1)
                     .arg(7),
                 QStringLiteral("1 module, 7 parameters in total"));
        QCOMPARE(QCoreApplication::translate("ls::gui::RunsPage",
                                             "Delete %n run folder(s) with their checkpoints and adapters? This "
                                             "cannot be undone.",
                                             nullptr, 3),
                 QStringLiteral("Delete 3 run folders with their checkpoints and adapters? This cannot be undone."));
        // A message without plural forms is left as the source.
        QCOMPARE(QCoreApplication::translate("ls::gui::MainWindow", "Data"), QStringLiteral("Data"));
    }

    void germanPluralForms() {
        QCOMPARE(installTranslations(qApp, QStringLiteral("de")), QStringLiteral("de"));
        QCOMPARE(QCoreApplication::translate("ls::gui::RunPlan", "%Ln steps", nullptr, 1), QStringLiteral("1 Schritt"));
        QCOMPARE(QCoreApplication::translate("ls::gui::RunPlan", "%Ln steps", nullptr, 3), QStringLiteral("3 Schritte"));
        QCOMPARE(QCoreApplication::translate("ls::gui::TrainPage", "Cancelled after %Ln steps", nullptr, 1),
                 QStringLiteral("Abgebrochen nach 1 Schritt"));
        installTranslations(qApp, QStringLiteral("en"));
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
