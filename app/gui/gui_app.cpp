#include "gui_app.h"

#include <QApplication>
#include <QDir>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>
#include <memory>

#include "app_settings.h"
#include "command_line.h"
#include "demo_model.h"
#include "inspect_page.h"
#include "main_window.h"
#include "model_page.h"
#include "screenshot.h"
#include "translations.h"

namespace ls::gui {

namespace {

constexpr int kScreenshotTimeoutMs = 120'000;
constexpr int kSettleMs = 150;  // lets layouts and the last repaint settle before grabbing

void print(FILE* stream, const QString& text) {
    std::fputs(text.toLocal8Bit().constData(), stream);
    if (!text.endsWith(QLatin1Char('\n'))) std::fputc('\n', stream);
}

}  // namespace

int runGuiApp(QApplication& app) {
    QApplication::setOrganizationName(QStringLiteral("LoRA Studio"));
    QApplication::setApplicationName(QStringLiteral("lora-studio"));
    QApplication::setApplicationVersion(QStringLiteral(LS_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/lora-studio.svg")));

    ParsedCommandLine parsed = parseCommandLine(QApplication::arguments());
    const GuiOptions& options = parsed.options;
    const bool screenshotMode = !options.screenshot.isEmpty();

    // --screenshot runs keep their settings in a throwaway file: deterministic, and the user's stay untouched.
    QTemporaryDir scratch;
    std::unique_ptr<AppSettings> settings = screenshotMode
                                                ? std::make_unique<AppSettings>(scratch.filePath(QStringLiteral("settings.ini")))
                                                : std::make_unique<AppSettings>();
    const QString language = !options.language.isEmpty() ? options.language
                             : screenshotMode              ? QStringLiteral("en")
                                                           : settings->language();
    installTranslations(&app, language);

    if (parsed.status != ParsedCommandLine::Status::Run) {
        parsed = parseCommandLine(QApplication::arguments());  // again, now with the translations loaded
        const bool error = parsed.status == ParsedCommandLine::Status::Error;
        print(error ? stderr : stdout, error ? QStringLiteral("lora-studio: ") + parsed.text : parsed.text);
        return error ? 2 : 0;
    }

    MainWindow window(*settings);
    if (screenshotMode) window.resize(1200, 760);
    if (!options.model.isEmpty()) {
        window.openModel(options.model == QLatin1String("demo") ? demoModelPath() : options.model);
    }
    if (options.page) window.setCurrentPage(*options.page);
    window.show();

    if (screenshotMode) {
        auto shoot = [&app, &window, &options](int code) {
            QTimer::singleShot(kSettleMs, &window, [&app, &window, &options, code] {
                QString error;
                if (!saveScreenshot(&window, options.screenshot, &error)) {
                    print(stderr, QStringLiteral("lora-studio: ") + error);
                    app.exit(1);
                    return;
                }
                app.exit(code);
            });
        };
        ModelPage* page = window.modelPage();
        InspectPage* inspect = window.inspectPage();
        if (page->isLoading()) {
            // On the Inspect page, the picture waits for the analysis the loaded model starts there.
            QObject::connect(page, &ModelPage::modelLoaded, &window, [shoot, inspect] {
                if (inspect->isVisible() && inspect->isBusy()) {
                    QObject::connect(inspect, &InspectPage::settled, inspect, [shoot] { shoot(0); },
                                     Qt::SingleShotConnection);
                } else {
                    shoot(0);
                }
            });
            QObject::connect(page, &ModelPage::loadFailed, &window, [shoot](const QString&, const QString& message) {
                print(stderr, QStringLiteral("lora-studio: ") + message);
                shoot(1);
            });
        } else {
            shoot(0);
        }
        QTimer::singleShot(kScreenshotTimeoutMs, &window, [&app] {
            print(stderr, QCoreApplication::translate("ls::gui::Screenshot",
                                                      "lora-studio: --screenshot: the model did not load in time"));
            app.exit(3);
        });
    }
    const int code = app.exec();
    if (!screenshotMode) window.saveSettings();
    return code;
}

}  // namespace ls::gui
