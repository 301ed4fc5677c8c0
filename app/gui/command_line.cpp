#include "command_line.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include "translations.h"

namespace ls::gui {

ParsedCommandLine parseCommandLine(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("ls::gui::CommandLine", "LoRA Studio: a workbench for LoRA, LoRA-FA and QLoRA fine-tuning."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption model(QStringLiteral("model"),
                                   QCoreApplication::translate("ls::gui::CommandLine",
                                                               "Open this Hugging Face model folder, or \"demo\"."),
                                   QStringLiteral("DIR"));
    const QCommandLineOption page(QStringLiteral("page"),
                                  QCoreApplication::translate("ls::gui::CommandLine", "Show this page: %1.")
                                      .arg(pageNames()),
                                  QStringLiteral("NAME"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("ls::gui::CommandLine",
                                    "Render the window to this PNG file once the model is loaded, then exit."),
        QStringLiteral("OUT.png"));
    const QCommandLineOption language(
        QStringLiteral("language"),
        QCoreApplication::translate("ls::gui::CommandLine", "Use this language for this run: system, %1.")
            .arg(availableLanguages().join(QLatin1String(", "))),
        QStringLiteral("CODE"));
    parser.addOptions({model, page, screenshot, language});

    ParsedCommandLine result;
    if (!parser.parse(arguments)) {
        result.status = ParsedCommandLine::Status::Error;
        result.text = parser.errorText();
        return result;
    }
    if (parser.isSet(help)) {
        result.status = ParsedCommandLine::Status::Help;
        result.text = parser.helpText();
        return result;
    }
    if (parser.isSet(version)) {
        result.status = ParsedCommandLine::Status::Version;
        result.text = QCoreApplication::applicationName() + QLatin1Char(' ') + QCoreApplication::applicationVersion();
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.status = ParsedCommandLine::Status::Error;
        result.text = QCoreApplication::translate("ls::gui::CommandLine", "unexpected argument \"%1\" (use --model DIR to open a folder)")
                          .arg(parser.positionalArguments().first());
        return result;
    }
    result.options.model = parser.value(model);
    result.options.screenshot = parser.value(screenshot);
    if (parser.isSet(page)) {
        result.options.page = parsePage(parser.value(page));
        if (!result.options.page) {
            result.status = ParsedCommandLine::Status::Error;
            result.text = QCoreApplication::translate("ls::gui::CommandLine", "--page: unknown page \"%1\" (pages: %2)").arg(parser.value(page), pageNames());
            return result;
        }
    }
    if (parser.isSet(language)) {
        const QString code = parser.value(language);
        if (code != QLatin1String("system") && !availableLanguages().contains(code)) {
            result.status = ParsedCommandLine::Status::Error;
            result.text = QCoreApplication::translate("ls::gui::CommandLine", "--language: unknown language \"%1\" (languages: system, %2)")
                              .arg(code, availableLanguages().join(QLatin1String(", ")));
            return result;
        }
        result.options.language = code;
    }
    return result;
}

}  // namespace ls::gui
