// A page whose feature has not arrived yet: an icon, a title, what the page will do and what it waits for.
// Deliberately no controls, so nothing pretends to work.
#pragma once

#include <QIcon>
#include <QWidget>

class QLabel;

namespace ls::gui {

class PlaceholderPage : public QWidget {
    Q_OBJECT
public:
    PlaceholderPage(const QIcon& icon, const QString& title, const QString& purpose, const QString& status,
                    QWidget* parent = nullptr);

    QString title() const;
    QString purpose() const;
    QString status() const;

private:
    QLabel* m_title;
    QLabel* m_purpose;
    QLabel* m_status;
};

}  // namespace ls::gui
