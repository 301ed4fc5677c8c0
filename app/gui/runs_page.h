// The Runs page (run history and export): past runs from their folders, loss curves of the selected runs
// overlaid, their config differences, and what to do with a run: resume from its last checkpoint, export
// the adapter (PEFT folder), merge it into a full model, delete it. Merging runs on a worker; errors
// appear in place and the page keeps working.
#pragma once

#include <QFutureWatcher>
#include <QString>
#include <QWidget>
#include <atomic>
#include <memory>

#include "lorastudio/train.h"

class QLabel;
class QPushButton;
class QTableWidget;
class QComboBox;
class QProgressBar;
class QTimer;

namespace ls::gui {

// Shared by a running merge and the page, which polls it.
struct MergeProgress {
    std::atomic<int> done{0}, total{0};
    std::atomic<bool> cancel{false};
};

class AppSettings;
class BusyIndicator;
class ErrorBanner;
class OverlayPlot;

class RunsPage : public QWidget {
    Q_OBJECT
public:
    explicit RunsPage(AppSettings& settings, QWidget* parent = nullptr);
    ~RunsPage() override;

    // Re-reads the runs folder (also done when the page is shown).
    void refresh();
    // Adds a run folder from elsewhere to the list (it stays listed until refresh()).
    void addRunFolder(const QString& dir);
    int runCount() const { return m_runs.size(); }
    const ls::RunSummary& run(int row) const { return m_runs.at(row); }
    void selectRows(const QList<int>& rows);
    QList<int> selectedRows() const;

    // Actions on the selected run (the first selected one); the folder choices are arguments so tests
    // need no dialogs.
    bool exportAdapter(const QString& targetDir);
    void mergeInto(const QString& targetDir, const QString& dtype);  // "bf16", "fp16", "fp32"
    bool isMerging() const { return m_merge.isRunning(); }
    void cancelMerge();
    bool deleteSelected();

    OverlayPlot* lossPlot() const { return m_plot; }
    QTableWidget* diffTable() const { return m_diff; }
    ErrorBanner* errorBanner() const { return m_banner; }

Q_SIGNALS:
    void resumeRequested(const QString& checkpointDir);
    void mergeFinished(const QString& targetDir, const QString& error);  // error empty on success

protected:
    void showEvent(QShowEvent* event) override;

private:
    void rebuildTable();
    void onSelectionChanged();
    void updateButtons();
    void chooseExportDir();
    void chooseMergeDir();
    void confirmDelete();
    void openFolder();

    AppSettings& m_settings;
    QVector<ls::RunSummary> m_runs;
    QStringList m_extraFolders;
    ErrorBanner* m_banner;
    QLabel* m_folderLabel;
    QLabel* m_emptyText;
    QWidget* m_split;
    QTableWidget* m_table;
    OverlayPlot* m_plot;
    QTableWidget* m_diff;
    QPushButton* m_resume;
    QPushButton* m_export;
    QPushButton* m_merge_button;
    QComboBox* m_mergeDtype;
    QPushButton* m_delete;
    BusyIndicator* m_busy;
    QLabel* m_busyText;
    QFutureWatcher<QString> m_merge;
    std::shared_ptr<MergeProgress> m_mergeProgress;
    QProgressBar* m_mergeBar = nullptr;
    QPushButton* m_mergeCancel = nullptr;
    QTimer* m_mergePoll = nullptr;
    QString m_mergeTarget;
};

}  // namespace ls::gui
