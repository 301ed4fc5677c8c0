#include "target_tree.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace ls::gui {

namespace {

QString shapeText(qint64 in, qint64 out) { return TargetTree::tr("%1 → %2").arg(in).arg(out); }

QString partText(TargetTree::Part part) {
    switch (part) {
        case TargetTree::Part::Attention:
            return TargetTree::tr("attention");
        case TargetTree::Part::Mlp:
            return TargetTree::tr("MLP");
        case TargetTree::Part::Other:
            break;
    }
    return TargetTree::tr("output");
}

// Up to this many modules the tree starts expanded.
constexpr int kExpandedModules = 40;

bool itemEnabled(const QTreeWidgetItem* item) { return item->flags() & Qt::ItemIsEnabled; }

}  // namespace

TargetTree::TargetTree(QWidget* parent)
    : QWidget(parent),
      m_allLinear(new QPushButton(tr("All linear"))),
      m_attention(new QPushButton(tr("Attention"))),
      m_mlp(new QPushButton(tr("MLP"))),
      m_none(new QPushButton(tr("None"))),
      m_first(new QSpinBox),
      m_last(new QSpinBox),
      m_layerCountLabel(new QLabel),
      m_tree(new QTreeWidget) {
    m_allLinear->setToolTip(tr("Every linear module of the decoder layers (PEFT's \"all-linear\"); lm_head stays off"));
    m_attention->setToolTip(tr("Only the attention projections: q, k, v and o"));
    m_mlp->setToolTip(tr("Only the MLP projections: gate, up and down"));
    m_none->setToolTip(tr("Clear the selection"));
    connect(m_allLinear, &QPushButton::clicked, this, &TargetTree::selectAllLinear);
    connect(m_attention, &QPushButton::clicked, this, [this] { selectPart(Part::Attention); });
    connect(m_mlp, &QPushButton::clicked, this, [this] { selectPart(Part::Mlp); });
    connect(m_none, &QPushButton::clicked, this, &TargetTree::selectNone);

    const QString rangeTip =
        tr("Only decoder layers in this range get adapters (both ends included). A range that "
           "leaves out layers also leaves out lm_head.");
    m_first->setToolTip(rangeTip);
    m_last->setToolTip(rangeTip);
    m_first->setAccessibleName(tr("First layer"));
    m_last->setAccessibleName(tr("Last layer"));
    connect(m_first, &QSpinBox::valueChanged, this, [this] { onRangeEdited(true); });
    connect(m_last, &QSpinBox::valueChanged, this, [this] { onRangeEdited(false); });
    m_layerCountLabel->setForegroundRole(QPalette::PlaceholderText);

    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Module"), tr("in → out")});
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::NoSelection);
    m_tree->setFocusPolicy(Qt::StrongFocus);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    connect(m_tree, &QTreeWidget::itemChanged, this, &TargetTree::onItemChanged);

    auto* quick = new QHBoxLayout;
    quick->setSpacing(6);
    quick->addWidget(m_allLinear);
    quick->addWidget(m_attention);
    quick->addWidget(m_mlp);
    quick->addWidget(m_none);
    quick->addStretch(1);

    auto* fromLabel = new QLabel(tr("Layers"));
    fromLabel->setBuddy(m_first);
    auto* toLabel = new QLabel(tr("to"));
    toLabel->setBuddy(m_last);
    auto* range = new QHBoxLayout;
    range->setSpacing(6);
    range->addWidget(fromLabel);
    range->addWidget(m_first);
    range->addWidget(toLabel);
    range->addWidget(m_last);
    range->addWidget(m_layerCountLabel);
    range->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addLayout(quick);
    layout->addLayout(range);
    layout->addWidget(m_tree, 1);
    clear();
}

QString TargetTree::shortName(const QString& name) { return name.mid(name.lastIndexOf(QLatin1Char('.')) + 1); }

TargetTree::Part TargetTree::partOf(const Module& module) {
    const QStringList parts = module.name.split(QLatin1Char('.'));
    if (module.layer < 0 || parts.size() < 2) return Part::Other;
    const QString& block = parts.at(parts.size() - 2);
    if (block == QLatin1String("self_attn") || block == QLatin1String("attn") || block == QLatin1String("attention"))
        return Part::Attention;
    if (block == QLatin1String("mlp") || block == QLatin1String("feed_forward") || block == QLatin1String("ffn"))
        return Part::Mlp;
    return Part::Other;
}

void TargetTree::clear() { setModules({}); }

