#include "plot_export.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>

#include <qcustomplot.h>

#ifdef LS_HAVE_QT_SVG
#include <QSvgGenerator>
#endif

namespace ls::gui {

namespace {

QString lastDir;  // the folder of the last export, for the next dialog (GUI thread only)

QString suggestedPath(const QString& baseName, const QString& suffix) {
    const QString dir = lastDir.isEmpty() ? QDir::homePath() : lastDir;
    return QDir(dir).filePath(baseName + QLatin1Char('.') + suffix);
}

}  // namespace

bool PlotExport::svgExportAvailable() {
#ifdef LS_HAVE_QT_SVG
    return true;
#else
    return false;
#endif
}

QStringList PlotExport::plotImageFilters() {
    QStringList filters{tr("PNG image (*.png)")};
    if (svgExportAvailable()) filters << tr("SVG vector image (*.svg)");
    filters << tr("PDF document (*.pdf)");
    return filters;
}

bool PlotExport::savePlotImage(QCustomPlot* plot, const QString& path, QString* error) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    const int w = plot->width();
    const int h = plot->height();
    bool ok = false;
    if (suffix == QLatin1String("png")) {
        ok = plot->savePng(path, w, h, 2.0);
    } else if (suffix == QLatin1String("pdf")) {
        ok = plot->savePdf(path, w, h);
    } else if (suffix == QLatin1String("svg") && svgExportAvailable()) {
#ifdef LS_HAVE_QT_SVG
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(QSize(w, h));
        generator.setViewBox(QRect(0, 0, w, h));
        generator.setTitle(plot->objectName());
        QCPPainter painter;
        if (painter.begin(&generator)) {
            plot->toPainter(&painter, w, h);
            ok = painter.end();
        }
        ok = ok && QFileInfo(path).size() > 0;
#endif
    } else {
        *error = tr("%1: unsupported image format \"%2\" (use %3)")
                     .arg(QDir::toNativeSeparators(path), suffix,
                          svgExportAvailable() ? QStringLiteral("png, svg, pdf") : QStringLiteral("png, pdf"));
        return false;
    }
    if (!ok) *error = tr("%1: could not write the image").arg(QDir::toNativeSeparators(path));
    return ok;
}

bool PlotExport::saveTextFile(const QString& path, const QString& text, QString* error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        *error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    file.write(text.toUtf8());
    if (!file.commit()) {
        *error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

void PlotExport::installPlotExportMenu(QCustomPlot* plot, const QString& baseName, std::function<QString()> csv) {
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(plot, &QWidget::customContextMenuRequested, plot, [plot, baseName, csv](const QPoint& pos) {
        QMenu menu(plot);
        menu.addAction(tr("Save Image…"), plot, [plot, baseName] {
            QString filter;
            const QString path = QFileDialog::getSaveFileName(plot, tr("Save Plot Image"),
                                                              suggestedPath(baseName, QStringLiteral("png")),
                                                              plotImageFilters().join(QStringLiteral(";;")), &filter);
            if (path.isEmpty()) return;
            lastDir = QFileInfo(path).absolutePath();
            QString error;
            if (!savePlotImage(plot, path, &error)) QMessageBox::warning(plot, tr("Save Plot Image"), error);
        });
        menu.addAction(tr("Save Data as CSV…"), plot, [plot, baseName, csv] {
            const QString path = QFileDialog::getSaveFileName(
                plot, tr("Save Plot Data"), suggestedPath(baseName, QStringLiteral("csv")), tr("CSV file (*.csv)"));
            if (path.isEmpty()) return;
            lastDir = QFileInfo(path).absolutePath();
            QString error;
            if (!saveTextFile(path, csv(), &error)) QMessageBox::warning(plot, tr("Save Plot Data"), error);
        });
        menu.exec(plot->mapToGlobal(pos));
    });
}

}  // namespace ls::gui
