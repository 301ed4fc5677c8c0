#include "navigation_bar.h"

#include <QPainter>

namespace ls::gui {

NavigationBar::NavigationBar(QWidget* parent) : QListWidget(parent) {
    setObjectName(QStringLiteral("navigationBar"));
    setIconSize(QSize(22, 22));
    setSelectionMode(QAbstractItemView::SingleSelection);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFrameShape(QFrame::NoFrame);
    setSpacing(1);
    setStyleSheet(QStringLiteral(
        "#navigationBar { background: palette(window); border-right: 1px solid palette(mid);"
        " padding: 8px 6px; outline: 0; }"
        "#navigationBar::item { padding: 8px 10px; border-radius: 6px; color: palette(text); }"
        "#navigationBar::item:hover { background: palette(alternate-base); }"
        "#navigationBar::item:selected { background: palette(highlight); color: palette(highlighted-text); }"));
    connect(this, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0) Q_EMIT pageChanged(row);
    });
}

namespace {

// The icon recolored for the selected row, so it stays readable on the highlight color.
QIcon withSelectedTint(const QIcon& icon, const QColor& color, const QSize& size) {
    QIcon out = icon;
    for (int scale : {1, 2}) {
        QPixmap pixmap = icon.pixmap(size * scale);
        if (pixmap.isNull()) continue;
        QPainter painter(&pixmap);
        painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
        painter.fillRect(pixmap.rect(), color);
        painter.end();
        out.addPixmap(pixmap, QIcon::Selected);
    }
    return out;
}

}  // namespace

int NavigationBar::addPage(const QIcon& icon, const QString& title, const QString& toolTip) {
    auto* item = new QListWidgetItem(withSelectedTint(icon, palette().color(QPalette::HighlightedText), iconSize()),
                                     title, this);
    item->setToolTip(toolTip);
    item->setSizeHint(QSize(0, 40));
    return row(item);
}

void NavigationBar::setCurrentPage(int index) {
    if (index >= 0 && index < count()) setCurrentRow(index);
}

QSize NavigationBar::sizeHint() const {
    int width = 0;
    const QFontMetrics metrics(font());
    for (int i = 0; i < count(); ++i) width = qMax(width, metrics.horizontalAdvance(item(i)->text()));
    return {width + iconSize().width() + 64, QListWidget::sizeHint().height()};
}

}  // namespace ls::gui
