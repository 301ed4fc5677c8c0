// LoadingRow: hidden until start(), shows the message and runs the indicator, Cancel emits cancelRequested,
// stop() hides it and stops the spinner; a progress-bar row is indeterminate after start().
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include "busy_indicator.h"
#include "loading_row.h"

using namespace ls::gui;

class TestLoadingRow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void spinnerRowStartsAndStops() {
        QWidget window;
        auto* row = new LoadingRow(LoadingRow::Indicator::Spinner, &window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!row->isVisible());
        QVERIFY(!row->isActive());
        QVERIFY(row->busyIndicator() != nullptr);
        QVERIFY(row->progressBar() == nullptr);
        QVERIFY(!row->busyIndicator()->isRunning());

        row->start(QStringLiteral("Reading a.jsonl …"), QStringLiteral("/data/a.jsonl"));
        QVERIFY(row->isVisible());
        QVERIFY(row->isActive());
        QVERIFY(row->busyIndicator()->isRunning());
        QVERIFY(row->busyIndicator()->isVisible());
        QCOMPARE(row->message(), QStringLiteral("Reading a.jsonl …"));
        QCOMPARE(row->messageLabel()->toolTip(), QStringLiteral("/data/a.jsonl"));
        QCOMPARE(row->messageLabel()->textFormat(), Qt::PlainText);
        QVERIFY(row->cancelButton()->isVisible());

        row->stop();
        QVERIFY(!row->isVisible());
        QVERIFY(!row->isActive());
        QVERIFY(!row->busyIndicator()->isRunning());

        // setVisible is the same switch.
        row->setVisible(true);
        QVERIFY(row->busyIndicator()->isRunning());
        QCOMPARE(row->message(), QStringLiteral("Reading a.jsonl …"));
        row->setVisible(false);
        QVERIFY(!row->busyIndicator()->isRunning());
    }

    void cancelEmitsCancelRequested() {
        QWidget window;
        auto* row = new LoadingRow(LoadingRow::Indicator::Spinner, &window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy canceled(row, &LoadingRow::cancelRequested);
        row->setCancelToolTip(QStringLiteral("Stop waiting"));
        row->start(QStringLiteral("Working"));
        QCOMPARE(row->cancelButton()->toolTip(), QStringLiteral("Stop waiting"));
        QTest::mouseClick(row->cancelButton(), Qt::LeftButton);
        QCOMPARE(canceled.count(), 1);
        // The row does not hide itself: the owner decides when the work has really stopped.
        QVERIFY(row->isVisible());

        row->setCancelable(false);
        QVERIFY(!row->isCancelable());
        QVERIFY(!row->cancelButton()->isVisible());
        row->setCancelable(true);
        QVERIFY(row->cancelButton()->isVisible());
    }

    void progressBarRow() {
        QWidget window;
        auto* row = new LoadingRow(LoadingRow::Indicator::ProgressBar, &window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(row->busyIndicator() == nullptr);
        QVERIFY(row->progressBar() != nullptr);

        row->start(QStringLiteral("Opening …"));
        QVERIFY(row->progressBar()->isVisible());
        QCOMPARE(row->progressBar()->maximum(), 0);  // indeterminate until the first progress
        row->setProgress(3, 10);
        QCOMPARE(row->progressBar()->maximum(), 10);
        QCOMPARE(row->progressBar()->value(), 3);
        row->setProgress(12, 10);  // clamped
        QCOMPARE(row->progressBar()->value(), 10);
        row->setProgress(0, 0);
        QCOMPARE(row->progressBar()->maximum(), 0);

        row->setProgress(4, 8);
        row->stop();
        QVERIFY(!row->isVisible());
        // A new start is indeterminate again.
        row->start(QStringLiteral("Opening again …"));
        QCOMPARE(row->progressBar()->maximum(), 0);
    }
};

QTEST_MAIN(TestLoadingRow)
#include "test_loading_row.moc"
