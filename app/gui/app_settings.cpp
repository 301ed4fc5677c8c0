#include "app_settings.h"

#include <QDir>
#include <QSettings>

namespace ls::gui {

namespace {
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kRecent = QStringLiteral("models/recent");
const QString kLastPage = QStringLiteral("window/lastPage");
const QString kWelcomeSeen = QStringLiteral("window/welcomeSeen");
const QString kLanguage = QStringLiteral("ui/language");
const QString kTrainConfig = QStringLiteral("train/lastConfig");
const QString kRecentData = QStringLiteral("data/recent");
const QString kRunsFolder = QStringLiteral("train/runsFolder");
}  // namespace

AppSettings::AppSettings() : m_settings(std::make_unique<QSettings>()) {}

AppSettings::AppSettings(const QString& iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat)) {}

AppSettings::~AppSettings() = default;

QByteArray AppSettings::windowGeometry() const { return m_settings->value(kGeometry).toByteArray(); }

void AppSettings::setWindowGeometry(const QByteArray& geometry) { m_settings->setValue(kGeometry, geometry); }

QByteArray AppSettings::windowState() const { return m_settings->value(kState).toByteArray(); }

void AppSettings::setWindowState(const QByteArray& state) { m_settings->setValue(kState, state); }

QStringList AppSettings::recentModels() const {
    QStringList list = m_settings->value(kRecent).toStringList();
    list.removeAll(QString());
    list.removeDuplicates();
    while (list.size() > kMaxRecentModels) list.removeLast();
    return list;
}

void AppSettings::addRecentModel(const QString& dir) {
    if (dir.isEmpty()) return;
    const QString clean = QDir::cleanPath(dir);
    QStringList list = recentModels();
    list.removeAll(clean);
    list.prepend(clean);
    while (list.size() > kMaxRecentModels) list.removeLast();
    m_settings->setValue(kRecent, list);
}

void AppSettings::removeRecentModel(const QString& dir) {
    QStringList list = recentModels();
    list.removeAll(QDir::cleanPath(dir));
    m_settings->setValue(kRecent, list);
}

void AppSettings::clearRecentModels() { m_settings->remove(kRecent); }

QString AppSettings::lastTrainConfig() const { return m_settings->value(kTrainConfig).toString(); }

void AppSettings::setLastTrainConfig(const QString& json) { m_settings->setValue(kTrainConfig, json); }

QStringList AppSettings::recentDatasets() const {
    QStringList list = m_settings->value(kRecentData).toStringList();
    list.removeAll(QString());
    list.removeDuplicates();
    while (list.size() > kMaxRecentModels) list.removeLast();
    return list;
}

void AppSettings::addRecentDataset(const QString& file) {
    if (file.isEmpty()) return;
    QStringList list = recentDatasets();
    list.removeAll(file);
    list.prepend(file);
    while (list.size() > kMaxRecentModels) list.removeLast();
    m_settings->setValue(kRecentData, list);
}

QString AppSettings::runsFolder() const {
    return m_settings->value(kRunsFolder, QDir::homePath() + QStringLiteral("/LoRA Studio/runs")).toString();
}

void AppSettings::setRunsFolder(const QString& dir) { m_settings->setValue(kRunsFolder, dir); }

QString AppSettings::lastPage() const { return m_settings->value(kLastPage, QStringLiteral("model")).toString(); }

void AppSettings::setLastPage(const QString& page) { m_settings->setValue(kLastPage, page); }

bool AppSettings::welcomeSeen() const { return m_settings->value(kWelcomeSeen, false).toBool(); }

void AppSettings::setWelcomeSeen(bool seen) { m_settings->setValue(kWelcomeSeen, seen); }

QString AppSettings::language() const {
    const QString value = m_settings->value(kLanguage).toString();
    return value.isEmpty() ? QStringLiteral("system") : value;
}

void AppSettings::setLanguage(const QString& language) { m_settings->setValue(kLanguage, language); }

void AppSettings::sync() { m_settings->sync(); }

QString AppSettings::fileName() const { return m_settings->fileName(); }

}  // namespace ls::gui
