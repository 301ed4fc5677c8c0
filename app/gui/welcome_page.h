// The Welcome page, shown on the first start: the three methods in a paragraph each, the device training
// will use, and the two ways in: "Try it with the demo model" (a short LoRA run on the demo model and
// dataset, started at once) and "Set up my own model" (the Model page).
#pragma once

#include <QString>
#include <QWidget>

#include "lorastudio/lora.h"
#include "lorastudio/model.h"

class QLabel;
class QPushButton;

namespace ls::gui {

class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

    // What training will run on: "NVIDIA H200, 141 GB — training will run on the GPU in bf16", or the CPU
    // with its core count. One sentence.
    static QString deviceSentence(const ls::DeviceInfo& device, int cpuCores);

    QLabel* methodParagraph(ls::LoraMethod method) const;
    QLabel* deviceLabel() const { return m_device; }
    QPushButton* demoButton() const { return m_demo; }
    QPushButton* ownModelButton() const { return m_own; }
    QLabel* problemLabel() const { return m_problem; }

    // The demo could not start (no demo dataset, a run already active, ...): one line under the buttons.
    void showProblem(const QString& message);

Q_SIGNALS:
    void demoRequested();
    void ownModelRequested();
    // The page came on screen (the first-run flag is set then).
    void shown();

protected:
    void showEvent(QShowEvent* event) override;

private:
    QLabel* m_paragraphs[3];
    QLabel* m_device;
    QPushButton* m_demo;
    QPushButton* m_own;
    QLabel* m_problem;
};

}  // namespace ls::gui
