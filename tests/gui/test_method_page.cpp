// The Method & targets page on the llama3 fixture (hidden 64, 4 heads of 16, 2 key/value heads,
// intermediate 160, vocabulary 700, 2 layers): the target tree is built from config.json, checked types
// become PEFT target_modules, the trainable count is the engine's (and the hand-computed one), the three
// memory bars follow the settings, an empty selection is reported in place, and the page renders cleanly.
// The 32-layer Llama-3-8B shape (config only) checks weight streaming and "Fit to GPU memory" against a
// capacity the test sets (there may be no GPU).
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTreeWidget>
#include <QtTest>
#include <memory>

#include "choice_card.h"
#include "device_info.h"
#include "error_banner.h"
#include "format.h"
#include "hyperparameter_form.h"
#include "lorastudio/memory_estimate.h"
#include "lorastudio/memory_fit.h"
#include "lorastudio/model_config.h"
#include "memory_bars_plot.h"
#include "method_page.h"
#include "target_tree.h"
#include "training_setup.h"

using namespace ls::gui;

namespace {

const QSize kShotSize(1200, 760);
constexpr int kRank = 16;  // defaultTrainConfig()'s rank

// r * (in + out) of one layer's projections on the fixture.
constexpr qint64 kQ = 64 + 64, kK = 64 + 32, kV = 64 + 32, kO = 64 + 64;
constexpr qint64 kGate = 64 + 160, kUp = 64 + 160, kDown = 160 + 64, kHead = 64 + 700;
constexpr qint64 kLayerAll = kQ + kK + kV + kO + kGate + kUp + kDown;  // 1120
// Only B (out * r) for LoRA-FA.
constexpr qint64 kLayerOutAll = 64 + 32 + 32 + 64 + 160 + 160 + 64;  // 576

QString fixtureDir() { return QStringLiteral(LS_FIXTURES_DIR "/models/llama3"); }

QString shotPath(const QString& name) { return QStringLiteral(LS_SCREENSHOT_DIR "/") + name + QStringLiteral(".png"); }

// A Llama-3-8B-shaped config (no weights needed).
ls::ModelConfig llama8b() {
    return ls::parseModelConfig(
        R"({"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096,
            "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
            "num_key_value_heads": 8, "vocab_size": 128256, "max_position_embeddings": 8192,
            "rope_theta": 500000.0, "torch_dtype": "bfloat16"})",
        "llama-8b config.json");
}

std::vector<std::string> strings(const QStringList& list) {
    std::vector<std::string> out;
    for (const QString& s : list) out.push_back(s.toStdString());
    return out;
}

}  // namespace

class TestMethodPage : public QObject {
    Q_OBJECT

private:
    ls::ModelConfig m_config;
    std::unique_ptr<TrainingSetup> m_setup;
    std::unique_ptr<MethodPage> m_page;

    TargetTree* tree() { return m_page->targetTree(); }

    // The engine's count for the current setup (the CLI's `estimate --json` trainable_params is this call).
    qint64 engineTrainable() {
        const ls::TrainConfig& c = m_setup->config();
        ls::MemoryEstimateOptions o;
        o.batch = c.batchSize;
        o.seqLen = c.data.seqLen;
        return ls::estimateTrainingMemory(m_config, c.lora, o).trainableParams;
    }

    // Checks exactly these types the way a user does: a click on each type's checkbox.
    void checkTypes(const QStringList& types) {
        tree()->selectNone();
        for (const QString& type : types) {
            QTreeWidgetItem* item = tree()->typeItem(type);
            QVERIFY2(item, qPrintable(type));
            item->setCheckState(0, Qt::Checked);
        }
    }

    void shoot(const QString& name) {
        QTest::qWait(50);  // a last layout and paint pass (queued replots)
        const QString path = shotPath(name);
        QVERIFY(m_page->grab().save(path));
        const QImage image(path);
        QVERIFY2(!image.isNull(), qPrintable(path));
        QCOMPARE(image.size(), m_page->size() * image.devicePixelRatio());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(QDir().mkpath(QStringLiteral(LS_SCREENSHOT_DIR)));
        m_config = ls::loadModelConfig((fixtureDir() + QStringLiteral("/config.json")).toStdString());
    }

    void init() {
        m_setup = std::make_unique<TrainingSetup>();
        m_setup->update([](ls::TrainConfig& c) {
            c.device = ls::Device::CPU;
            c.data.seqLen = 256;
            c.dataFile = LS_FIXTURES_DIR "/data/alpaca.jsonl";
        });
        m_page = std::make_unique<MethodPage>(*m_setup);
        m_page->resize(kShotSize);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        m_setup->setModel(fixtureDir(), m_config, true);
    }

    void cleanup() {
        m_page.reset();
        m_setup.reset();
    }

    void withoutModelShowsEmptyState() {
        TrainingSetup setup;
        MethodPage page(setup);
        QCOMPARE(page.targetTree()->modules().size(), 0);
        QCOMPARE(page.memoryPlot()->barCount(), 0);
        QCOMPARE(page.trainableParams(), qint64(-1));
        QVERIFY(page.targetProblem().isEmpty());
        // The model arrives later: the tree is built then.
        setup.setModel(fixtureDir(), m_config, true);
        QCOMPARE(page.targetTree()->modules().size(), 15);
        QCOMPARE(page.memoryPlot()->barCount(), 3);
    }

