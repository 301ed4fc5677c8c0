// Saving QCustomPlot plots as images (PNG, SVG where Qt Svg is available, PDF) and their data as CSV,
// and a context menu that offers both. Plain functions; the plot widgets use them.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <functional>

class QCustomPlot;
class QWidget;

namespace ls::gui {

class PlotExport {
    Q_DECLARE_TR_FUNCTIONS(ls::gui::PlotExport)
public:
    // True when this build can write SVG (Qt Svg was found).
    static bool svgExportAvailable();
    // File dialog filters for the image formats this build writes, PNG first.
    static QStringList plotImageFilters();
    // Writes the plot at its current size; the format follows the suffix (.png, .svg, .pdf; anything else is
    // refused). On failure returns false and sets *error to one line naming the file.
    static bool savePlotImage(QCustomPlot* plot, const QString& path, QString* error);
    // Writes text atomically (temp file, rename).
    static bool saveTextFile(const QString& path, const QString& text, QString* error);
    // Right-click on `plot` offers "Save image…" and "Save data as CSV…" (csv() is called when chosen).
    // `baseName` is the suggested file name without suffix.
    static void installPlotExportMenu(QCustomPlot* plot, const QString& baseName, std::function<QString()> csv);
};

}  // namespace ls::gui
