// The Playground: one prompt, the base model's and the adapted model's answers side by side (greedy or
// sampled), streamed as they are generated. The adapter comes from a run (the newest by default) or any
// PEFT folder.
#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace ls::gui {

class AppSettings;
class ErrorBanner;
class GenerationWorker;
class TrainingSetup;

class PlaygroundPage : public QWidget {
    Q_OBJECT
public:
    PlaygroundPage(TrainingSetup& setup, AppSettings& settings, QWidget* parent = nullptr);

    void setPrompt(const QString& prompt);
    void setAdapterDir(const QString& dir);  // adds it to the choices and selects it
    QString adapterDir() const;
    void generate();
    bool isGenerating() const;
    QString baseOutput() const;
    QString adaptedOutput() const;
    ErrorBanner* errorBanner() const { return m_banner; }
    void refreshAdapters();

Q_SIGNALS:
    void generationFinished();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void onFinished(const QString& base, const QString& adapted, const QString& error);
    void updateButtons();

    TrainingSetup& m_setup;
    AppSettings& m_settings;
    GenerationWorker* m_worker;
    ErrorBanner* m_banner;
    QPlainTextEdit* m_prompt;
    QComboBox* m_adapter;
    QCheckBox* m_raw;
    QCheckBox* m_sample;
    QSpinBox* m_maxTokens;
    QDoubleSpinBox* m_temperature;
    QPushButton* m_generate;
    QPushButton* m_stop;
    QTextBrowser* m_base;
    QTextBrowser* m_adapted;
    QLabel* m_status;
};

}  // namespace ls::gui