    void buildsTreeFromConfig() {
        QCOMPARE(tree()->types(),
                 QStringList({"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "lm_head"}));
        QCOMPARE(tree()->modules().size(), 7 * 2 + 1);
        QCOMPARE(tree()->layerCount(), 2);
        for (const QString& type : tree()->types()) {
            const QTreeWidgetItem* item = tree()->typeItem(type);
            QCOMPARE(item->childCount(), type == QLatin1String("lm_head") ? 0 : 2);
            QVERIFY(item->flags() & Qt::ItemIsUserCheckable);
        }
        QCOMPARE(tree()->typeItem(QStringLiteral("k_proj"))->child(1)->text(1), QStringLiteral("64 → 32"));
        QCOMPARE(tree()->typeItem(QStringLiteral("lm_head"))->text(1), QStringLiteral("64 → 700"));
        // The default selection ("all-linear"): every decoder type checked, lm_head not.
        QCOMPARE(m_setup->config().lora.targetModules, std::vector<std::string>{"all-linear"});
        for (const QString& type : tree()->types())
            QCOMPARE(tree()->typeState(type), type == QLatin1String("lm_head") ? Qt::Unchecked : Qt::Checked);
        QCOMPARE(m_page->trainableParams(), kRank * kLayerAll * 2);
        QVERIFY(m_page->targetProblem().isEmpty());
        QVERIFY(m_setup->problem().isEmpty());
    }

    void checkedTypesBecomeTargets_data() {
        QTest::addColumn<QStringList>("types");
        QTest::addColumn<QStringList>("targets");
        QTest::addColumn<qint64>("trainable");  // by hand, r * (in + out) per module
        QTest::newRow("q, v") << QStringList{"q_proj", "v_proj"} << QStringList{"q_proj", "v_proj"}
                              << kRank * (kQ + kV) * 2;
        QTest::newRow("MLP") << QStringList{"gate_proj", "up_proj", "down_proj"}
                             << QStringList{"gate_proj", "up_proj", "down_proj"} << kRank * (kGate + kUp + kDown) * 2;
        QTest::newRow("all seven") << QStringList{"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                                  "gate_proj", "up_proj", "down_proj"}
                                   << QStringList{"all-linear"} << kRank * kLayerAll * 2;
        QTest::newRow("all and lm_head") << QStringList{"q_proj",    "k_proj",  "v_proj",    "o_proj",
                                                        "gate_proj", "up_proj", "down_proj", "lm_head"}
                                         << QStringList{"all-linear", "lm_head"} << kRank * (kLayerAll * 2 + kHead);
        QTest::newRow("lm_head") << QStringList{"lm_head"} << QStringList{"lm_head"} << kRank * kHead;
    }

    void checkedTypesBecomeTargets() {
        QFETCH(QStringList, types);
        QFETCH(QStringList, targets);
        QFETCH(qint64, trainable);
        QSignalSpy changed(m_setup.get(), &TrainingSetup::changed);
        checkTypes(types);
        QVERIFY(changed.count() >= 1);
        const ls::LoraOptions& lora = m_setup->config().lora;
        QCOMPARE(lora.targetModules, strings(targets));
        QVERIFY(lora.targetRegex.empty());
        QVERIFY(!lora.hasLayerFilter());
        QCOMPARE(m_page->trainableParams(), trainable);
        QCOMPARE(m_page->trainableParams(), engineTrainable());
        QVERIFY2(m_page->trainableLabel()->text().contains(exactCount(trainable)),
                 qPrintable(m_page->trainableLabel()->text()));
        QVERIFY(!m_page->targetBanner()->isVisible());
        QVERIFY(m_setup->problem().isEmpty());
    }

    void layerRangeBecomesFilter() {
        checkTypes({"q_proj", "v_proj", "lm_head"});
        QCOMPARE(m_setup->config().lora.targetModules, (std::vector<std::string>{"q_proj", "v_proj", "lm_head"}));
        tree()->lastLayerSpin()->setValue(0);  // as the user does
        const ls::LoraOptions& lora = m_setup->config().lora;
        QCOMPARE(lora.targetModules, (std::vector<std::string>{"q_proj", "v_proj"}));
        QCOMPARE(lora.firstLayer, 0);
        QCOMPARE(lora.lastLayer, 0);
        // A range leaves lm_head out: it is unchecked and disabled.
        QVERIFY(!(tree()->typeItem(QStringLiteral("lm_head"))->flags() & Qt::ItemIsEnabled));
        QCOMPARE(m_page->trainableParams(), kRank * (kQ + kV));
        QCOMPARE(m_page->trainableParams(), engineTrainable());

        // Moving the start past the end drags the end along: layer 1 only.
        tree()->firstLayerSpin()->setValue(1);
        QCOMPARE(tree()->lastLayerSpin()->value(), 1);
        QCOMPARE(lora.targetModules, (std::vector<std::string>{"q_proj", "v_proj"}));
        QCOMPARE(lora.firstLayer, 1);
        QCOMPARE(lora.lastLayer, 1);
        QCOMPARE(m_page->trainableParams(), engineTrainable());

        // Back to every layer: the checked types cover both layers again, with no filter.
        tree()->firstLayerSpin()->setValue(0);
        QCOMPARE(lora.targetModules, (std::vector<std::string>{"q_proj", "v_proj"}));
        QVERIFY(!lora.hasLayerFilter());
        QCOMPARE(m_page->trainableParams(), kRank * (kQ + kV) * 2);
    }

    void singleLayersBecomeFullNames() {
        checkTypes({"v_proj"});
        tree()->moduleItem(QStringLiteral("model.layers.0.self_attn.q_proj"))->setCheckState(0, Qt::Checked);
        QCOMPARE(tree()->typeState(QStringLiteral("q_proj")), Qt::PartiallyChecked);
        QCOMPARE(tree()->typeState(QStringLiteral("v_proj")), Qt::Checked);
        QCOMPARE(m_setup->config().lora.targetModules,
                 (std::vector<std::string>{"model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.v_proj",
                                           "model.layers.1.self_attn.v_proj"}));
        QCOMPARE(m_page->trainableParams(), kRank * (kQ + 2 * kV));
        QCOMPARE(m_page->trainableParams(), engineTrainable());
        // A click on the partial type checks all its layers.
        tree()->typeItem(QStringLiteral("q_proj"))->setCheckState(0, Qt::Checked);
        QCOMPARE(m_setup->config().lora.targetModules, (std::vector<std::string>{"q_proj", "v_proj"}));
    }

    void quickButtons() {
        QTest::mouseClick(tree()->attentionButton(), Qt::LeftButton);
        QCOMPARE(m_setup->config().lora.targetModules,
                 (std::vector<std::string>{"q_proj", "k_proj", "v_proj", "o_proj"}));
        QTest::mouseClick(tree()->mlpButton(), Qt::LeftButton);
        QCOMPARE(m_setup->config().lora.targetModules, (std::vector<std::string>{"gate_proj", "up_proj", "down_proj"}));
        tree()->lastLayerSpin()->setValue(0);
        QTest::mouseClick(tree()->allLinearButton(), Qt::LeftButton);
        QCOMPARE(m_setup->config().lora.targetModules, std::vector<std::string>{"all-linear"});
        QCOMPARE(m_setup->config().lora.lastLayer, 0);
        QCOMPARE(m_page->trainableParams(), kRank * kLayerAll);
        QCOMPARE(m_page->trainableParams(), engineTrainable());
    }

    void methodCardsSetMethod() {
        QCOMPARE(m_page->methodCard(ls::LoraMethod::Lora)->isChecked(), true);
        const qint64 lora = m_page->trainableParams();
        QSignalSpy changed(m_setup.get(), &TrainingSetup::changed);
        ChoiceCard* fa = m_page->methodCard(ls::LoraMethod::LoraFa);
        QTest::mouseClick(fa, Qt::LeftButton, {}, QPoint(fa->width() / 2, fa->height() - 6));  // on the text
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m_setup->config().lora.method, ls::LoraMethod::LoraFa);
        QVERIFY(fa->isChecked());
        QVERIFY(!m_page->methodCard(ls::LoraMethod::Lora)->isChecked());
        QCOMPARE(m_page->memoryPlot()->highlighted(), 1);
        // LoRA-FA trains only B: out * r per module.
        QCOMPARE(m_page->trainableParams(), kRank * kLayerOutAll * 2);
        QVERIFY(m_page->trainableParams() < lora);
        QCOMPARE(m_page->trainableParams(), engineTrainable());

        QTest::mouseClick(m_page->methodCard(ls::LoraMethod::QLora)->radioButton(), Qt::LeftButton);
        QCOMPARE(m_setup->config().lora.method, ls::LoraMethod::QLora);
        QCOMPARE(m_page->memoryPlot()->highlighted(), 2);
        QCOMPARE(m_page->trainableParams(), lora);
    }

    void memoryBarsFollowSettings() {
        MemoryBarsPlot* plot = m_page->memoryPlot();
        QCOMPARE(plot->barCount(), 3);
        QCOMPARE(plot->bars()[0].label, QStringLiteral("LoRA"));
        QCOMPARE(plot->bars()[1].label, QStringLiteral("LoRA-FA"));
        QCOMPARE(plot->bars()[2].label, QStringLiteral("QLoRA"));
        QCOMPARE(plot->segments().size(), 6);
        const auto& estimates = m_page->estimates();
        QCOMPARE(int(estimates.size()), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(plot->bars()[i].total(), qint64(estimates[std::size_t(i)].total()));
            QCOMPARE(plot->bars()[i].segments[0], qint64(estimates[std::size_t(i)].frozenWeights));
        }
        // QLoRA's 4-bit base is the smallest weights segment; LoRA-FA keeps less for the gradients.
        QVERIFY(plot->bars()[2].segments[0] < plot->bars()[0].segments[0]);
        QVERIFY(plot->bars()[2].segments[0] < plot->bars()[1].segments[0]);
        QVERIFY(plot->bars()[1].segments[2] < plot->bars()[0].segments[2]);
        // The CPU's capacity is the machine's RAM; the fixture fits with room to spare.
        QCOMPARE(plot->capacity(), physicalMemoryBytes());
        QCOMPARE(plot->fitOf(0), MemoryBarsPlot::Fit::Fits);
        QCOMPARE(plot->highlighted(), 0);

        // A longer sequence raises the activations of every bar, live.
        const qint64 before = plot->bars()[0].segments[4];
        m_page->form()->seqLenSpin()->setValue(512);
        QCOMPARE(m_setup->config().data.seqLen, 512);
        QVERIFY(plot->bars()[0].segments[4] > before);
        // Gradient checkpointing lowers them.
        const qint64 full = plot->bars()[0].segments[4];
        m_page->form()->checkpointingCheck()->setChecked(true);
        QVERIFY(m_setup->config().gradCheckpointing);
        QVERIFY(plot->bars()[0].segments[4] < full);
    }

    // On CUDA the untied embedding table of the llama3 fixture stays in host memory: out of the bars'
    // weights segment, and the subtitle says where it went. On the CPU nothing moves.
    void cudaLeavesUntiedEmbeddingsInHostMemory() {
        const auto* subtitle = m_page->findChild<QLabel*>(QStringLiteral("memorySubtitle"));
        QVERIFY(subtitle);
        QVERIFY(!subtitle->text().contains(QStringLiteral("host memory")));
        const qint64 cpuWeights = m_page->memoryPlot()->bars()[0].segments[0];
        QCOMPARE(qint64(m_page->estimates()[0].hostWeights), qint64(0));
        m_setup->update([](ls::TrainConfig& c) {
            c.device = ls::Device::CUDA;
            c.dtype = ls::ComputeType::F32;  // the CPU run's dtype: only the table's place changes
        });
        const qint64 table = m_config.vocabSize * m_config.hiddenSize * 4;
        for (std::size_t i = 0; i < 3; ++i) QCOMPARE(qint64(m_page->estimates()[i].hostWeights), table);
        QCOMPARE(m_page->memoryPlot()->bars()[0].segments[0], cpuWeights - table);
        QVERIFY2(subtitle->text().contains(QStringLiteral("embedding table in host memory")),
                 qPrintable(subtitle->text()));
    }

    // Offloading activations is a CUDA option, greyed out on the CPU and under checkpointing. On CUDA it moves
    // gate and up of all but the last layer (the 2-layer fixture keeps 1) out of the activations segment.
    void offloadMovesActivationsToHostMemory() {
        QCheckBox* offload = m_page->form()->offloadCheck();
        const auto* subtitle = m_page->findChild<QLabel*>(QStringLiteral("memorySubtitle"));
        QVERIFY(!offload->isEnabled());  // the CPU
        m_setup->update([](ls::TrainConfig& c) {
            c.device = ls::Device::CUDA;
            c.dtype = ls::ComputeType::F32;
        });
        QVERIFY(offload->isEnabled());
        const qint64 kept = m_page->memoryPlot()->bars()[0].segments[4];
        offload->setChecked(true);
        QVERIFY(m_setup->config().offloadActivations);
        const qint64 moved = qint64(m_config.numLayers - ls::offloadKeptLayers(m_config.numLayers)) * 2 *
                             m_config.intermediateSize * m_setup->config().batchSize * m_setup->config().data.seqLen *
                             4;
        QVERIFY(moved > 0);
        for (std::size_t i = 0; i < 3; ++i) QCOMPARE(qint64(m_page->estimates()[i].hostActivations), moved);
        QCOMPARE(m_page->memoryPlot()->bars()[0].segments[4], kept - moved);
        QVERIFY2(subtitle->text().contains(QStringLiteral("offloaded to host memory")), qPrintable(subtitle->text()));
        m_page->form()->checkpointingCheck()->setChecked(true);
        QVERIFY(!offload->isEnabled());
        QCOMPARE(qint64(m_page->estimates()[0].hostActivations), qint64(0));
    }

    // Weight streaming, on the form alone (no model: up to 1000 layers): shown from and written to the config,
    // greyed out on the CPU and for QLoRA with the value kept in the field and 0 written, clamped to a model's
    // layer count.
    void streamedLayersField() {
        HyperparameterForm form(false);
        QSignalSpy edited(&form, &HyperparameterForm::edited);
        QSpinBox* streamed = form.streamedLayersSpin();
        QCOMPARE(streamed->maximum(), 1000);
        ls::TrainConfig c = defaultTrainConfig();
        c.device = ls::Device::CUDA;
        c.lora.method = ls::LoraMethod::Lora;
        c.streamedLayers = 6;
        form.setConfig(c);
        QCOMPARE(edited.count(), 0);
        QCOMPARE(streamed->value(), 6);
        QCOMPARE(streamed->text(), QStringLiteral("6 layers"));
        QVERIFY(streamed->isEnabled());
        ls::TrainConfig out = c;
        out.streamedLayers = 0;
        form.applyTo(out);
        QCOMPARE(out.streamedLayers, 6);
        streamed->setValue(0);
        QCOMPARE(edited.count(), 1);
        QCOMPARE(streamed->text(), QStringLiteral("off"));
        form.applyTo(out);
        QCOMPARE(out.streamedLayers, 0);
        streamed->setValue(6);

        // The CPU: greyed out, 6 kept in the field, 0 written (validateTrainConfig rejects it there).
        form.deviceCombo()->setCurrentIndex(form.deviceCombo()->findData(int(ls::Device::CPU)));
        QVERIFY(!streamed->isEnabled());
        QCOMPARE(streamed->value(), 6);
        form.applyTo(out);
        QCOMPARE(out.device, ls::Device::CPU);
        QCOMPARE(out.streamedLayers, 0);
        form.setConfig(out);  // the config's 0 does not overwrite the greyed-out field
        QCOMPARE(streamed->value(), 6);
        form.deviceCombo()->setCurrentIndex(form.deviceCombo()->findData(int(ls::Device::CUDA)));
        QVERIFY(streamed->isEnabled());
        form.applyTo(out);
        QCOMPARE(out.streamedLayers, 6);

        // QLoRA: the same.
        form.setMethod(ls::LoraMethod::QLora);
        QVERIFY(!streamed->isEnabled());
        out.lora.method = ls::LoraMethod::QLora;
        form.applyTo(out);
        QCOMPARE(out.streamedLayers, 0);
        form.setMethod(ls::LoraMethod::LoraFa);
        QVERIFY(streamed->isEnabled());
        out.lora.method = ls::LoraMethod::LoraFa;
        form.applyTo(out);
        QCOMPARE(out.streamedLayers, 6);

        // A 2-layer model: clamped, and the clamp is an edit.
        edited.clear();
        form.setLayerCount(2);
        QCOMPARE(streamed->maximum(), 2);
        QCOMPARE(streamed->value(), 2);
        QCOMPARE(edited.count(), 1);
        form.setLayerCount(0);
        QCOMPARE(streamed->maximum(), 1000);
    }

    // On the page with the 32-layer llama-8b config on CUDA: streamed layers leave LoRA's and LoRA-FA's
    // weights segment for host memory (QLoRA's stays), the subtitle says so, the QLoRA card writes 0 and
    // the LoRA card the field's value again, and a smaller model clamps the count.
    void weightStreamingMovesLayersToHostMemory() {
        const ls::ModelConfig big = llama8b();
        m_setup->update([](ls::TrainConfig& c) {
            c.device = ls::Device::CUDA;
            c.gradCheckpointing = true;
        });
        m_setup->setModel(QStringLiteral("/models/Llama-3-8B"), big, true);
        QSpinBox* streamed = m_page->form()->streamedLayersSpin();
        QCOMPARE(streamed->maximum(), 32);
        QVERIFY(streamed->isEnabled());
        const auto* subtitle = m_page->findChild<QLabel*>(QStringLiteral("memorySubtitle"));
        const qint64 table = big.vocabSize * big.hiddenSize * 2;  // bf16
        QCOMPARE(qint64(m_page->estimates()[0].hostWeights), table);
        const qint64 weights = m_page->estimates()[0].frozenWeights;

        streamed->setValue(6);
        QCOMPARE(m_setup->config().streamedLayers, qint64(6));
        const qint64 H = big.hiddenSize, Q = big.numHeads * big.headDim, K = big.numKvHeads * big.headDim;
        const qint64 layer = (H * (2 * Q + 2 * K) + 3 * H * big.intermediateSize) * 2;
        for (std::size_t i = 0; i < 2; ++i) {
            QCOMPARE(qint64(m_page->estimates()[i].hostWeights), table + 6 * layer);
            QCOMPARE(qint64(m_page->estimates()[i].frozenWeights), weights - (6 - 2) * layer);  // 2 GPU slots
        }
        QCOMPARE(qint64(m_page->estimates()[2].hostWeights), table);  // QLoRA streams nothing
        QVERIFY2(subtitle->text().contains(QStringLiteral("embedding table and 6 layers' weights in host memory (") +
                                           humanBytes(quint64(table + 6 * layer))),
                 qPrintable(subtitle->text()));
        QVERIFY2(m_setup->problem().isEmpty(), qPrintable(m_setup->problem()));

        QTest::mouseClick(m_page->methodCard(ls::LoraMethod::QLora)->radioButton(), Qt::LeftButton);
        QCOMPARE(m_setup->config().lora.method, ls::LoraMethod::QLora);
        QCOMPARE(m_setup->config().streamedLayers, qint64(0));
        QVERIFY2(m_setup->problem().isEmpty(), qPrintable(m_setup->problem()));  // no QLoRA with streaming
        QVERIFY(!streamed->isEnabled());
        QCOMPARE(streamed->value(), 6);
        QCOMPARE(qint64(m_page->estimates()[0].hostWeights), table);
        QVERIFY2(subtitle->text().contains(QStringLiteral(" · embedding table in host memory (")),
                 qPrintable(subtitle->text()));
        QTest::mouseClick(m_page->methodCard(ls::LoraMethod::Lora)->radioButton(), Qt::LeftButton);
        QCOMPARE(m_setup->config().streamedLayers, qint64(6));
        QVERIFY(streamed->isEnabled());

        // On the CPU: greyed out and 0 in the config.
        m_page->form()->deviceCombo()->setCurrentIndex(m_page->form()->deviceCombo()->findData(int(ls::Device::CPU)));
        QVERIFY(!streamed->isEnabled());
        QCOMPARE(m_setup->config().streamedLayers, qint64(0));
        QVERIFY2(m_setup->problem().isEmpty(), qPrintable(m_setup->problem()));
        m_page->form()->deviceCombo()->setCurrentIndex(m_page->form()->deviceCombo()->findData(int(ls::Device::CUDA)));
        QCOMPARE(m_setup->config().streamedLayers, qint64(6));

        // The 2-layer fixture streams at most its 2 layers.
        m_setup->setModel(fixtureDir(), m_config, true);
        QCOMPARE(streamed->maximum(), 2);
        QCOMPARE(m_setup->config().streamedLayers, qint64(2));
    }

    // "Fit to GPU memory" with the llama-8b config against a 24 GiB GPU (set for the test; there may be no
    // GPU): LoRA at 2 × 1024 is above 85% of it, so the button shows; a click turns on what ls::fitToMemory
    // picks for that budget, the form and the bars follow, and the line under the button names the change.
    // With 1 GiB nothing fits: the click (here its shortcut) says so and changes nothing, and without
    // QLoRA's hint when QLoRA is chosen. On the CPU, or without a capacity, there is no button.
    void fitToGpuMemory() {
        const ls::ModelConfig big = llama8b();
        const qint64 gpu = qint64(24) << 30;
        m_page->setDeviceCapacityForTesting(gpu);
        m_setup->update([](ls::TrainConfig& c) {
            c.device = ls::Device::CUDA;
            c.lora.method = ls::LoraMethod::Lora;
            c.batchSize = 2;
            c.data.seqLen = 1024;
            c.gradCheckpointing = false;
            c.offloadActivations = false;
            c.streamedLayers = 0;
        });
        m_setup->setModel(QStringLiteral("/models/Llama-3-8B"), big, true);
        QPushButton* button = m_page->fitButton();
        QLabel* message = m_page->fitMessage();
        MemoryBarsPlot* plot = m_page->memoryPlot();
        QCOMPARE(plot->capacity(), gpu);
        QCOMPARE(plot->highlighted(), 0);
        QVERIFY(plot->fitOf(0) != MemoryBarsPlot::Fit::Fits);
        QVERIFY(button->isVisible());
        QVERIFY(
            button->toolTip().startsWith(QStringLiteral("Turn on the cheapest memory savers until the estimate "
                                                        "fits: activation offload, then streaming")));
        QVERIFY(message->isHidden());
        shoot(QStringLiteral("method_page_fit_button"));

        const ls::TrainConfig before = m_setup->config();
        const auto budget = static_cast<int64_t>(MemoryBarsPlot::kTightShare * double(gpu));
        const auto expected = ls::fitToMemory(before, big, budget);
        QVERIFY(expected.has_value());
        QVERIFY(!expected->change.empty());
        QSignalSpy changed(m_setup.get(), &TrainingSetup::changed);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(changed.count(), 1);
        const ls::TrainConfig& after = m_setup->config();
        QCOMPARE(after.offloadActivations, expected->config.offloadActivations);
        QCOMPARE(after.gradCheckpointing, expected->config.gradCheckpointing);
        QCOMPARE(after.streamedLayers, expected->config.streamedLayers);
        QCOMPARE(after.batchSize, 2);
        QCOMPARE(after.data.seqLen, 1024);
        QCOMPARE(after.lora.method, ls::LoraMethod::Lora);
        // The form shows it.
        QCOMPARE(m_page->form()->offloadCheck()->isChecked(), after.offloadActivations);
        QCOMPARE(m_page->form()->checkpointingCheck()->isChecked(), after.gradCheckpointing);
        QCOMPARE(qint64(m_page->form()->streamedLayersSpin()->value()), after.streamedLayers);
        // The chosen bar fits now, and the button has done its job.
        QCOMPARE(plot->bars()[0].total(), qint64(expected->estimate.total()));
        QVERIFY(plot->bars()[0].total() <= budget);
        QVERIFY(plot->fitOf(0) == MemoryBarsPlot::Fit::Fits || plot->fitOf(0) == MemoryBarsPlot::Fit::Tight);
        QVERIFY(!button->isVisible());
        QVERIFY(message->isVisible());
        // Without a translator the page's words are core's.
        QCOMPARE(message->text(), QStringLiteral("Turned on %1: about %2 of %3")
                                      .arg(QString::fromStdString(expected->change),
                                           humanBytes(quint64(expected->estimate.total())), humanBytes(quint64(gpu))));
        QVERIFY2(message->text().contains(QStringLiteral("activation offload")), qPrintable(message->text()));
        shoot(QStringLiteral("method_page_fitted"));
        // Another edit makes the message old news.
        m_page->form()->accumulationSpin()->setValue(m_page->form()->accumulationSpin()->value() + 1);
        QVERIFY(message->isHidden());

        // 1 GiB: nothing fits, nothing changes. The shortcut clicks the button.
        m_page->setDeviceCapacityForTesting(qint64(1) << 30);
        QVERIFY(button->isVisible());
        QCOMPARE(plot->fitOf(0), MemoryBarsPlot::Fit::Exceeds);
        const ls::TrainConfig kept = m_setup->config();
        changed.clear();
        m_page->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
        QTest::keyClick(m_page.get(), Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(message->isVisible());  // a shortcut animates the click: it lands ~100 ms later
        QCOMPARE(changed.count(), 0);
        QCOMPARE(m_setup->config().offloadActivations, kept.offloadActivations);
        QCOMPARE(m_setup->config().gradCheckpointing, kept.gradCheckpointing);
        QCOMPARE(m_setup->config().streamedLayers, kept.streamedLayers);
        QCOMPARE(message->text(), QStringLiteral("Nothing fits in %1: lower the batch size or the sequence length, "
                                                 "or use QLoRA")
                                      .arg(humanBytes(quint64(1) << 30)));
        QTest::mouseClick(m_page->methodCard(ls::LoraMethod::QLora)->radioButton(), Qt::LeftButton);
        QVERIFY(message->isHidden());
        QVERIFY(button->isVisible());
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(message->text(), QStringLiteral("Nothing fits in %1: lower the batch size or the sequence length")
                                      .arg(humanBytes(quint64(1) << 30)));

        // No capacity (no GPU), or the CPU: no button.
        m_page->setDeviceCapacityForTesting(0);
        QVERIFY(!button->isVisible());
        m_page->setDeviceCapacityForTesting(qint64(1) << 30);
        QVERIFY(button->isVisible());
        m_page->form()->deviceCombo()->setCurrentIndex(m_page->form()->deviceCombo()->findData(int(ls::Device::CPU)));
        QCOMPARE(m_setup->config().device, ls::Device::CPU);
        QCOMPARE(plot->fitOf(2), MemoryBarsPlot::Fit::Exceeds);
        QVERIFY(!button->isVisible());
    }

    // Smaller GPUs need more: offload with streamed layers, checkpointing, checkpointing with streamed layers.
    // Each time the page turns on what ls::fitToMemory picks and says it in core's words (no translator here).
    void fitToSmallerGpus() {
        const ls::ModelConfig big = llama8b();
        m_setup->update([](ls::TrainConfig& c) {
            c.device = ls::Device::CUDA;
            c.batchSize = 2;
            c.data.seqLen = 1024;
        });
        m_setup->setModel(QStringLiteral("/models/Llama-3-8B"), big, true);
        QStringList changes;
        for (int gib : {24, 22, 20, 18, 16}) {
            m_setup->update([](ls::TrainConfig& c) {
                c.gradCheckpointing = false;
                c.offloadActivations = false;
                c.streamedLayers = 0;
            });
            const qint64 gpu = qint64(gib) << 30;
            m_page->setDeviceCapacityForTesting(gpu);
            const auto expected = ls::fitToMemory(m_setup->config(), big,
                                                  static_cast<int64_t>(MemoryBarsPlot::kTightShare * double(gpu)));
            QVERIFY(expected.has_value());
            QVERIFY(m_page->fitButton()->isVisible());
            QTest::mouseClick(m_page->fitButton(), Qt::LeftButton);
            QCOMPARE(m_setup->config().offloadActivations, expected->config.offloadActivations);
            QCOMPARE(m_setup->config().gradCheckpointing, expected->config.gradCheckpointing);
            QCOMPARE(m_setup->config().streamedLayers, expected->config.streamedLayers);
            QCOMPARE(m_page->fitMessage()->text(),
                     QStringLiteral("Turned on %1: about %2 of %3")
                         .arg(QString::fromStdString(expected->change), humanBytes(quint64(expected->estimate.total())),
                              humanBytes(quint64(gpu))));
            QVERIFY(m_page->memoryPlot()->fitOf(0) != MemoryBarsPlot::Fit::Exceeds);
            changes << QString::fromStdString(expected->change);
        }
        // The sizes reach each kind of change (24 GiB: offload alone, 16 GiB: checkpointing and streaming).
        QVERIFY2(!changes.filter(QStringLiteral(" and ")).isEmpty(), qPrintable(changes.join(QStringLiteral("; "))));
        QVERIFY2(!changes.filter(QStringLiteral("gradient checkpointing")).isEmpty(),
                 qPrintable(changes.join(QStringLiteral("; "))));
    }

    void fitLabels() {
        using Fit = MemoryBarsPlot::Fit;
        QCOMPARE(MemoryBarsPlot::fitFor(50, 100), Fit::Fits);
        QCOMPARE(MemoryBarsPlot::fitFor(85, 100), Fit::Fits);
        QCOMPARE(MemoryBarsPlot::fitFor(86, 100), Fit::Tight);
        QCOMPARE(MemoryBarsPlot::fitFor(100, 100), Fit::Tight);
        QCOMPARE(MemoryBarsPlot::fitFor(101, 100), Fit::Exceeds);
        QCOMPARE(MemoryBarsPlot::fitFor(101, 0), Fit::Unknown);
        MemoryBarsPlot plot;
        plot.setSegments({"a", "b"});
        plot.setBars({{"x", {40, 10}}, {"y", {80, 10}}, {"z", {100, 20}}});
        plot.setCapacity(100, "GPU");
        QCOMPARE(plot.fitOf(0), Fit::Fits);
        QCOMPARE(plot.fitOf(1), Fit::Tight);
        QCOMPARE(plot.fitOf(2), Fit::Exceeds);
        QVERIFY(plot.capacityOnScale());
        QVERIFY(plot.toCsv().startsWith(QStringLiteral("bar,a,b,total,capacity\nx,40,10,50,100\n")));
    }

    void nothingSelectedIsReported() {
        checkTypes({"q_proj"});
        QVERIFY(m_setup->problem().isEmpty());
        tree()->selectNone();
        QVERIFY(tree()->checkedNames().isEmpty());

        // The setup is marked invalid and the page says why, in one line: selectLoraTargets' own message.
        ls::LoraOptions none = m_setup->config().lora;
        QVERIFY(none.targetModules.empty());
        QString expected;
        try {
            ls::selectLoraTargets(ls::linearModulesFromConfig(m_config, false), none);
        } catch (const std::exception& e) {
            expected = QString::fromUtf8(e.what());
        }
        QVERIFY(!expected.isEmpty());
        QCOMPARE(m_page->targetProblem(), expected);
        QVERIFY(m_page->targetBanner()->isVisible());
        QCOMPARE(m_page->targetBanner()->message(), expected);
        QVERIFY(!expected.contains(QLatin1Char('\n')));
        QVERIFY(!m_setup->problem().isEmpty());
        QCOMPARE(m_page->trainableParams(), qint64(-1));
        QCOMPARE(m_page->memoryPlot()->barCount(), 0);
        shoot(QStringLiteral("method_page_nothing_selected"));

        // Other settings still work, and one module brings everything back.
        m_page->form()->rankSpin()->setValue(4);
        QCOMPARE(m_setup->config().lora.r, 4);
        tree()->typeItem(QStringLiteral("o_proj"))->setCheckState(0, Qt::Checked);
        QVERIFY(!m_page->targetBanner()->isVisible());
        QVERIFY(m_setup->problem().isEmpty());
        QCOMPARE(m_page->trainableParams(), 4 * kO * 2);
        QCOMPARE(m_page->memoryPlot()->barCount(), 3);
    }

    void targetsThatMatchNothingAreReported() {
        QSignalSpy changed(m_setup.get(), &TrainingSetup::changed);
        m_setup->update([](ls::TrainConfig& c) { c.lora.targetModules = {"c_attn"}; });
        QCOMPARE(changed.count(), 1);  // the page does not write back
        QVERIFY(m_page->targetProblem().contains(QStringLiteral("c_attn")));
        QVERIFY(m_page->targetBanner()->isVisible());
        QVERIFY(tree()->checkedNames().isEmpty());
        QCOMPARE(m_page->memoryPlot()->barCount(), 0);
    }

    void followsSetupWithoutFeedback() {
        QSignalSpy changed(m_setup.get(), &TrainingSetup::changed);
        m_setup->update([](ls::TrainConfig& c) {
            c.lora.r = 32;
            c.lora.alpha = 8;
            c.lora.method = ls::LoraMethod::QLora;
            c.lora.targetModules = {"q_proj", "down_proj"};
            c.lora.lastLayer = 0;
            c.lr = 3e-5;
            c.steps = 0;
            c.epochs = 2.5;
            c.batchSize = 2;
            c.gradAccum = 8;
        });
        QCOMPARE(changed.count(), 1);  // no write-back from the page's widgets
        HyperparameterForm* form = m_page->form();
        QCOMPARE(form->rankSpin()->value(), 32);
        QCOMPARE(form->alphaSpin()->value(), 8.0);
        QCOMPARE(form->learningRateEdit()->text(), QStringLiteral("3e-5"));
        QCOMPARE(form->lengthUnitCombo()->currentIndex(), 1);
        QCOMPARE(form->epochsSpin()->value(), 2.5);
        QCOMPARE(form->batchSpin()->value(), 2);
        QCOMPARE(form->accumulationSpin()->value(), 8);
        QVERIFY(m_page->methodCard(ls::LoraMethod::QLora)->isChecked());
        QCOMPARE(tree()->lastLayerSpin()->value(), 0);
        QCOMPARE(tree()->checkedNames(),
                 QStringList({"model.layers.0.self_attn.q_proj", "model.layers.0.mlp.down_proj"}));
        QCOMPARE(m_page->trainableParams(), 32 * (kQ + kDown));
        QCOMPARE(m_page->trainableParams(), engineTrainable());
        QCOMPARE(m_page->memoryPlot()->highlighted(), 2);
    }

    void regexSelectionIsShown() {
        QSignalSpy changed(m_setup.get(), &TrainingSetup::changed);
        m_setup->update([](ls::TrainConfig& c) { c.lora.targetRegex = R"(.*layers\.1\..*\.(q|v)_proj)"; });
        QCOMPARE(changed.count(), 1);
        QCOMPARE(tree()->checkedNames(),
                 QStringList({"model.layers.1.self_attn.q_proj", "model.layers.1.self_attn.v_proj"}));
        QCOMPARE(tree()->typeState(QStringLiteral("q_proj")), Qt::PartiallyChecked);
        QCOMPARE(m_page->trainableParams(), kRank * (kQ + kV));
        // An edit in the tree replaces the regex with a list.
        tree()->typeItem(QStringLiteral("k_proj"))->setCheckState(0, Qt::Checked);
        const ls::LoraOptions& lora = m_setup->config().lora;
        QVERIFY(lora.targetRegex.empty());
        QCOMPARE(lora.targetModules,
                 (std::vector<std::string>{"model.layers.0.self_attn.k_proj", "model.layers.1.self_attn.q_proj",
                                           "model.layers.1.self_attn.k_proj", "model.layers.1.self_attn.v_proj"}));
        QCOMPARE(m_page->trainableParams(), engineTrainable());
    }

    // A folder saved in 4-bit: its decoder linears are Linear4bit and every method trains on the 4-bit base.
    void quantizedFolder() {
        const ls::ModelConfig nf4 = ls::loadModelConfig(LS_FIXTURES_DIR "/models/llama3-bnb-nf4/config.json");
        QVERIFY(nf4.quantization.has_value());
        m_setup->setModel(QStringLiteral(LS_FIXTURES_DIR "/models/llama3-bnb-nf4"), nf4, true);
        QCOMPARE(tree()->modules().first().type, QStringLiteral("Linear4bit"));
        QCOMPARE(tree()->modules().last().type, QStringLiteral("Linear"));  // lm_head
        const auto& bars = m_page->memoryPlot()->bars();
        QCOMPARE(bars.size(), 3);
        QCOMPARE(bars[0].segments[0], bars[2].segments[0]);
        QCOMPARE(m_page->trainableParams(), kRank * kLayerAll * 2);
    }

    void formWritesSetup() {
        HyperparameterForm* form = m_page->form();
        form->rankSpin()->setValue(8);
        QCOMPARE(m_setup->config().lora.r, 8);
        QCOMPARE(m_page->trainableParams(), 8 * kLayerAll * 2);
        form->rsloraCheck()->setChecked(true);
        QVERIFY(m_setup->config().lora.useRslora);

        // The learning rate accepts scientific notation and ignores what does not parse.
        QLineEdit* lr = form->learningRateEdit();
        lr->selectAll();
        QTest::keyClicks(lr, QStringLiteral("1e-3"));
        QCOMPARE(m_setup->config().lr, 1e-3);
        lr->selectAll();
        QTest::keyClicks(lr, QStringLiteral("abc"));
        QCOMPARE(m_setup->config().lr, 1e-3);
        QCOMPARE(HyperparameterForm::formatLearningRate(2e-4), QStringLiteral("2e-4"));
        QCOMPARE(HyperparameterForm::formatLearningRate(1.5e-5), QStringLiteral("1.5e-5"));
        QCOMPARE(HyperparameterForm::formatLearningRate(0.05), QStringLiteral("0.05"));

        form->scheduleCombo()->setCurrentIndex(form->scheduleCombo()->findData(int(ls::LrSchedule::Linear)));
        QCOMPARE(m_setup->config().schedule, ls::LrSchedule::Linear);
        form->warmupSpin()->setValue(25);
        QCOMPARE(m_setup->config().warmupSteps, 25);
        form->lengthUnitCombo()->setCurrentIndex(1);
        QCOMPARE(m_setup->config().steps, 0);
        form->epochsSpin()->setValue(3);
        QCOMPARE(m_setup->config().epochs, 3.0);
        form->lengthUnitCombo()->setCurrentIndex(0);
        QVERIFY(m_setup->config().steps > 0);
        form->accumulationSpin()->setValue(4);
        QCOMPARE(m_setup->config().gradAccum, 4);
        form->evalPercentSpin()->setValue(20);
        QCOMPARE(m_setup->config().data.evalFraction, 0.2);
        form->dropoutSpin()->setValue(0.1);
        QCOMPARE(m_setup->config().lora.dropout, 0.1);
        QVERIFY(m_setup->problem().isEmpty());

        // Values the spin boxes would round survive edits of other fields.
        m_setup->update([](ls::TrainConfig& c) {
            c.data.evalFraction = 0.12345;
            c.lora.alpha = 12.3456;
            c.lr = 1.23456e-4;
        });
        form->batchSpin()->setValue(3);
        QCOMPARE(m_setup->config().batchSize, 3);
        QCOMPARE(m_setup->config().data.evalFraction, 0.12345);
        QCOMPARE(m_setup->config().lora.alpha, 12.3456);
        QCOMPARE(m_setup->config().lr, 1.23456e-4);
        // ...and a field edited away and back is written both times.
        form->alphaSpin()->setValue(20);
        QCOMPARE(m_setup->config().lora.alpha, 20.0);
        form->alphaSpin()->setValue(32);
        QCOMPARE(m_setup->config().lora.alpha, 32.0);

        // Without CUDA the CUDA entry is there but disabled, and says why.
        auto* devices = qobject_cast<QStandardItemModel*>(form->deviceCombo()->model());
        QVERIFY(devices);
        QCOMPARE(devices->item(1)->isEnabled(), ls::cudaAvailable());
        if (!ls::cudaAvailable()) QVERIFY(!devices->item(1)->toolTip().isEmpty());
    }

    // A Llama-3-8B-shaped config (no weights needed): the tree starts collapsed, the axis is in GiB, the
    // count is PEFT's well-known 41,943,040 for r 16 on all linear layers, and the 4-bit base is smallest.
    void largeModel() {
        const ls::ModelConfig big = llama8b();
        m_setup->update([](ls::TrainConfig& c) {
            c.data.seqLen = 1024;
            c.gradCheckpointing = true;
            c.lora.method = ls::LoraMethod::QLora;
        });
        m_setup->setModel(QStringLiteral("/models/Llama-3-8B"), big, true);
        QCOMPARE(tree()->layerCount(), 32);
        QCOMPARE(tree()->modules().size(), 7 * 32 + 1);
        QVERIFY(!tree()->typeItem(QStringLiteral("q_proj"))->isExpanded());
        QCOMPARE(tree()->typeState(QStringLiteral("down_proj")), Qt::Checked);
        QCOMPARE(m_page->trainableParams(), qint64(41'943'040));
        MemoryBarsPlot* plot = m_page->memoryPlot();
        QCOMPARE(plot->unitName(), QStringLiteral("GiB"));
        QCOMPARE(plot->highlighted(), 2);
        QVERIFY(plot->bars()[2].segments[0] * 3 < plot->bars()[0].segments[0]);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(plot->fitOf(i), MemoryBarsPlot::fitFor(plot->bars()[i].total(), physicalMemoryBytes()));
        shoot(QStringLiteral("method_page_llama8b"));

        // The same bars against an 80 GiB GPU, as the widget draws them with a capacity on the scale.
        MemoryBarsPlot gpu;
        gpu.resize(420, 420);
        gpu.setSegments(plot->segments());
        gpu.setBars(plot->bars());
        gpu.setCapacity(qint64(80) << 30, QStringLiteral("GPU"));
        gpu.setHighlighted(2);
        gpu.show();
        QVERIFY(QTest::qWaitForWindowExposed(&gpu));
        QVERIFY(gpu.capacityOnScale());
        QTest::qWait(50);
        QVERIFY(gpu.grab().save(shotPath(QStringLiteral("memory_bars_80gib"))));
    }

    void screenshot() {
        shoot(QStringLiteral("method_page"));
        // As inside the main window (navigation on the left).
        m_page->resize(1010, 700);
        shoot(QStringLiteral("method_page_small"));
        m_page->resize(kShotSize);
        QTest::mouseClick(m_page->methodCard(ls::LoraMethod::LoraFa)->radioButton(), Qt::LeftButton);
        checkTypes({"q_proj", "v_proj"});
        tree()->typeItem(QStringLiteral("q_proj"))->setExpanded(true);
        shoot(QStringLiteral("method_page_lora_fa"));
    }
};

QTEST_MAIN(TestMethodPage)
#include "test_method_page.moc"
