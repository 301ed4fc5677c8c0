#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStatusBar>

#include "app_settings.h"
#include "data_page.h"
#include "demo_launcher.h"
#include "demo_model.h"
#include "format.h"
#include "inspect_page.h"
#include "lorastudio/model.h"
#include "method_page.h"
#include "model_page.h"
#include "navigation_bar.h"
#include "playground_page.h"
#include "runs_page.h"
#include "train_page.h"
#include "training_job.h"
#include "training_setup.h"
#include "translations.h"
#include "welcome_page.h"

namespace ls::gui {

namespace {

QIcon pageIcon(Page page) { return QIcon(QStringLiteral(":/icons/page-%1.svg").arg(pageName(page))); }

}  // namespace

MainWindow::MainWindow(AppSettings& settings, QWidget* parent) : QMainWindow(parent), m_settings(settings) {
    setWindowTitle(tr("LoRA Studio"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/lora-studio.svg")));
    setObjectName(QStringLiteral("mainWindow"));
    createPages();
    createActions();
    createMenus();
    createStatusBar();
    restoreSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::createPages() {
    struct Entry {
        Page page;
        QString title;
        QString toolTip;
    };
    const Entry entries[kPageCount] = {
        {Page::Welcome, tr("Welcome"), tr("What LoRA Studio does, and a first run on the demo model")},
        {Page::Model, tr("Model"), tr("Open a base model and look at its structure")},
        {Page::Method, tr("Method & targets"), tr("Choose LoRA, LoRA-FA or QLoRA and the modules that get adapters")},
        {Page::Data, tr("Data"), tr("The training and validation data")},
        {Page::Train, tr("Train"), tr("Run fine-tuning and watch it")},
        {Page::Inspect, tr("Inspect"), tr("See how 4-bit quantization (NF4, FP4, int4) changes the model's weights")},
        {Page::Runs, tr("Runs & export"), tr("Past runs: compare, resume, export the adapter or a merged model")},
        {Page::Playground, tr("Playground"), tr("Ask the base model and the fine-tuned one the same thing")},
    };

    m_setup = new TrainingSetup(this);
    m_setup->restore(m_settings);
    m_job = new TrainingJob(this);
    m_nav = new NavigationBar;
    m_stack = new QStackedWidget;
    for (const Entry& e : entries) {
        m_nav->addPage(pageIcon(e.page), e.title, tr("%1 (Ctrl+%2)").arg(e.toolTip).arg(pageIndex(e.page) + 1));
    }
    m_welcomePage = new WelcomePage;
    m_modelPage = new ModelPage;
    m_methodPage = new MethodPage(*m_setup);
    m_dataPage = new DataPage(*m_setup, m_settings);
    m_trainPage = new TrainPage(*m_setup, *m_job, m_settings);
    m_inspectPage = new InspectPage;
    m_runsPage = new RunsPage(m_settings);
    m_playgroundPage = new PlaygroundPage(*m_setup, m_settings);
    // Each page scrolls when the window is smaller than the page needs (small screens, big fonts).
    for (QWidget* page :
         {static_cast<QWidget*>(m_welcomePage), static_cast<QWidget*>(m_modelPage), static_cast<QWidget*>(m_methodPage),
          static_cast<QWidget*>(m_dataPage), static_cast<QWidget*>(m_trainPage), static_cast<QWidget*>(m_inspectPage),
          static_cast<QWidget*>(m_runsPage), static_cast<QWidget*>(m_playgroundPage)}) {
        auto* scroll = new QScrollArea;
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setWidget(page);
        m_stack->addWidget(scroll);
    }

    connect(m_runsPage, &RunsPage::resumeRequested, this, [this](const QString& checkpoint) {
        if (m_job->resumeFrom(checkpoint)) setCurrentPage(Page::Train);
    });
    connect(m_trainPage, &TrainPage::fitToMemoryRequested, this, [this] {
        setCurrentPage(Page::Method);
        m_methodPage->fitToGpuMemory();  // its message under the button says what changed
    });
    connect(m_job, &TrainingJob::finished, this, [this](const ls::TrainResult& r) {
        m_runsPage->refresh();
        m_playgroundPage->refreshAdapters();
        statusBar()->showMessage(QString::fromStdString(r.message), 10000);
    });
    auto* central = new QWidget;
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_nav);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    m_demo = new DemoLauncher(*this);
    connect(m_welcomePage, &WelcomePage::demoRequested, this, &MainWindow::startDemoRun);
    connect(m_welcomePage, &WelcomePage::shown, this, [this] { m_settings.setWelcomeSeen(true); });
    connect(m_welcomePage, &WelcomePage::ownModelRequested, this, [this] { setCurrentPage(Page::Model); });
    connect(m_demo, &DemoLauncher::failed, this, [this](const QString& message) {
        m_welcomePage->showProblem(message);
        statusBar()->showMessage(message, 10000);
    });
    connect(m_demo, &DemoLauncher::runStarted, this, [this] {
        m_welcomePage->showProblem(QString());
        statusBar()->showMessage(tr("Training a LoRA on the demo model"), 5000);
    });

    connect(m_nav, &NavigationBar::pageChanged, this, [this](int index) { setCurrentPage(pageAt(index)); });
    connect(m_modelPage, &ModelPage::openFolderRequested, this, &MainWindow::chooseModelFolder);
    connect(m_modelPage, &ModelPage::openDemoRequested, this, &MainWindow::openDemoModel);
    connect(m_modelPage, &ModelPage::modelLoaded, this, &MainWindow::onModelLoaded);
    connect(m_modelPage, &ModelPage::loadFailed, this, &MainWindow::onLoadFailed);
    connect(m_modelPage, &ModelPage::loadingStarted, this, [this](const QString& dir) {
        statusBar()->showMessage(tr("Opening %1 …").arg(QDir::toNativeSeparators(dir)));
    });
}

void MainWindow::createActions() {
    m_openAction = new QAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open Model Folder…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Open a local Hugging Face model folder (config.json and safetensors weights)"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseModelFolder);

    m_demoAction = new QAction(tr("Open &Demo Model"), this);
    m_demoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_demoAction->setStatusTip(tr("Open the small model that ships with LoRA Studio"));
    connect(m_demoAction, &QAction::triggered, this, &MainWindow::openDemoModel);

    m_quitAction = new QAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_pageGroup = new QActionGroup(this);
    m_pageGroup->setExclusive(true);
    for (int i = 0; i < kPageCount; ++i) {
        auto* action = new QAction(m_nav->item(i)->icon(), m_nav->item(i)->text(), this);
        action->setCheckable(true);
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        action->setStatusTip(m_nav->item(i)->toolTip());
        m_pageGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, i] { setCurrentPage(pageAt(i)); });
        m_pageActions[static_cast<size_t>(i)] = action;
    }
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    file->addAction(m_demoAction);
    m_recentMenu = file->addMenu(tr("&Recent Models"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QAction* action : m_pageActions) view->addAction(action);

    QMenu* settings = menuBar()->addMenu(tr("&Settings"));
    QMenu* language = settings->addMenu(tr("&Language"));
    auto* languages = new QActionGroup(this);
    const QString current = m_settings.language();
    auto addLanguage = [&](const QString& code, const QString& label) {
        QAction* action = language->addAction(label);
        action->setCheckable(true);
        action->setChecked(code == current);
        action->setData(code);
        languages->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] { chooseLanguage(code); });
    };
    addLanguage(QStringLiteral("system"), tr("System Default"));
    for (const QString& code : availableLanguages()) addLanguage(code, languageDisplayName(code));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About LoRA Studio"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::createStatusBar() {
    m_modelStatus = new QLabel(tr("No model"));
    m_deviceStatus = new QLabel(deviceText());
    m_deviceStatus->setToolTip(tr("Where training and generation run. Detected once at startup."));
    statusBar()->addPermanentWidget(m_modelStatus);
    statusBar()->addPermanentWidget(m_deviceStatus);
}

