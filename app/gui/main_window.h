// The main window: page navigation on the left, pages on the right, menus, status bar, persisted layout.
#pragma once

#include <QMainWindow>
#include <array>

#include "pages.h"

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QStackedWidget;

namespace ls::gui {

class AppSettings;
class DataPage;
class DemoLauncher;
class InspectPage;
class MethodPage;
class ModelPage;
class NavigationBar;
class PlaygroundPage;
class RunsPage;
class TrainPage;
class TrainingJob;
class TrainingSetup;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // settings must outlive the window.
    explicit MainWindow(AppSettings& settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    void setCurrentPage(Page page);
    Page currentPage() const;
    QWidget* pageWidget(Page page) const;
    WelcomePage* welcomePage() const { return m_welcomePage; }
    ModelPage* modelPage() const { return m_modelPage; }
    MethodPage* methodPage() const { return m_methodPage; }
    DataPage* dataPage() const { return m_dataPage; }
    TrainPage* trainPage() const { return m_trainPage; }
    InspectPage* inspectPage() const { return m_inspectPage; }
    RunsPage* runsPage() const { return m_runsPage; }
    PlaygroundPage* playgroundPage() const { return m_playgroundPage; }
    TrainingSetup* trainingSetup() const { return m_setup; }
    TrainingJob* trainingJob() const { return m_job; }
    DemoLauncher* demoLauncher() const { return m_demo; }
    NavigationBar* navigation() const { return m_nav; }
    QAction* pageAction(Page page) const { return m_pageActions[static_cast<size_t>(pageIndex(page))]; }
    QMenu* recentMenu() const { return m_recentMenu; }
    QString deviceText() const;

    void openModel(const QString& dir);
    void openDemoModel();
    // "Try it with the demo model": the demo model and dataset, a short LoRA run, started on the Train page.
    void startDemoRun();
    // Writes geometry, window state and the current page to the settings (also done on close).
    void saveSettings();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createPages();
    void createActions();
    void createMenus();
    void createStatusBar();
    void restoreSettings();
    void rebuildRecentMenu();
    void chooseModelFolder();
    void chooseLanguage(const QString& language);
    void showAbout();
    void onModelLoaded(const QString& dir);
    void onLoadFailed(const QString& dir, const QString& message);

    AppSettings& m_settings;
    NavigationBar* m_nav = nullptr;
    QStackedWidget* m_stack = nullptr;
    TrainingSetup* m_setup = nullptr;
    TrainingJob* m_job = nullptr;
    DemoLauncher* m_demo = nullptr;
    WelcomePage* m_welcomePage = nullptr;
    ModelPage* m_modelPage = nullptr;
    MethodPage* m_methodPage = nullptr;
    DataPage* m_dataPage = nullptr;
    TrainPage* m_trainPage = nullptr;
    InspectPage* m_inspectPage = nullptr;
    RunsPage* m_runsPage = nullptr;
    PlaygroundPage* m_playgroundPage = nullptr;
    std::array<QAction*, kPageCount> m_pageActions{};
    QActionGroup* m_pageGroup = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_demoAction = nullptr;
    QAction* m_quitAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_modelStatus = nullptr;
    QLabel* m_deviceStatus = nullptr;
};

}  // namespace ls::gui
