#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>
#include <QVector>

namespace ls::gui {

namespace {

// The translators installed by the last call, so that a second call replaces them instead of stacking.
QVector<QPointer<QTranslator>>& installed() {
    static QVector<QPointer<QTranslator>> translators;
    return translators;
}

void removeInstalled(QCoreApplication* app) {
    for (const QPointer<QTranslator>& translator : installed()) {
        if (translator) {
            app->removeTranslator(translator);
            delete translator;
        }
    }
    installed().clear();
}

}  // namespace

QStringList availableLanguages() { return {QStringLiteral("en"), QStringLiteral("de")}; }

QString languageDisplayName(const QString& code) {
    const QLocale locale(code);
    QString name = locale.nativeLanguageName();
    if (!name.isEmpty()) name[0] = name[0].toUpper();
    return name.isEmpty() ? code : name;
}

QString installTranslations(QCoreApplication* app, const QString& language) {
    removeInstalled(app);
    const QLocale locale = (language.isEmpty() || language == QLatin1String("system")) ? QLocale::system()
                                                                                          : QLocale(language);
    QLocale::setDefault(locale);
    // English is the source language. Checked first because load() below also tries every one of the
    // locale's uiLanguages, and "English, then German" must not end in German. The English catalog holds
    // only the plural forms ("%Ln steps" reads "1 step"; lupdate -pluralonly), so it is loaded by name.
    if (locale.language() == QLocale::English || locale.language() == QLocale::C) {
        auto* english = new QTranslator(app);
        if (english->load(QStringLiteral("lorastudio_en"), QStringLiteral(":/i18n"))) {
            app->installTranslator(english);
            installed().push_back(english);
        } else {
            delete english;
        }
        return QStringLiteral("en");
    }
    auto* own = new QTranslator(app);
    // Resources from qt_add_translations: ":/i18n/lorastudio_de.qm".
    if (!own->load(locale, QStringLiteral("lorastudio"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete own;
        return QStringLiteral("en");
    }
    app->installTranslator(own);
    installed().push_back(own);
    auto* qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        app->installTranslator(qt);
        installed().push_back(qt);
    } else {
        delete qt;
    }
    return locale.name().section(QLatin1Char('_'), 0, 0);
}

}  // namespace ls::gui
