#include "generation_worker.h"

#include <QMetaObject>
#include <QThread>

#include "lorastudio/dataset.h"
#include "lorastudio/demo.h"
#include "lorastudio/lora.h"
#include "lorastudio/model.h"
#include "lorastudio/tokenizer.h"

namespace ls::gui {

struct GenerationWorker::Shared {
    std::mutex mutex;  // one generation at a time uses the cached model
    QString cachedDir;
    std::unique_ptr<ls::Model> model;
    std::atomic<bool> cancel{false};
};

GenerationWorker::GenerationWorker(QObject* parent) : QObject(parent), m_shared(std::make_shared<Shared>()) {}

GenerationWorker::~GenerationWorker() {
    m_shared->cancel = true;
    std::lock_guard<std::mutex> wait(m_shared->mutex);  // the worker holds it while generating
}

void GenerationWorker::cancel() { m_shared->cancel = true; }

bool GenerationWorker::start(const GenerationRequest& req) {
    if (m_running) return false;
    m_running = true;
    m_shared->cancel = false;
    std::shared_ptr<Shared> shared = m_shared;
    GenerationWorker* self = this;
    QThread* thread = QThread::create([shared, self, req] {
        // Held to the end, events included: the destructor waits for it, so `self` outlives every post.
        std::lock_guard<std::mutex> lock(shared->mutex);
        QString texts[2], error;
        try {
            const auto dir = ls::resolveModelDir(req.modelDir.toStdString());
            if (!shared->model || shared->cachedDir != req.modelDir) {
                shared->model.reset();
                shared->model = ls::Model::load(dir);
                shared->cachedDir = req.modelDir;
            }
            ls::Model& model = *shared->model;
            const ls::Tokenizer tok = ls::Tokenizer::fromFolder(dir);
            std::vector<int64_t> prompt;
            if (req.rawPrompt) {
                for (ls::TokenId id : tok.encode(req.prompt.toStdString(), true)) prompt.push_back(id);
            } else {
                for (ls::TokenId id : ls::promptTokens(req.prompt.toStdString(), tok)) prompt.push_back(id);
            }
            ls::GenerateOptions opt;
            opt.maxNewTokens = req.maxNewTokens;
            opt.greedy = req.greedy;
            opt.temperature = static_cast<float>(req.temperature);
            opt.topP = static_cast<float>(req.topP);
            opt.seed = req.seed;
            for (const char* stop : {"<|eot_id|>", "<|im_end|>", "<|end_of_text|>"})
                if (auto id = tok.tokenToId(stop)) opt.stopIds.push_back(*id);
            if (auto eos = tok.eosId()) opt.stopIds.push_back(*eos);
            for (int side = 0; side < (req.adapterDir.isEmpty() ? 1 : 2); ++side) {
                std::unique_ptr<ls::LoraAdapter> adapter;
                if (side == 1) {
                    adapter = ls::LoraAdapter::loadPeft(model, req.adapterDir.toStdString());
                    adapter->attach(model);
                }
                std::vector<ls::TokenId> out;
                opt.onToken = [&](int64_t id) {
                    out.push_back(static_cast<ls::TokenId>(id));
                    const QString text = QString::fromStdString(tok.decode(out, true));
                    QMetaObject::invokeMethod(
                        self, [self, side, text] { Q_EMIT self->progress(side, text); }, Qt::QueuedConnection);
                    return !shared->cancel.load();
                };
                model.generate(prompt, opt);
                texts[side] = QString::fromStdString(tok.decode(out, true));
                if (adapter) ls::LoraAdapter::detach(model);
            }
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
            if (shared->model) ls::LoraAdapter::detach(*shared->model);
        }
        QMetaObject::invokeMethod(
            self,
            [self, base = texts[0], adapted = texts[1], error] {
                self->m_running = false;
                Q_EMIT self->finished(base, adapted, error);
            },
            Qt::QueuedConnection);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
    return true;
}

}  // namespace ls::gui