QString MainWindow::deviceText() const {
    static const ls::DeviceInfo device = ls::describeDevice();  // detected once
    if (device.cuda)
        return tr("Device: %1, %2 GB")
            .arg(QString::fromStdString(device.name))
            .arg(static_cast<double>(device.totalMemory) / 1e9, 0, 'f', 0);
    return tr("Device: CPU (no CUDA GPU found), %1 GB RAM")
        .arg(static_cast<double>(device.totalMemory) / 1e9, 0, 'f', 0);
}

void MainWindow::restoreSettings() {
    restoreGeometry(m_settings.windowGeometry());
    restoreState(m_settings.windowState());
    if (m_settings.windowGeometry().isEmpty()) resize(1200, 760);
    // The first start opens on the welcome page; later ones where the user left off.
    // It counts as seen once it is on screen (a start with --model goes straight to the Model page).
    if (!m_settings.welcomeSeen()) {
        setCurrentPage(Page::Welcome);
        return;
    }
    // The welcome page is not where work is left off: a start after one that ended there opens on the Model page.
    const Page last = parsePage(m_settings.lastPage()).value_or(Page::Model);
    setCurrentPage(last == Page::Welcome ? Page::Model : last);
}

void MainWindow::saveSettings() {
    m_setup->save(m_settings);
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.setWindowState(saveState());
    m_settings.setLastPage(pageName(currentPage()));
    m_settings.sync();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_job->isActive()) {
        const auto answer = QMessageBox::question(
            this, tr("Training Is Running"),
            tr("A training run is active. Stop it (a checkpoint and the adapter are saved) and quit?"));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_job->cancel();
        m_job->wait(-1);
    }
    saveSettings();
    event->accept();
}

