// A large radio choice: a bold title with a radio button and a line or two of explanation, inside a
// rounded card that highlights when chosen. A click anywhere on the card chooses it. Put the cards'
// radioButton()s into one QButtonGroup to make them exclusive.
#pragma once

#include <QFrame>

class QLabel;
class QRadioButton;

namespace ls::gui {

class ChoiceCard : public QFrame {
    Q_OBJECT
public:
    explicit ChoiceCard(const QString& title, const QString& description, QWidget* parent = nullptr);

    QRadioButton* radioButton() const { return m_radio; }
    bool isChecked() const;
    void setChecked(bool checked);
    QString title() const;
    QString description() const;

Q_SIGNALS:
    // The user chose this card (a click or the keyboard); not emitted by setChecked().
    void chosen();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QRadioButton* m_radio;
    QLabel* m_description;
};

}  // namespace ls::gui
