// The setup every plot widget shares, in one place so that they look alike.
#pragma once

#include <QSize>
#include <QString>

class QCustomPlot;
class QCPTextElement;
class QWidget;

namespace ls::gui {

// Names the plot (the suggested file name when it is exported), gives it a minimum size and the owner's
// palette base as background, and puts a bold title (empty until set) in a row above the axes.
QCPTextElement* setUpTitledPlot(QCustomPlot* plot, const QWidget* owner, const QString& objectName, QSize minimum);

}  // namespace ls::gui
