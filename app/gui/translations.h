// Loads the UI language at startup: LoRA Studio's own strings (compiled into the app from
// translations/lorastudio_<lang>.ts) and Qt's, when a matching catalog is installed.
#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace ls::gui {

// Language codes with a translation, English (the source language) first.
QStringList availableLanguages();
// The language's own name, for menus: "English", "Deutsch".
QString languageDisplayName(const QString& code);
// language: "system" (follow the system locale) or a code from availableLanguages(). Installs translators
// as children of app and sets the default QLocale. Returns the code actually used ("en" when none matched).
QString installTranslations(QCoreApplication* app, const QString& language);

}  // namespace ls::gui
