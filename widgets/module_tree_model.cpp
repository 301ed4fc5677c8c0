#include "module_tree_model.h"

#include <QFont>
#include <QLocale>

#include "format.h"

namespace ls::gui {

struct ModuleTreeModel::Item {
    QString name;
    QString label;
    QString type;
    qint64 params = 0;
    QVector<qint64> shape;
    Item* parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Item>> children;
};

namespace {

QString lastComponent(const QString& dotted) {
    const int dot = dotted.lastIndexOf(QLatin1Char('.'));
    return dot < 0 ? dotted : dotted.mid(dot + 1);
}

}  // namespace

ModuleTreeModel::ModuleTreeModel(QObject* parent) : QAbstractItemModel(parent), m_invisibleRoot(new Item) {}

ModuleTreeModel::~ModuleTreeModel() = default;

void ModuleTreeModel::setRoot(const ModuleTreeNode& root, const QString& rootLabel) {
    beginResetModel();
    m_invisibleRoot = std::make_unique<Item>();
    m_moduleCount = 0;
    // An explicit stack instead of recursion: big models have tens of thousands of modules.
    struct Pending {
        const ModuleTreeNode* node;
        Item* parent;
    };
    std::vector<Pending> stack{{&root, m_invisibleRoot.get()}};
    while (!stack.empty()) {
        const Pending p = stack.back();
        stack.pop_back();
        auto item = std::make_unique<Item>();
        item->name = p.node->name;
        item->label = p.node->name.isEmpty() ? rootLabel : lastComponent(p.node->name);
        item->type = p.node->type;
        item->params = p.node->params;
        item->shape = p.node->shape;
        item->parent = p.parent;
        item->row = static_cast<int>(p.parent->children.size());
        Item* raw = item.get();
        p.parent->children.push_back(std::move(item));
        ++m_moduleCount;
        // Push in reverse so children keep their order.
        for (auto it = p.node->children.rbegin(); it != p.node->children.rend(); ++it) stack.push_back({&*it, raw});
    }
    endResetModel();
}

void ModuleTreeModel::clear() {
    beginResetModel();
    m_invisibleRoot = std::make_unique<Item>();
    m_moduleCount = 0;
    endResetModel();
}

qint64 ModuleTreeModel::totalParams() const {
    qint64 total = 0;
    for (const auto& child : m_invisibleRoot->children) total += child->params;
    return total;
}

int ModuleTreeModel::moduleCount() const { return m_moduleCount; }

const ModuleTreeModel::Item* ModuleTreeModel::itemAt(const QModelIndex& index) const {
    return index.isValid() ? static_cast<const Item*>(index.internalPointer()) : m_invisibleRoot.get();
}

QModelIndex ModuleTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0)) return {};
    const Item* p = itemAt(parent);
    if (row < 0 || row >= static_cast<int>(p->children.size())) return {};
    return createIndex(row, column, p->children[static_cast<size_t>(row)].get());
}

QModelIndex ModuleTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) return {};
    const Item* item = itemAt(child);
    Item* p = item->parent;
    if (p == nullptr || p == m_invisibleRoot.get()) return {};
    return createIndex(p->row, 0, p);
}

int ModuleTreeModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0) return 0;
    return static_cast<int>(itemAt(parent)->children.size());
}

int ModuleTreeModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant ModuleTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const Item* item = itemAt(index);
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case NameColumn: return item->label;
                case TypeColumn: return item->type;
                case ParamsColumn: return humanCount(item->params);
                case ShapeColumn: return shapeText(item->shape);
            }
            break;
        case Qt::ToolTipRole: {
            if (index.column() == ParamsColumn) {
                const qint64 total = totalParams();
                if (total > 0 && item->parent != m_invisibleRoot.get()) {
                    return tr("%1 parameters (%2 % of the model)")
                        .arg(exactCount(item->params))
                        .arg(QLocale().toString(100.0 * item->params / total, 'f', 2));
                }
                return tr("%1 parameters").arg(exactCount(item->params));
            }
            return item->name.isEmpty() ? item->label : item->name;
        }
        case Qt::TextAlignmentRole:
            if (index.column() == ParamsColumn) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
            break;
        case Qt::FontRole:
            if (index.column() == ShapeColumn) {
                QFont mono(QStringLiteral("monospace"));
                mono.setStyleHint(QFont::Monospace);
                return mono;
            }
            break;
        case ParamCountRole: return item->params;
        case FullNameRole: return item->name;
    }
    return {};
}

QVariant ModuleTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case NameColumn: return tr("Module");
        case TypeColumn: return tr("Type");
        case ParamsColumn: return tr("Parameters");
        case ShapeColumn: return tr("Weight shape");
    }
    return {};
}

}  // namespace ls::gui
