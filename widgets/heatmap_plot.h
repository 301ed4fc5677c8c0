// A heatmap of rows x columns (e.g. decoder layers x module types) coloured by one value per cell, with a
// colour scale, axis labels, the value written in each cell when they are few, a tooltip on hover and a
// selectable cell. Plain data in (missing cells are NaN), cellClicked out. Exports as image and CSV.
#pragma once

#include <QStringList>
#include <QVector>
#include <QWidget>

class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QCPTextElement;
class QCustomPlot;

namespace ls::gui {

class HeatmapPlot : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapPlot(QWidget* parent = nullptr);
    ~HeatmapPlot() override;

    // values: rows x columns, row-major; NaN leaves a cell blank. The colour range is [low, high]; when low >=
    // high it is taken from the data.
    void setData(const QStringList& rowLabels, const QStringList& columnLabels, const QVector<double>& values,
                 double low = 0.0, double high = 0.0);
    void clear();
    void setTitle(const QString& title);
    void setAxisLabels(const QString& rows, const QString& columns);
    void setValueLabel(const QString& label);  // the colour scale's label
    // Highlights a cell (row, column); -1 clears the highlight.
    void setSelectedCell(int row, int column);

    int rowCount() const { return m_rows.size(); }
    int columnCount() const { return m_columns.size(); }
    double value(int row, int column) const;
    int selectedRow() const { return m_selRow; }
    int selectedColumn() const { return m_selColumn; }
    QString title() const;
    QCustomPlot* plot() const { return m_plot; }
    // "row,col1,col2,..." header then one line per row; empty cells are empty fields.
    QString toCsv() const;
    // The cell under a widget position of the plot, or false.
    bool cellAt(const QPoint& pos, int* row, int* column) const;

Q_SIGNALS:
    void cellClicked(int row, int column);

private:
    void rebuild();
    void updateSelection();
    void showToolTip(const QPoint& pos);

    QCustomPlot* m_plot;
    QCPColorMap* m_map;
    QCPColorScale* m_scale;
    QCPTextElement* m_title;
    QCPItemRect* m_selection;
    QStringList m_rows;
    QStringList m_columns;
    QVector<double> m_values;
    QString m_valueLabel;
    double m_low = 0.0;
    double m_high = 0.0;
    int m_selRow = -1;
    int m_selColumn = -1;
};

}  // namespace ls::gui