void MainWindow::setCurrentPage(Page page) {
    const int index = pageIndex(page);
    if (m_stack->currentIndex() != index) m_stack->setCurrentIndex(index);
    if (m_nav->currentPage() != index) m_nav->setCurrentPage(index);
    if (QAction* action = m_pageActions[static_cast<size_t>(index)]) action->setChecked(true);
}

Page MainWindow::currentPage() const { return pageAt(m_stack->currentIndex()); }

QWidget* MainWindow::pageWidget(Page page) const {
    return static_cast<QScrollArea*>(m_stack->widget(pageIndex(page)))->widget();
}

void MainWindow::openModel(const QString& dir) {
    setCurrentPage(Page::Model);
    m_modelPage->openFolder(dir);
}

void MainWindow::openDemoModel() { openModel(demoModelPath()); }

void MainWindow::startDemoRun() {
    m_welcomePage->showProblem(QString());
    m_demo->start();
}

void MainWindow::chooseModelFolder() {
    const QStringList recent = m_settings.recentModels();
    const QString start = recent.isEmpty() ? QDir::homePath() : QFileInfo(recent.first()).absolutePath();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Model Folder"), start);
    if (!dir.isEmpty()) openModel(dir);
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = m_settings.recentModels();
    for (int i = 0; i < recent.size(); ++i) {
        const QString dir = recent.at(i);
        const QString label = i < 9 ? QStringLiteral("&%1  %2").arg(i + 1).arg(QDir::toNativeSeparators(dir))
                                    : QDir::toNativeSeparators(dir);
        QAction* action = m_recentMenu->addAction(label, this, [this, dir] { openModel(dir); });
        action->setStatusTip(tr("Open %1").arg(QDir::toNativeSeparators(dir)));
    }
    if (recent.isEmpty()) {
        m_recentMenu->addAction(tr("No recent models"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("&Clear List"), this, [this] {
        m_settings.clearRecentModels();
        rebuildRecentMenu();
    });
}

void MainWindow::onModelLoaded(const QString& dir) {
    m_settings.addRecentModel(dir);
    rebuildRecentMenu();
    const QString name = QDir(dir).dirName();
    setWindowTitle(tr("%1 — LoRA Studio").arg(name));
    if (const LoadedModel* model = m_modelPage->model()) {
        m_modelStatus->setText(tr("Model: %1 · %2 parameters").arg(name, humanCount(model->info.paramCount)));
        m_inspectPage->setModel(dir, model->info.paramCount);
        m_setup->setModel(dir, model->info.config, model->hasTokenizer);
    }
    m_modelStatus->setToolTip(QDir::toNativeSeparators(dir));
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(dir)), 5000);
}

void MainWindow::onLoadFailed(const QString& dir, const QString&) {
    statusBar()->showMessage(tr("Could not open %1").arg(QDir::toNativeSeparators(dir)), 5000);
}

void MainWindow::chooseLanguage(const QString& language) {
    if (language == m_settings.language()) return;
    m_settings.setLanguage(language);
    m_settings.sync();
    statusBar()->showMessage(tr("The new language takes effect when LoRA Studio starts next time."), 8000);
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About LoRA Studio"),
                       tr("<h3>LoRA Studio %1</h3>"
                          "<p>A native workbench for LoRA, LoRA-FA and QLoRA fine-tuning of Llama-family models.</p>"
                          "<p>Built with Qt %2 and LibTorch.</p>")
                           .arg(QStringLiteral(LS_VERSION), QString::fromLatin1(qVersion())));
}

}  // namespace ls::gui
