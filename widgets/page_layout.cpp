#include "page_layout.h"

#include <QSplitter>
#include <QVBoxLayout>

namespace ls::gui {

QVBoxLayout* pageLayout(QWidget* page, int spacing) {
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(20, 16, 20, 16);
    layout->setSpacing(spacing);
    return layout;
}

QSplitter* paneSplitter(Qt::Orientation orientation, const QList<QPair<QWidget*, int>>& panes) {
    auto* splitter = new QSplitter(orientation);
    splitter->setChildrenCollapsible(false);
    for (int i = 0; i < panes.size(); ++i) {
        splitter->addWidget(panes[i].first);
        splitter->setStretchFactor(i, panes[i].second);
    }
    return splitter;
}

}  // namespace ls::gui
