// A banner shown in place above a page's content: a title, a one-line message that names the file and
// the problem (selectable, so it can be copied), and a dismiss button. Hidden until showError().
#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace ls::gui {

class ErrorBanner : public QFrame {
    Q_OBJECT
public:
    explicit ErrorBanner(QWidget* parent = nullptr);

    void showError(const QString& title, const QString& message);
    QString title() const;
    QString message() const;

public Q_SLOTS:
    void dismiss();

Q_SIGNALS:
    void dismissed();

private:
    QLabel* m_icon;
    QLabel* m_title;
    QLabel* m_message;
    QToolButton* m_close;
};

}  // namespace ls::gui
