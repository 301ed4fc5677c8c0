// A module tree with a filter box: name, type, parameter count and weight shape per module.
#pragma once

#include <QWidget>

#include "module_tree_node.h"

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

namespace ls::gui {

class ModuleTreeModel;

class ModuleTreeView : public QWidget {
    Q_OBJECT
public:
    explicit ModuleTreeView(QWidget* parent = nullptr);

    void setRoot(const ModuleTreeNode& root, const QString& rootLabel);
    void clear();

    ModuleTreeModel* model() const { return m_model; }
    QTreeView* treeView() const { return m_tree; }
    QLineEdit* filterEdit() const { return m_filter; }

Q_SIGNALS:
    // The dotted path of the module the user selected (empty for the root).
    void moduleSelected(const QString& name);

private:
    void applyFilter(const QString& text);
    void expandDefault();
    void updateSummary();

    ModuleTreeModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QTreeView* m_tree;
    QLabel* m_summary;
};

}  // namespace ls::gui
