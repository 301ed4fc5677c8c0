#include "titled_plot.h"

#include <qcustomplot.h>

namespace ls::gui {

QCPTextElement* setUpTitledPlot(QCustomPlot* plot, const QWidget* owner, const QString& objectName, QSize minimum) {
    plot->setObjectName(objectName);
    plot->setMinimumSize(minimum);
    plot->setBackground(owner->palette().base());
    plot->plotLayout()->insertRow(0);
    const QFont base = owner->font();
    auto* title = new QCPTextElement(plot, QString(), QFont(base.family(), base.pointSize(), QFont::Bold));
    plot->plotLayout()->addElement(0, 0, title);
    return title;
}

}  // namespace ls::gui