void TargetTree::setModules(const QVector<Module>& modules) {
    m_syncing = true;
    m_tree->clear();
    m_modules = modules;
    m_typeOrder.clear();
    m_typeItems.clear();
    m_moduleItems.clear();
    m_moduleIndex.clear();
    m_layerCount = 0;
    for (const Module& m : modules) m_layerCount = std::max(m_layerCount, m.layer + 1);

    // Module types in first-seen order; layerless modules (lm_head) are leaves at the top.
    QHash<QString, QString> typeShape;  // type -> its shape, "" when the layers differ
    for (int i = 0; i < modules.size(); ++i) {
        const Module& m = modules[i];
        m_moduleIndex.insert(m.name, i);
        const QString key = m.layer < 0 ? m.name : shortName(m.name);
        QTreeWidgetItem* top = m_typeItems.value(key);
        if (!top) {
            top = new QTreeWidgetItem(m_tree, {key, shapeText(m.inFeatures, m.outFeatures)});
            top->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            top->setCheckState(0, Qt::Unchecked);
            m_typeItems.insert(key, top);
            m_typeOrder << key;
            typeShape.insert(key, top->text(1));
        }
        if (m.layer < 0) {
            top->setData(0, Qt::UserRole, m.name);
            top->setToolTip(0, tr("%1 (%2, %3), outside the decoder layers").arg(m.name, m.type, top->text(1)));
            m_moduleItems.insert(m.name, top);
            continue;
        }
        auto* child = new QTreeWidgetItem(top, {tr("layer %1").arg(m.layer), shapeText(m.inFeatures, m.outFeatures)});
        child->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        child->setCheckState(0, Qt::Unchecked);
        child->setData(0, Qt::UserRole, m.name);
        child->setToolTip(0, tr("%1 (%2 %3)").arg(m.name, m.type, child->text(1)));
        m_moduleItems.insert(m.name, child);
        if (typeShape.value(key) != child->text(1)) typeShape[key].clear();
        top->setToolTip(0, tr("%1 (%2), one per decoder layer: check it to adapt it in every layer of the range")
                               .arg(key, partText(partOf(m))));
    }
    for (auto it = typeShape.cbegin(); it != typeShape.cend(); ++it) {
        QTreeWidgetItem* top = m_typeItems.value(it.key());
        if (top->childCount() > 0 && it.value().isEmpty()) top->setText(1, tr("mixed"));
        // A small model shows its layers right away; a large one starts with the types only.
        top->setExpanded(modules.size() <= kExpandedModules);
    }

    const QSignalBlocker blockFirst(m_first), blockLast(m_last);
    const int maxLayer = std::max(0, m_layerCount - 1);
    m_first->setRange(0, maxLayer);
    m_last->setRange(0, maxLayer);
    m_first->setValue(0);
    m_last->setValue(maxLayer);
    m_layerCountLabel->setText(tr("of %1").arg(m_layerCount));
    for (QWidget* w :
         {static_cast<QWidget*>(m_first), static_cast<QWidget*>(m_last), static_cast<QWidget*>(m_allLinear),
          static_cast<QWidget*>(m_attention), static_cast<QWidget*>(m_mlp), static_cast<QWidget*>(m_none)})
        w->setEnabled(!modules.isEmpty());
    applyRange();
    refreshTypeStates();
    m_syncing = false;
}

const TargetTree::Module* TargetTree::moduleOf(const QTreeWidgetItem* item) const {
    const QString name = item->data(0, Qt::UserRole).toString();
    if (name.isEmpty()) return nullptr;
    const auto it = m_moduleIndex.constFind(name);
    return it == m_moduleIndex.cend() ? nullptr : &m_modules[*it];
}

int TargetTree::firstLayer() const { return m_first->value(); }

int TargetTree::lastLayer() const { return m_last->value(); }

bool TargetTree::hasFullLayerRange() const { return firstLayer() == 0 && lastLayer() >= m_layerCount - 1; }

bool TargetTree::inRange(const Module& module) const {
    if (module.layer < 0) return hasFullLayerRange();
    return module.layer >= firstLayer() && module.layer <= lastLayer();
}

Qt::CheckState TargetTree::typeState(const QString& type) const {
    const QTreeWidgetItem* item = m_typeItems.value(type);
    return item ? item->checkState(0) : Qt::Unchecked;
}

QStringList TargetTree::checkedNames() const {
    QStringList out;
    for (const Module& m : m_modules) {
        const QTreeWidgetItem* item = m_moduleItems.value(m.name);
        if (item && item->checkState(0) == Qt::Checked) out << m.name;
    }
    return out;
}

void TargetTree::setLayerRange(int first, int last) {
    const int maxLayer = std::max(0, m_layerCount - 1);
    first = std::clamp(first, 0, maxLayer);
    last = std::clamp(last, first, maxLayer);
    const bool wasSyncing = m_syncing;
    m_syncing = true;
    {
        const QSignalBlocker blockFirst(m_first), blockLast(m_last);
        m_first->setValue(first);
        m_last->setValue(last);
    }
    applyRange();
    refreshTypeStates();
    m_syncing = wasSyncing;
}

