// LivePlot, the live chart of the Train page: bounded buffers that thin out and keep the newest point,
// keys that must grow, rewriting the tail, coalesced redraws, the debiased smoothing, the log scale, the
// reference line, the message in place of the chart, and the CSV over the union of keys.
#include <qcustomplot.h>

#include <QSignalSpy>
#include <QtTest>
#include <cmath>

#include "live_plot.h"

using namespace ls::gui;

namespace {

constexpr double kTolerance = 1e-12;

QVector<double> range(int first, int count, double scale = 1.0) {
    QVector<double> v(count);
    for (int i = 0; i < count; ++i) v[i] = (first + i) * scale;
    return v;
}

}  // namespace

class TestLivePlot : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void boundedBuffersKeepTheNewestPoint() {
        LivePlot plot(QStringLiteral("test"));
        const int s = plot.addSeries(QStringLiteral("a"), Qt::blue);
        plot.setCapacity(100);
        plot.appendPoints(s, range(1, 1000), range(1, 1000, 2.0));
        QVERIFY(plot.pointCount(s) <= 100);
        QVERIFY(plot.pointCount(s) >= 50);
        QCOMPARE(plot.appendedCount(s), qint64(1000));
        QCOMPARE(plot.keys(s).last(), 1000.0);
        QCOMPARE(plot.values(s).last(), 2000.0);
        // Still sorted, still the whole run.
        const QVector<double> keys = plot.keys(s);
        QVERIFY(std::is_sorted(keys.begin(), keys.end()));
        QVERIFY(keys.first() <= 16.0);
    }

    void keysMustGrowAndTheTailCanBeRewritten() {
        LivePlot plot(QStringLiteral("test"));
        const int a = plot.addSeries(QStringLiteral("a"), Qt::blue);
        const int b = plot.addSeries(QStringLiteral("b"), Qt::red);
        plot.appendPoints(a, range(1, 10), range(1, 10));
        plot.appendPoints(a, {5.0, 11.0}, {0.0, 11.0});  // 5 is not after 10: dropped
        QCOMPARE(plot.pointCount(a), 11);
        plot.appendPoints(b, {2.0, 8.0}, {20.0, 80.0});
        plot.removeFrom(6.0);  // a resume from step 5's checkpoint
        QCOMPARE(plot.keys(a).last(), 5.0);
        QCOMPARE(plot.pointCount(b), 1);
        plot.appendPoints(a, {6.0}, {-6.0});
        QCOMPARE(plot.values(a).last(), -6.0);
        plot.clear();
        QCOMPARE(plot.pointCount(a), 0);
        QCOMPARE(plot.appendedCount(a), qint64(0));
    }

    void redrawsAreCoalesced() {
        LivePlot plot(QStringLiteral("test"));
        plot.resize(400, 300);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        const int s = plot.addSeries(QStringLiteral("a"), Qt::blue);
        QTest::qWait(2 * LivePlot::kReplotIntervalMs);
        const int before = plot.replotCount();
        for (int i = 1; i <= 200; ++i) plot.appendPoints(s, {double(i)}, {double(i)});
        QCOMPARE(plot.replotCount(), before);  // nothing drawn inside the burst
        QTRY_COMPARE(plot.replotCount(), before + 1);
        QTest::qWait(3 * LivePlot::kReplotIntervalMs);
        QCOMPARE(plot.replotCount(), before + 1);  // and nothing without new data
        QCOMPARE(plot.plot()->graph(0)->dataCount(), 200);
        // The axes follow the data.
        QCOMPARE(plot.plot()->xAxis->range().lower, 1.0);
        QCOMPARE(plot.plot()->xAxis->range().upper, 200.0);
    }

    void hiddenChartsCatchUpWhenShown() {
        LivePlot plot(QStringLiteral("test"));
        const int s = plot.addSeries(QStringLiteral("a"), Qt::blue);
        plot.appendPoints(s, range(1, 5), range(1, 5));
        QTest::qWait(2 * LivePlot::kReplotIntervalMs);
        QCOMPARE(plot.replotCount(), 0);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        QTRY_COMPARE(plot.replotCount(), 1);
        QCOMPARE(plot.plot()->graph(0)->dataCount(), 5);
    }

    void smoothingIsDebiased() {
        LivePlot plot(QStringLiteral("test"));
        const int s = plot.addSeries(QStringLiteral("loss"), Qt::blue, LivePlot::Style::Line, true);
        plot.addSeries(QStringLiteral("eval"), Qt::red, LivePlot::Style::LineWithDots);
        plot.appendPoints(s, {1.0, 2.0, 3.0}, {4.0, 4.0, 1.0});
        plot.setSmoothing(0.5);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.flush();
        // graph(1) is the smoothed line of series 0.
        QCPGraph* smooth = plot.plot()->graph(1);
        QVERIFY(smooth->visible());
        QCOMPARE(smooth->dataCount(), 3);
        QVERIFY(std::abs(smooth->data()->at(0)->value - 4.0) < kTolerance);  // not pulled towards 0
        QVERIFY(std::abs(smooth->data()->at(1)->value - 4.0) < kTolerance);
        // avg = 0.5*(0.5*(0.5*0+0.5*4)+0.5*4)+0.5*1 = 2 ; debias 1 - 0.125
        QVERIFY(std::abs(smooth->data()->at(2)->value - (2.0 / 0.875)) < kTolerance);
        // The legend keeps series order, one entry each.
        QCOMPARE(plot.plot()->legend->itemCount(), 2);
        plot.setSmoothing(0.0);
        QVERIFY(!smooth->visible());
        plot.setSmoothing(5.0);
        QCOMPARE(plot.smoothing(), 0.99);
    }

    void logScaleReferenceAndMessage() {
        LivePlot plot(QStringLiteral("test"));
        const int s = plot.addSeries(QStringLiteral("a"), Qt::blue);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.appendPoints(s, {1.0, 2.0, 3.0}, {0.0, 10.0, 1000.0});
        plot.setLogScale(true);
        plot.flush();
        QCOMPARE(plot.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(plot.plot()->yAxis->range().lower > 0.0);  // the 0 is left out
        plot.setLogScale(false);
        plot.setIncludeZero(true);
        plot.setReferenceLine(2000.0, QStringLiteral("limit"));
        plot.flush();
        QVERIFY(plot.hasReferenceLine());
        QVERIFY(plot.plot()->yAxis->range().upper > 2000.0);  // the line is in view
        QCOMPARE(plot.plot()->yAxis->range().lower, 0.0);
        plot.setMessage(QStringLiteral("nothing to show here"));
        QVERIFY(plot.isShowingMessage());
        QCOMPARE(plot.message(), QStringLiteral("nothing to show here"));
        plot.setMessage(QString());
        QVERIFY(!plot.isShowingMessage());
        QCOMPARE(plot.pointCount(s), 3);  // the data survived
    }

    void csvOverTheUnionOfKeys() {
        LivePlot plot(QStringLiteral("test"));
        plot.setAxisLabels(QStringLiteral("step"), QStringLiteral("loss"));
        const int a = plot.addSeries(QStringLiteral("train"), Qt::blue);
        const int b = plot.addSeries(QStringLiteral("eval"), Qt::red);
        plot.appendPoints(a, {1.0, 2.0, 3.0}, {3.0, 2.5, 2.0});
        plot.appendPoints(b, {2.0}, {2.75});
        QCOMPARE(plot.toCsv(), QStringLiteral("step,train,eval\n1,3,\n2,2.5,2.75\n3,2,\n"));
    }
};

QTEST_MAIN(TestLivePlot)
#include "test_live_plot.moc"
