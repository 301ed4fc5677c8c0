// Opens and describes a model folder on a worker thread. Results come back as values through signals;
// a newer request (or cancel()) makes older results stale, and stale results are dropped.
#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>

#include "lorastudio/model_info.h"
#include "module_tree_node.h"

namespace ls::gui {

// What the Model page shows, built entirely on the worker.
struct LoadedModel {
    QString dir;
    ls::ModelInfo info;
    bool hasTokenizer = false;
    ModuleTreeNode tree;  // info.root, converted for the widgets
};

// The work itself, synchronous: never throws; on failure returns false and sets *error to one line that
// names the file (or the folder) and the problem.
bool loadModelSummary(const QString& dir, LoadedModel* out, QString* error);

class ModelLoader : public QObject {
    Q_OBJECT
public:
    explicit ModelLoader(QObject* parent = nullptr);
    ~ModelLoader() override;

    // Starts loading dir; any earlier request still running becomes stale.
    void load(const QString& dir);
    // Forgets the running request (its result is dropped when it arrives).
    void cancel();
    bool isLoading() const { return m_running; }
    QString pendingDir() const { return m_pendingDir; }

Q_SIGNALS:
    void started(const QString& dir);
    void loaded(const ls::gui::LoadedModel& model);
    void failed(const QString& dir, const QString& message);
    void canceled(const QString& dir);

private:
    quint64 m_generation = 0;
    bool m_running = false;
    QString m_pendingDir;
};

}  // namespace ls::gui

Q_DECLARE_METATYPE(ls::gui::LoadedModel)
