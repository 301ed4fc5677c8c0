// The Model page: open a local Hugging Face folder or the demo model, then see its card and module tree.
// Loading runs on a worker; errors appear in place in a banner and the page keeps working.
#pragma once

#include <QWidget>
#include <memory>

#include "loading_row.h"
#include "model_loader.h"

class QLabel;
class QPushButton;
class QSplitter;
class QStackedWidget;

namespace ls::gui {

class BusyIndicator;
class ErrorBanner;
class KeyValueCard;
class ModuleTreeView;

class ModelPage : public QWidget {
    Q_OBJECT
public:
    explicit ModelPage(QWidget* parent = nullptr);
    ~ModelPage() override;

    void openFolder(const QString& dir);
    void cancelLoading();
    bool isLoading() const;
    bool hasModel() const { return m_model != nullptr; }
    const LoadedModel* model() const { return m_model.get(); }

    ErrorBanner* errorBanner() const { return m_banner; }
    KeyValueCard* modelCard() const { return m_card; }
    ModuleTreeView* moduleTree() const { return m_tree; }
    BusyIndicator* busyIndicator() const;
    LoadingRow* loadingRow() const { return m_loadingRow; }

Q_SIGNALS:
    void loadingStarted(const QString& dir);
    void modelLoaded(const QString& dir);
    void loadFailed(const QString& dir, const QString& message);
    void openFolderRequested();
    void openDemoRequested();

private:
    void onStarted(const QString& dir);
    void onLoaded(const LoadedModel& model);
    void onFailed(const QString& dir, const QString& message);
    void onCanceled(const QString& dir);
    void showModel(const LoadedModel& model);

    ModelLoader* m_loader;
    std::unique_ptr<LoadedModel> m_model;

    ErrorBanner* m_banner;
    LoadingRow* m_loadingRow;
    QStackedWidget* m_stack;
    QWidget* m_empty;
    QWidget* m_content;
    QSplitter* m_splitter = nullptr;
    KeyValueCard* m_card;
    ModuleTreeView* m_tree;
};

}  // namespace ls::gui
