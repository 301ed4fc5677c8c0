// An item model over a ModuleTreeNode hierarchy: columns name, type, parameters, shape.
// The root is shown as the single top-level row so its parameter count is the model's total.
#pragma once

#include <QAbstractItemModel>
#include <memory>

#include "module_tree_node.h"

namespace ls::gui {

class ModuleTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, TypeColumn, ParamsColumn, ShapeColumn, ColumnCount };
    enum Role {
        ParamCountRole = Qt::UserRole + 1,  // qint64, exact
        FullNameRole,                       // QString, dotted path
    };

    explicit ModuleTreeModel(QObject* parent = nullptr);
    ~ModuleTreeModel() override;

    // rootLabel names the top row (the architecture, say) when the root has no name.
    void setRoot(const ModuleTreeNode& root, const QString& rootLabel);
    void clear();
    qint64 totalParams() const;  // sum over the top-level rows
    int moduleCount() const;     // every row, the root included

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Item;
    const Item* itemAt(const QModelIndex& index) const;

    std::unique_ptr<Item> m_invisibleRoot;
    int m_moduleCount = 0;
};

}  // namespace ls::gui
