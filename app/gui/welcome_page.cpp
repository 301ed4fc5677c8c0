#include "welcome_page.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QShowEvent>
#include <QStyle>
#include <QThread>
#include <QVBoxLayout>

#include "card_frame.h"
#include "demo_launcher.h"
#include "labels.h"

namespace ls::gui {

namespace {

constexpr int kMaxContentWidth = 980;  // longer lines read badly on wide windows

int methodIndex(ls::LoraMethod method) {
    switch (method) {
        case ls::LoraMethod::Lora:
            return 0;
        case ls::LoraMethod::LoraFa:
            return 1;
        case ls::LoraMethod::QLora:
            return 2;
    }
    return 0;
}

// A rounded card: a bold title over a paragraph.
QFrame* methodCard(const QString& title, QLabel* paragraph) {
    QFrame* card = cardFrame(QStringLiteral("welcomeMethod"));
    QLabel* heading = boldLabel(title);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.15);
    heading->setFont(font);
    paragraph->setWordWrap(true);
    paragraph->setTextFormat(Qt::PlainText);
    paragraph->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto* layout = new QVBoxLayout(card);
    layout->setContentsMargins(14, 12, 14, 14);
    layout->setSpacing(6);
    layout->addWidget(heading);
    layout->addWidget(paragraph, 1);
    return card;
}

// One step of setting up one's own run: "2  Method & targets" over a line of explanation.
QWidget* stepItem(int number, const QString& title, const QString& text) {
    auto* item = new QWidget;
    QLabel* heading = boldLabel(QStringLiteral("%1  %2").arg(number).arg(title));
    auto* layout = new QVBoxLayout(item);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(heading);
    layout->addWidget(hintLabel(text), 1, Qt::AlignTop);
    return item;
}

}  // namespace

