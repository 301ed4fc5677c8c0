// Generation for the playground, off the GUI thread: the base model and, when an adapter is given, the
// adapted model continue the same prompt. The loaded model is kept between requests (loading is the slow
// part); tokens stream back as they are produced. Errors come back as values.
#pragma once

#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <mutex>

namespace ls {
class Model;
}

namespace ls::gui {

struct GenerationRequest {
    QString modelDir;
    QString adapterDir;  // empty: base only
    QString prompt;
    bool rawPrompt = false;  // true: the text as is; false: asked in the training template
    int maxNewTokens = 64;
    bool greedy = true;
    double temperature = 0.8, topP = 0.95;
    quint64 seed = 0;
};

class GenerationWorker : public QObject {
    Q_OBJECT
public:
    explicit GenerationWorker(QObject* parent = nullptr);
    ~GenerationWorker() override;

    // Starts a request on a worker thread; false when one is running.
    bool start(const GenerationRequest& request);
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    // side 0: the base model, side 1: with the adapter. `text` is everything generated so far.
    void progress(int side, const QString& text);
    void finished(const QString& base, const QString& adapted, const QString& error);

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared;
    bool m_running = false;
};

}  // namespace ls::gui
