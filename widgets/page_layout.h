// The frame every page shares: its outer margins and spacing, and splitters whose panes keep a minimum size.
#pragma once

#include <QList>
#include <QPair>
#include <Qt>

class QSplitter;
class QVBoxLayout;
class QWidget;

namespace ls::gui {

// The page's top-level column, with the margins all pages use.
QVBoxLayout* pageLayout(QWidget* page, int spacing = 10);

// A splitter of `panes`, each with its stretch factor, none of which can be dragged shut.
QSplitter* paneSplitter(Qt::Orientation orientation, const QList<QPair<QWidget*, int>>& panes);

}  // namespace ls::gui
