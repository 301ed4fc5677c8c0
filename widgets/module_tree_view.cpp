#include "module_tree_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>
#include <functional>

#include "format.h"
#include "module_tree_model.h"

namespace ls::gui {

ModuleTreeView::ModuleTreeView(QWidget* parent)
    : QWidget(parent),
      m_model(new ModuleTreeModel(this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_filter(new QLineEdit),
      m_tree(new QTreeView),
      m_summary(new QLabel) {
    m_proxy->setSourceModel(m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setFilterRole(ModuleTreeModel::FullNameRole);
    m_proxy->setFilterKeyColumn(ModuleTreeModel::NameColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setPlaceholderText(tr("Filter modules, e.g. q_proj or layers.0"));
    m_filter->setToolTip(tr("Show only modules whose dotted path contains this text"));
    m_filter->setClearButtonEnabled(true);

    m_tree->setModel(m_proxy);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setToolTip(tr("The model's modules with the parameters each holds (its own and below)"));
    QHeaderView* header = m_tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(ModuleTreeModel::NameColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(ModuleTreeModel::TypeColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ModuleTreeModel::ParamsColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ModuleTreeModel::ShapeColumn, QHeaderView::ResizeToContents);
    header->setMinimumSectionSize(70);

    m_summary->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_summary);

    connect(m_filter, &QLineEdit::textChanged, this, &ModuleTreeView::applyFilter);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    Q_EMIT moduleSelected(current.data(ModuleTreeModel::FullNameRole).toString());
            });
    updateSummary();
}

void ModuleTreeView::setRoot(const ModuleTreeNode& root, const QString& rootLabel) {
    m_model->setRoot(root, rootLabel);
    applyFilter(m_filter->text());
    updateSummary();
}

void ModuleTreeView::clear() {
    m_model->clear();
    updateSummary();
}

void ModuleTreeView::applyFilter(const QString& text) {
    m_proxy->setFilterRegularExpression(
        QRegularExpression(QRegularExpression::escape(text.trimmed()), QRegularExpression::CaseInsensitiveOption));
    if (text.trimmed().isEmpty())
        expandDefault();
    else
        m_tree->expandAll();
}

void ModuleTreeView::expandDefault() {
    // Three levels: for a Llama model the root, "model" and its "layers" list, each layer still collapsed.
    // Enough to see the structure without a wall of projections.
    m_tree->collapseAll();
    std::function<void(const QModelIndex&, int)> expand = [&](const QModelIndex& index, int depth) {
        if (depth == 0 || !index.isValid()) return;
        m_tree->expand(index);
        for (int r = 0; r < m_proxy->rowCount(index); ++r) expand(m_proxy->index(r, 0, index), depth - 1);
    };
    expand(m_proxy->index(0, 0), 3);
}

void ModuleTreeView::updateSummary() {
    if (m_model->moduleCount() == 0) {
        m_summary->setText(tr("No model loaded"));
        return;
    }
    m_summary->setText(tr("%Ln modules, %1 parameters in total", nullptr, m_model->moduleCount())
                           .arg(exactCount(m_model->totalParams())));
}

}  // namespace ls::gui
