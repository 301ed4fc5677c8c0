// Everything the GUI remembers between runs, behind typed accessors over QSettings.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <memory>

class QSettings;

namespace ls::gui {

class AppSettings {
public:
    static constexpr int kMaxRecentModels = 8;

    // The user's settings (native format, organization and application name of the QApplication).
    AppSettings();
    // Settings kept in one INI file: tests, and --screenshot runs that must not touch the user's settings.
    explicit AppSettings(const QString& iniFile);
    ~AppSettings();
    AppSettings(const AppSettings&) = delete;
    AppSettings& operator=(const AppSettings&) = delete;

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

    // Most recent first, no duplicates, at most kMaxRecentModels.
    QStringList recentModels() const;
    void addRecentModel(const QString& dir);
    void removeRecentModel(const QString& dir);
    void clearRecentModels();

    QString lastPage() const;  // a page name ("model", "data", ...); "model" when unset
    void setLastPage(const QString& page);

    // False until the welcome page has been shown once: the first start opens on it, later ones on lastPage.
    bool welcomeSeen() const;
    void setWelcomeSeen(bool seen);

    // "system" (the default: follow the system locale) or a language code such as "en" or "de".
    QString language() const;
    void setLanguage(const QString& language);

    // The Method / Data / Train settings as a run config.json (empty when never saved).
    QString lastTrainConfig() const;
    void setLastTrainConfig(const QString& json);
    // Most recent first, no duplicates, at most kMaxRecentModels.
    QStringList recentDatasets() const;
    void addRecentDataset(const QString& file);
    // Where new runs are created (default: ~/LoRA Studio/runs).
    QString runsFolder() const;
    void setRunsFolder(const QString& dir);

    void sync();
    QString fileName() const;

private:
    std::unique_ptr<QSettings> m_settings;
};

}  // namespace ls::gui
