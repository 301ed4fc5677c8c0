// The Data page: choose the training file (dialog, recent files, drag and drop, demo dataset), see its
// format, template, row count and token lengths, the first rows split into prompt and trained response,
// and set the sequence length, packing and the train/eval split. Reading runs on a worker; errors appear
// in place in a banner and the page keeps working. Writes the data file and options into TrainingSetup.
#pragma once

#include <QString>
#include <QWidget>
#include <memory>

#include "data_preview_loader.h"
#include "loading_row.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFrame;
class QLabel;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTimer;

namespace ls::gui {

class AppSettings;
class BusyIndicator;
class ErrorBanner;
class KeyValueCard;
class LengthHistogramPlot;
class PreviewRowsTable;
class RenderedRowView;
class TrainingSetup;

class DataPage : public QWidget {
    Q_OBJECT
public:
    DataPage(TrainingSetup& setup, AppSettings& settings, QWidget* parent = nullptr);
    ~DataPage() override;

    // Reads `file` (with the model's tokenizer when there is one). On success it becomes the setup's
    // data file and the first recent dataset; on failure the banner names the file and the line, and the
    // previous file stays.
    void loadFile(const QString& file);
    // The file dialog (JSON / JSONL), then loadFile().
    void chooseFile();
    void cancelPreview();
    bool isLoading() const;

    QString file() const { return m_file; }  // the file shown (the setup's data file); empty before one
    bool hasPreview() const { return m_result != nullptr; }
    const DataPreviewResult* result() const { return m_result.get(); }

    DataPreviewLoader* loader() const { return m_loader; }
    ErrorBanner* errorBanner() const { return m_banner; }
    QLabel* modelNotice() const { return m_modelNotice; }
    LoadingRow* loadingRow() const { return m_loadingRow; }
    BusyIndicator* busyIndicator() const;
    QPushButton* cancelButton() const;
    QPushButton* chooseButton() const { return m_choose; }
    QPushButton* demoButton() const { return m_demo; }
    QComboBox* recentCombo() const { return m_recent; }
    KeyValueCard* summaryCard() const { return m_card; }
    PreviewRowsTable* previewTable() const { return m_table; }
    RenderedRowView* rowView() const { return m_rowView; }
    LengthHistogramPlot* histogram() const { return m_histogram; }
    QSpinBox* seqLenSpin() const { return m_seqLen; }
    QComboBox* templateCombo() const { return m_template; }
    QCheckBox* packCheck() const { return m_pack; }
    QDoubleSpinBox* evalFractionSpin() const { return m_evalFraction; }
    QLabel* splitLabel() const { return m_split; }
    QStackedWidget* previewStack() const { return m_previewStack; }
    QWidget* previewBox() const { return m_previewBox; }

Q_SIGNALS:
    void previewStarted(const QString& file);
    void previewReady(const QString& file);
    void previewFailed(const QString& file, const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QWidget* buildHeader();
    QWidget* buildEmptyState();
    QWidget* buildContent();
    QWidget* buildOptions();

    DataPreviewRequest requestFor(const QString& file) const;
    void startPreview(const QString& file);
    void onSetupChanged();
    void onModelChanged();
    void onStarted(const QString& file);
    void onLoaded(const DataPreviewResult& result);
    void onFailed(const QString& file, const QString& message);
    void onCanceled(const QString& file);

    void showResult(const DataPreviewResult& result);
    void updateSummary();
    void updateSplit();
    void updateModelNotice();
    void syncControls();
    void rebuildRecent();
    void setDropHighlight(bool on);

    TrainingSetup& m_setup;
    AppSettings& m_settings;
    DataPreviewLoader* m_loader;
    std::unique_ptr<DataPreviewResult> m_result;
    QString m_file;
    std::string m_seenDataFile;         // the setup's data file when last seen (to follow changes made elsewhere)
    DataPreviewRequest m_issued;        // the latest request sent to the loader
    DataPreviewRequest m_shownRequest;  // the request the shown result answers
    QTimer* m_refreshTimer;             // batches option edits (typing a sequence length) into one preview

    ErrorBanner* m_banner;
    QLabel* m_modelNotice;
    LoadingRow* m_loadingRow;
    QPushButton* m_choose;
    QPushButton* m_demo;
    QComboBox* m_recent;
    QStackedWidget* m_stack;
    QFrame* m_dropZone = nullptr;
    QWidget* m_content = nullptr;
    KeyValueCard* m_card;
    QStackedWidget* m_previewStack = nullptr;
    QWidget* m_previewWaiting = nullptr;  // the preview's place while there is no tokenizer
    QLabel* m_previewNeedsModel = nullptr;
    QLabel* m_histogramNeedsModel = nullptr;
    QLabel* m_tableTitle = nullptr;
    QWidget* m_previewBox = nullptr;
    PreviewRowsTable* m_table;
    RenderedRowView* m_rowView;
    LengthHistogramPlot* m_histogram;
    QSpinBox* m_seqLen;
    QComboBox* m_template;
    QCheckBox* m_pack;
    QDoubleSpinBox* m_evalFraction;
    QLabel* m_split;
};

}  // namespace ls::gui
