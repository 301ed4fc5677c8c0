// A banner shown in place above a page's content: a title, a one-line message that names the file and
// the problem (selectable, so it can be copied), an optional button for the fix, and a dismiss button.
// Hidden until showError().
#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace ls::gui {

class ErrorBanner : public QFrame {
    Q_OBJECT
public:
    explicit ErrorBanner(QWidget* parent = nullptr);

    // `actionText` non-empty: a button with that text, which emits actionTriggered() and hides the banner.
    void showError(const QString& title, const QString& message, const QString& actionText = QString());
    QString title() const;
    QString message() const;
    QToolButton* actionButton() const { return m_action; }

public Q_SLOTS:
    void dismiss();

Q_SIGNALS:
    void dismissed();
    void actionTriggered();

private:
    QLabel* m_icon;
    QLabel* m_title;
    QLabel* m_message;
    QToolButton* m_action;
    QToolButton* m_close;
};

}  // namespace ls::gui
