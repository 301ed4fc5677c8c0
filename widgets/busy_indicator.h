// A small spinning indicator for work that runs on a worker thread. Animates only while running and visible.
#pragma once

#include <QWidget>

class QTimer;

namespace ls::gui {

class BusyIndicator : public QWidget {
    Q_OBJECT
public:
    explicit BusyIndicator(QWidget* parent = nullptr);

    void start();
    void stop();
    bool isRunning() const { return m_running; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QTimer* m_timer;
    int m_step = 0;
    bool m_running = false;
};

}  // namespace ls::gui
