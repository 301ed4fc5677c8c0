// Which linear modules get an adapter: a tree of module types (q_proj, ..., lm_head) with tri-state
// checkboxes and one child per decoder layer, quick selections (all linear, attention, MLP, none) and a
// layer range. Plain data in (the model's linear modules), selectionChanged() out; the owner turns the
// checked names into its own options.
#pragma once

#include <QHash>
#include <QStringList>
#include <QVector>
#include <QWidget>
#include <functional>

class QLabel;
class QPushButton;
class QSpinBox;
class QTreeWidget;
class QTreeWidgetItem;

namespace ls::gui {

class TargetTree : public QWidget {
    Q_OBJECT
public:
    // One linear module, named as transformers names it.
    struct Module {
        QString name;    // "model.layers.0.self_attn.q_proj", ..., "lm_head"
        QString type;    // "Linear", "Linear4bit"
        int layer = -1;  // decoder layer; -1 outside the layers (lm_head)
        qint64 inFeatures = 0;
        qint64 outFeatures = 0;
    };
    enum class Part { Attention, Mlp, Other };

    explicit TargetTree(QWidget* parent = nullptr);

    // Rebuilds the tree (nothing checked, the full layer range).
    void setModules(const QVector<Module>& modules);
    void clear();
    const QVector<Module>& modules() const { return m_modules; }
    int layerCount() const { return m_layerCount; }

    // Programmatic changes; they do not emit selectionChanged(). Unknown names are ignored; the layer
    // range widens to cover every checked module.
    void setCheckedNames(const QStringList& names);
    void setLayerRange(int first, int last);
    // Checked modules in model order.
    QStringList checkedNames() const;
    int firstLayer() const;
    int lastLayer() const;
    bool hasFullLayerRange() const;

    // As the quick buttons do (within the layer range); these emit selectionChanged().
    void selectAllLinear();
    void selectPart(Part part);
    void selectNone();

    // The short module types in tree order ("q_proj", ..., "lm_head") and their items.
    QStringList types() const { return m_typeOrder; }
    QTreeWidgetItem* typeItem(const QString& type) const { return m_typeItems.value(type); }
    QTreeWidgetItem* moduleItem(const QString& name) const { return m_moduleItems.value(name); }
    Qt::CheckState typeState(const QString& type) const;

    QTreeWidget* treeWidget() const { return m_tree; }
    QPushButton* allLinearButton() const { return m_allLinear; }
    QPushButton* attentionButton() const { return m_attention; }
    QPushButton* mlpButton() const { return m_mlp; }
    QPushButton* noneButton() const { return m_none; }
    QSpinBox* firstLayerSpin() const { return m_first; }
    QSpinBox* lastLayerSpin() const { return m_last; }

    // "q_proj" for "model.layers.3.self_attn.q_proj"; the attention/MLP part from the parent's name.
    static QString shortName(const QString& name);
    static Part partOf(const Module& module);

Q_SIGNALS:
    // The user changed the checked modules or the layer range.
    void selectionChanged();

private:
    void onItemChanged(QTreeWidgetItem* item, int column);
    void onRangeEdited(bool firstMoved);
    void selectWhere(const std::function<bool(const Module&)>& wanted);
    void applyRange();
    void refreshTypeStates();
    bool inRange(const Module& module) const;
    const Module* moduleOf(const QTreeWidgetItem* item) const;

    QVector<Module> m_modules;
    int m_layerCount = 0;
    bool m_syncing = false;
    QStringList m_typeOrder;
    QHash<QString, QTreeWidgetItem*> m_typeItems;    // short type -> top-level item
    QHash<QString, QTreeWidgetItem*> m_moduleItems;  // full name -> the item that checks it
    QHash<QString, int> m_moduleIndex;               // full name -> index in m_modules

    QPushButton* m_allLinear;
    QPushButton* m_attention;
    QPushButton* m_mlp;
    QPushButton* m_none;
    QSpinBox* m_first;
    QSpinBox* m_last;
    QLabel* m_layerCountLabel;
    QTreeWidget* m_tree;
};

}  // namespace ls::gui
