#include "data_preview_loader.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

namespace ls::gui {

namespace {

// Core errors read "<path>: line N: <problem>". The path is shortened to the file's name (the page shows
// the full path beside it). A message that names no file at all (every file here is .json or .jsonl:
// the data, tokenizer.json, tokenizer_config.json) gets the data file in front.
QString oneLine(const QString& file, const char* what) {
    const QString name = QFileInfo(file).fileName();
    QString message = QString::fromUtf8(what).simplified();
    if (message.isEmpty()) message = DataPreviewLoader::tr("unknown error");
    message.replace(file, name);
    message.replace(QDir::toNativeSeparators(file), name);
    if (!message.contains(name) && !message.contains(QStringLiteral(".json")))
        message = name + QStringLiteral(": ") + message;
    return message;
}

struct Outcome {
    bool ok = false;
    DataPreviewResult result;
    QString error;
    std::optional<ls::Tokenizer> tokenizer;
};

}  // namespace

bool DataPreviewLoader::preview(const DataPreviewRequest& request, std::optional<ls::Tokenizer>* tokenizer,
                                DataPreviewResult* out, QString* error) {
    try {
        const ls::Dataset data = ls::loadDataset(request.file.toStdString(), request.options);
        out->file = request.file;
        if (request.modelDir.isEmpty()) {
            out->tokenized = false;
            out->preview = ls::DataPreview{};
            out->preview.format = data.format;
            out->preview.rowCount = static_cast<int>(data.rows.size());
            return true;
        }
        if (!tokenizer->has_value()) *tokenizer = ls::Tokenizer::fromFolder(request.modelDir.toStdString());
        out->preview = ls::previewDataset(data, **tokenizer, request.options, kPreviewRows, kHistogramBins);
        out->tokenized = true;
        return true;
    } catch (const std::exception& e) {
        *error = oneLine(request.file, e.what());
    } catch (...) {
        *error = oneLine(request.file, "unknown error");
    }
    return false;
}

DataPreviewLoader::DataPreviewLoader(QObject* parent) : QObject(parent) {
    static const int registered = qRegisterMetaType<ls::gui::DataPreviewResult>();
    Q_UNUSED(registered);
}

DataPreviewLoader::~DataPreviewLoader() = default;

void DataPreviewLoader::load(const DataPreviewRequest& request) {
    DataPreviewRequest job = request;
    job.file = QDir::cleanPath(QFileInfo(request.file).absoluteFilePath());
    const quint64 generation = ++m_generation;
    m_running = true;
    m_pendingFile = job.file;
    Q_EMIT started(job.file);

    std::optional<ls::Tokenizer> cached;
    if (!job.modelDir.isEmpty() && job.modelDir == m_tokenizerDir) cached = m_tokenizer;

    // The job captures values only: it never touches this object, which may be gone when it ends.
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, generation, job] {
        watcher->deleteLater();
        const Outcome outcome = watcher->result();
        if (generation != m_generation) {  // stale: a newer request or cancel() came since
            Q_EMIT dropped(job.file);
            return;
        }
        if (outcome.tokenizer && !job.modelDir.isEmpty()) {
            m_tokenizerDir = job.modelDir;
            m_tokenizer = outcome.tokenizer;
        }
        m_running = false;
        m_pendingFile.clear();
        if (outcome.ok)
            Q_EMIT loaded(outcome.result);
        else
            Q_EMIT failed(job.file, outcome.error);
    });
    watcher->setFuture(QtConcurrent::run([job, cached] {
        Outcome outcome;
        outcome.tokenizer = cached;
        outcome.ok = preview(job, &outcome.tokenizer, &outcome.result, &outcome.error);
        return outcome;
    }));
}

void DataPreviewLoader::cancel() {
    if (!m_running) return;
    ++m_generation;
    m_running = false;
    const QString file = m_pendingFile;
    m_pendingFile.clear();
    Q_EMIT canceled(file);
}

void DataPreviewLoader::forgetTokenizer() {
    m_tokenizerDir.clear();
    m_tokenizer.reset();
}

}  // namespace ls::gui
