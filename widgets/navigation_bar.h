// The left-side list of pages: icon and title per page, one current page, keyboard and mouse navigation.
#pragma once

#include <QIcon>
#include <QListWidget>

namespace ls::gui {

class NavigationBar : public QListWidget {
    Q_OBJECT
public:
    explicit NavigationBar(QWidget* parent = nullptr);

    // Returns the index of the new entry. toolTip is shown on hover.
    int addPage(const QIcon& icon, const QString& title, const QString& toolTip);
    int currentPage() const { return currentRow(); }
    void setCurrentPage(int index);
    QSize sizeHint() const override;

Q_SIGNALS:
    void pageChanged(int index);
};

}  // namespace ls::gui