void TargetTree::setCheckedNames(const QStringList& names) {
    const QSet<QString> wanted(names.cbegin(), names.cend());
    int first = firstLayer(), last = lastLayer();
    for (const Module& m : m_modules) {
        if (!wanted.contains(m.name)) continue;
        if (m.layer < 0) {
            first = 0;
            last = m_layerCount - 1;
        } else {
            first = std::min(first, m.layer);
            last = std::max(last, m.layer);
        }
    }
    m_syncing = true;
    setLayerRange(first, last);
    for (const Module& m : m_modules) {
        if (QTreeWidgetItem* item = m_moduleItems.value(m.name))
            item->setCheckState(0, wanted.contains(m.name) ? Qt::Checked : Qt::Unchecked);
    }
    refreshTypeStates();
    m_syncing = false;
}

void TargetTree::selectAllLinear() {
    selectWhere([](const Module& m) { return m.layer >= 0; });
}

void TargetTree::selectPart(Part part) {
    selectWhere([part](const Module& m) { return partOf(m) == part; });
}

void TargetTree::selectNone() {
    selectWhere([](const Module&) { return false; });
}

void TargetTree::selectWhere(const std::function<bool(const Module&)>& wanted) {
    m_syncing = true;
    for (const Module& m : m_modules) {
        if (QTreeWidgetItem* item = m_moduleItems.value(m.name))
            item->setCheckState(0, inRange(m) && wanted(m) ? Qt::Checked : Qt::Unchecked);
    }
    refreshTypeStates();
    m_syncing = false;
    Q_EMIT selectionChanged();
}

void TargetTree::onItemChanged(QTreeWidgetItem* item, int column) {
    if (m_syncing || column != 0) return;
    m_syncing = true;
    if (item->childCount() > 0) {
        // A type: every layer of the range follows it (a click on a partial type checks it).
        const Qt::CheckState state = item->checkState(0) == Qt::Unchecked ? Qt::Unchecked : Qt::Checked;
        for (int i = 0; i < item->childCount(); ++i) {
            QTreeWidgetItem* child = item->child(i);
            if (itemEnabled(child)) child->setCheckState(0, state);
        }
    }
    refreshTypeStates();
    m_syncing = false;
    Q_EMIT selectionChanged();
}

void TargetTree::onRangeEdited(bool firstMoved) {
    {
        const QSignalBlocker blockFirst(m_first), blockLast(m_last);
        if (m_first->value() > m_last->value()) {
            if (firstMoved)
                m_last->setValue(m_first->value());
            else
                m_first->setValue(m_last->value());
        }
    }
    // Types checked in the whole old range stay checked in the whole new one.
    QStringList full;
    for (const QString& type : m_typeOrder) {
        const QTreeWidgetItem* top = m_typeItems.value(type);
        if (top->childCount() > 0 && top->checkState(0) == Qt::Checked) full << type;
    }
    m_syncing = true;
    applyRange();
    for (const QString& type : full) {
        QTreeWidgetItem* top = m_typeItems.value(type);
        for (int i = 0; i < top->childCount(); ++i)
            if (itemEnabled(top->child(i))) top->child(i)->setCheckState(0, Qt::Checked);
    }
    refreshTypeStates();
    m_syncing = false;
    Q_EMIT selectionChanged();
}

void TargetTree::applyRange() {
    for (const Module& m : m_modules) {
        QTreeWidgetItem* item = m_moduleItems.value(m.name);
        if (!item) continue;
        const bool enabled = inRange(m);
        item->setDisabled(!enabled);
        if (!enabled) item->setCheckState(0, Qt::Unchecked);
        if (m.layer < 0)
            item->setToolTip(
                1, enabled ? QString() : tr("A layer range leaves out %1; choose all layers to adapt it").arg(m.name));
        else
            item->setToolTip(1, enabled ? QString() : tr("Outside the layer range"));
    }
}

void TargetTree::refreshTypeStates() {
    for (const QString& type : m_typeOrder) {
        QTreeWidgetItem* top = m_typeItems.value(type);
        if (top->childCount() == 0) continue;
        int enabled = 0, checked = 0;
        for (int i = 0; i < top->childCount(); ++i) {
            const QTreeWidgetItem* child = top->child(i);
            if (!itemEnabled(child)) continue;
            ++enabled;
            if (child->checkState(0) == Qt::Checked) ++checked;
        }
        const Qt::CheckState state =
            checked == 0 ? Qt::Unchecked : (checked == enabled ? Qt::Checked : Qt::PartiallyChecked);
        if (top->checkState(0) != state) top->setCheckState(0, state);
    }
}

}  // namespace ls::gui
