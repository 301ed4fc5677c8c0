#include "model_loader.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "lorastudio/model_folder.h"

namespace ls::gui {

namespace {

ModuleTreeNode toTreeNode(const ls::ModuleNode& node) {
    ModuleTreeNode out;
    out.name = QString::fromStdString(node.name);
    out.type = QString::fromStdString(node.type);
    out.params = node.params;
    out.shape.reserve(static_cast<qsizetype>(node.weightShape.size()));
    for (int64_t dim : node.weightShape) out.shape.push_back(dim);
    out.children.reserve(node.children.size());
    for (const ls::ModuleNode& child : node.children) out.children.push_back(toTreeNode(child));
    return out;
}

// Core errors already read "<file>: <problem>". Anything that names neither the folder nor a file in it
// (a std::filesystem or allocation error, say) gets the folder in front, so the message always says where.
QString oneLine(const QString& dir, const char* what) {
    QString message = QString::fromUtf8(what).simplified();
    if (message.isEmpty()) message = ModelLoader::tr("unknown error");
    if (!message.contains(dir) && !message.contains(QDir(dir).dirName())) message = dir + QStringLiteral(": ") + message;
    return message;
}

struct Outcome {
    bool ok = false;
    LoadedModel model;
    QString error;
};

}  // namespace

bool loadModelSummary(const QString& dir, LoadedModel* out, QString* error) {
    try {
        const ls::ModelFolder folder = ls::ModelFolder::open(dir.toStdString());
        out->dir = dir;
        out->info = ls::describeModel(folder);
        out->hasTokenizer = folder.hasTokenizer();
        out->tree = toTreeNode(out->info.root);
        return true;
    } catch (const std::exception& e) {
        *error = oneLine(dir, e.what());
    } catch (...) {
        *error = oneLine(dir, "unknown error");
    }
    return false;
}

ModelLoader::ModelLoader(QObject* parent) : QObject(parent) {
    static const int registered = qRegisterMetaType<ls::gui::LoadedModel>();
    Q_UNUSED(registered);
}

ModelLoader::~ModelLoader() = default;

void ModelLoader::load(const QString& dir) {
    const QString clean = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    const quint64 generation = ++m_generation;
    m_running = true;
    m_pendingDir = clean;
    Q_EMIT started(clean);

    // The job captures only the path: it never touches this object, which may be gone when it ends.
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, generation, clean] {
        watcher->deleteLater();
        if (generation != m_generation) return;  // stale: a newer request or cancel() came since
        m_running = false;
        m_pendingDir.clear();
        const Outcome outcome = watcher->result();
        if (outcome.ok)
            Q_EMIT loaded(outcome.model);
        else
            Q_EMIT failed(clean, outcome.error);
    });
    watcher->setFuture(QtConcurrent::run([clean] {
        Outcome outcome;
        outcome.ok = loadModelSummary(clean, &outcome.model, &outcome.error);
        return outcome;
    }));
}

void ModelLoader::cancel() {
    if (!m_running) return;
    ++m_generation;
    m_running = false;
    const QString dir = m_pendingDir;
    m_pendingDir.clear();
    Q_EMIT canceled(dir);
}

}  // namespace ls::gui