QString WelcomePage::deviceSentence(const ls::DeviceInfo& device, int cpuCores) {
    if (device.cuda)
        return tr("%1, %2 GB — training will run on the GPU in bf16")
            .arg(QString::fromStdString(device.name))
            .arg(static_cast<double>(device.totalMemory) / 1e9, 0, 'f', 0);
    const QString cores = cpuCores == 1 ? tr("one core") : tr("%1 cores").arg(cpuCores);
    return tr("No CUDA GPU found — training will run on the CPU (%1); the demo run takes well under a minute")
        .arg(cores);
}

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent),
      m_paragraphs{
          new QLabel(tr("Freezes the base model and trains two small low-rank matrices, A and B, beside each chosen "
                        "layer. The base stays in 16 or 32 bits, so it needs the most memory of the three. Pick it when "
                        "the model fits comfortably.")),
          new QLabel(tr("LoRA with A frozen at its random start: only B trains, so half the adapter's gradients and "
                        "optimizer state, and slightly faster steps than LoRA. Pick it when you want the fastest steps; "
                        "when memory runs out, QLoRA or gradient checkpointing save far more.")),
          new QLabel(tr("LoRA on a base quantized to 4-bit NF4 with double quantization: the base takes about a "
                        "quarter of the memory of bf16, at the price of slightly slower steps (every weight is dequantized "
                        "as it is used). Pick it when the model does not fit otherwise.")),
      },
      m_device(new QLabel),
      m_demo(new QPushButton(tr("Try it with the demo model"))),
      m_own(new QPushButton(tr("Set up my own model"))),
      m_problem(new QLabel) {
    const ls::DeviceInfo device = ls::describeDevice();
    const int cores = QThread::idealThreadCount();

    auto* intro =
        hintLabel(tr("Fine-tune a language model on this machine and watch it learn: open a base model, "
                     "choose a method and the layers that get adapters, load your data and follow the "
                     "loss, the memory and the weights live. LoRA Studio trains with three methods:"));

    auto* cards = new QHBoxLayout;
    cards->setSpacing(12);
    cards->addWidget(methodCard(tr("LoRA"), m_paragraphs[0]), 1);
    cards->addWidget(methodCard(tr("LoRA-FA"), m_paragraphs[1]), 1);
    cards->addWidget(methodCard(tr("QLoRA"), m_paragraphs[2]), 1);

    // The device line: an icon and one sentence.
    m_device->setObjectName(QStringLiteral("welcomeDevice"));
    m_device->setText(deviceSentence(device, cores));
    m_device->setTextFormat(Qt::PlainText);
    m_device->setWordWrap(true);
    m_device->setToolTip(
        tr("Detected once at startup. Every page uses this device unless you choose another on "
           "the Method page."));
    auto* deviceIcon = new QLabel;
    deviceIcon->setPixmap(
        style()->standardIcon(device.cuda ? QStyle::SP_DriveHDIcon : QStyle::SP_ComputerIcon).pixmap(20, 20));
    auto* deviceRow = new QHBoxLayout;
    deviceRow->setSpacing(8);
    deviceRow->addWidget(deviceIcon, 0, Qt::AlignTop);
    deviceRow->addWidget(boldLabel(tr("This machine:")), 0, Qt::AlignTop);
    deviceRow->addWidget(m_device, 1);

    // The two ways in; the demo is the prominent one (Ctrl+D, or Enter while it has the focus).
    m_demo->setObjectName(QStringLiteral("welcomeDemo"));
    m_demo->setAutoDefault(true);
    m_demo->setDefault(true);
    const QKeySequence demoKey(Qt::CTRL | Qt::Key_D);
    m_demo->setShortcut(demoKey);
    m_demo->setToolTip(tr("Open the demo model and dataset, set up a short LoRA run and start it (%1)")
                           .arg(demoKey.toString(QKeySequence::NativeText)));
    m_demo->setCursor(Qt::PointingHandCursor);
    m_demo->setStyleSheet(
        QStringLiteral("#welcomeDemo { background: palette(highlight); color: palette(highlighted-text);"
                       " border: none; border-radius: 6px; padding: 10px 22px; font-weight: bold; }"
                       "#welcomeDemo:hover { background: palette(dark); }"
                       "#welcomeDemo:focus { outline: none; }"));
    QFont demoFont = m_demo->font();
    demoFont.setPointSizeF(demoFont.pointSizeF() * 1.15);
    m_demo->setFont(demoFont);
    m_own->setToolTip(tr("Go to the Model page and open a Hugging Face model folder"));
    m_own->setObjectName(QStringLiteral("welcomeOwn"));
    m_own->setAutoDefault(false);
    m_own->setStyleSheet(
        QStringLiteral("#welcomeOwn { background: palette(button); border: 1px solid palette(mid);"
                       " border-radius: 6px; padding: 10px 18px; }"
                       "#welcomeOwn:hover { border-color: palette(highlight); }"));
    m_own->setFont(demoFont);
    connect(m_demo, &QPushButton::clicked, this, &WelcomePage::demoRequested);
    connect(m_own, &QPushButton::clicked, this, &WelcomePage::ownModelRequested);
    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(12);
    buttons->addWidget(m_demo);
    buttons->addWidget(m_own);
    buttons->addStretch(1);

    auto* demoHint = hintLabel(tr("The demo opens the small model that ships with LoRA Studio and its dataset of "
                                  "short questions and answers, and trains a LoRA for %1 steps so that the model "
                                  "learns the dataset's answer format. The Train page plots the loss as it falls; "
                                  "the Playground compares the answers before and after.")
                                   .arg(kDemoSteps));

    // Your own model, step by step: the pages in the sidebar, in order.
    auto* steps = new QHBoxLayout;
    steps->setSpacing(20);
    steps->addWidget(stepItem(1, tr("Model"),
                              tr("Open a Hugging Face folder: config.json, safetensors weights and "
                                 "tokenizer.json.")),
                     1);
    steps->addWidget(stepItem(2, tr("Method & targets"),
                              tr("LoRA, LoRA-FA or QLoRA, the rank and the layers; the "
                                 "memory estimate follows.")),
                     1);
    steps->addWidget(stepItem(3, tr("Data"),
                              tr("A JSON or JSONL file in alpaca, chat or plain-text form, with a "
                                 "preview of what trains.")),
                     1);
    steps->addWidget(stepItem(4, tr("Train"),
                              tr("Live loss, memory and weights; then Runs & export and the "
                                 "Playground.")),
                     1);

    m_problem->setObjectName(QStringLiteral("welcomeProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setStyleSheet(QStringLiteral("#welcomeProblem { color: #c62828; }"));
    m_problem->hide();

    auto* content = new QWidget;
    content->setMaximumWidth(kMaxContentWidth);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(14);
    layout->addWidget(pageTitle(tr("Welcome to LoRA Studio")));
    layout->addWidget(intro);
    layout->addLayout(cards);
    layout->addSpacing(4);
    layout->addLayout(deviceRow);
    layout->addSpacing(4);
    layout->addLayout(buttons);
    layout->addWidget(demoHint);
    layout->addWidget(m_problem);
    layout->addSpacing(10);
    layout->addWidget(boldLabel(tr("With your own model")));
    layout->addLayout(steps);

    auto* centred = new QHBoxLayout;
    centred->setContentsMargins(0, 0, 0, 0);
    centred->addWidget(content, 1);
    centred->addStretch(0);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(20, 16, 20, 16);
    outer->addLayout(centred);
    outer->addStretch(1);
}

QLabel* WelcomePage::methodParagraph(ls::LoraMethod method) const { return m_paragraphs[methodIndex(method)]; }

void WelcomePage::showProblem(const QString& message) {
    m_problem->setText(message);
    m_problem->setVisible(!message.isEmpty());
}

void WelcomePage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    // Enter starts the demo straight away.
    if (!event->spontaneous()) m_demo->setFocus(Qt::OtherFocusReason);
    Q_EMIT shown();
}

}  // namespace ls::gui
