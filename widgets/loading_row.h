// One row for work that runs on a worker: a busy indicator (a spinner, or a progress bar that can show
// "done of total"), a message saying what is being done, and an optional Cancel button. Hidden until
// start(); stop() hides it again and stops the animation.
#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace ls::gui {

class BusyIndicator;

class LoadingRow : public QWidget {
    Q_OBJECT
public:
    enum class Indicator {
        Spinner,      // an indeterminate spinner (BusyIndicator)
        ProgressBar,  // a progress bar: indeterminate after start(), "done of total" after setProgress()
    };

    explicit LoadingRow(Indicator indicator = Indicator::Spinner, QWidget* parent = nullptr);

    // Shows the row with this message (plain text; the tooltip may carry e.g. the full path) and starts
    // the indicator. A progress bar goes back to indeterminate.
    void start(const QString& message, const QString& toolTip = {});
    // Hides the row and stops the indicator.
    void stop();
    bool isActive() const { return m_active; }
    // setVisible(true) starts the indicator with the current message (a progress bar keeps its value);
    // setVisible(false) = stop().
    void setVisible(bool visible) override;

    void setMessage(const QString& message, const QString& toolTip = {});
    QString message() const;
    // Progress-bar rows only: total <= 0 means indeterminate.
    void setProgress(int done, int total);

    // The Cancel button is shown by default; cancelRequested() is emitted when it is clicked.
    void setCancelable(bool cancelable);
    bool isCancelable() const { return m_cancelable; }
    void setCancelToolTip(const QString& toolTip);

    Indicator indicator() const { return m_indicator; }
    BusyIndicator* busyIndicator() const { return m_spinner; }  // null for progress-bar rows
    QProgressBar* progressBar() const { return m_progress; }   // null for spinner rows
    QLabel* messageLabel() const { return m_message; }
    QPushButton* cancelButton() const { return m_cancel; }

Q_SIGNALS:
    void cancelRequested();

private:
    Indicator m_indicator;
    BusyIndicator* m_spinner = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_message;
    QPushButton* m_cancel;
    bool m_active = false;
    bool m_cancelable = true;
};

}  // namespace ls::gui
