// Reads a training data file for the Data page on a worker thread: the rows, and (with a model's
// tokenizer) the rendered first rows and the token lengths. Results come back as values through signals;
// a newer request (or cancel()) makes older ones stale, and stale results are dropped.
#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>
#include <optional>

#include "lorastudio/dataset.h"
#include "lorastudio/tokenizer.h"

namespace ls::gui {

struct DataPreviewRequest {
    QString file;
    QString modelDir;  // the tokenizer's folder; empty: only read and check the rows (no token figures)
    ls::DataOptions options;
};

struct DataPreviewResult {
    QString file;
    bool tokenized = false;  // false: preview has only format and rowCount
    ls::DataPreview preview;
};

class DataPreviewLoader : public QObject {
    Q_OBJECT
public:
    static constexpr int kPreviewRows = 20;
    static constexpr int kHistogramBins = 20;

    explicit DataPreviewLoader(QObject* parent = nullptr);
    ~DataPreviewLoader() override;

    // Starts reading request.file; any earlier request still running becomes stale.
    void load(const DataPreviewRequest& request);
    // Forgets the running request (its result is dropped when it arrives).
    void cancel();
    bool isLoading() const { return m_running; }
    QString pendingFile() const { return m_pendingFile; }
    // The tokenizer is kept between requests for the same folder; call when the model changes.
    void forgetTokenizer();

    // The work itself, synchronous: never throws; on failure returns false and sets *error to one line that
    // names the file (and the line, where the problem is in one). `tokenizer` is used when set, else
    // loaded from request.modelDir and handed back through it.
    static bool preview(const DataPreviewRequest& request, std::optional<ls::Tokenizer>* tokenizer,
                        DataPreviewResult* out, QString* error);

Q_SIGNALS:
    void started(const QString& file);
    void loaded(const ls::gui::DataPreviewResult& result);
    void failed(const QString& file, const QString& message);
    void canceled(const QString& file);
    // A stale result arrived after a newer request or a cancel, and was thrown away.
    void dropped(const QString& file);

private:
    quint64 m_generation = 0;
    bool m_running = false;
    QString m_pendingFile;
    QString m_tokenizerDir;
    std::optional<ls::Tokenizer> m_tokenizer;
};

}  // namespace ls::gui

Q_DECLARE_METATYPE(ls::gui::DataPreviewResult)
