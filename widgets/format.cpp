#include "format.h"

#include <limits>

#include <QLocale>
#include <QStringList>

namespace ls::gui {

QString humanCount(qint64 count) {
    const QLocale locale;
    const double value = static_cast<double>(count < 0 ? -count : count);
    const QString sign = count < 0 ? QStringLiteral("-") : QString();
    struct Unit {
        double scale;
        const char* suffix;
    };
    static const Unit units[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
    for (const Unit& unit : units) {
        if (value >= unit.scale) {
            const double scaled = value / unit.scale;
            // Three significant digits at most: 1.23 B, 12.3 M, 123 k.
            const int decimals = scaled >= 100 ? 0 : (scaled >= 10 ? 1 : (unit.scale >= 1e9 ? 2 : 1));
            return sign + locale.toString(scaled, 'f', decimals) + QLatin1Char(' ') + QLatin1String(unit.suffix);
        }
    }
    return sign + locale.toString(static_cast<qint64>(value));
}

QString exactCount(qint64 count) { return QLocale().toString(count); }

int numerusCount(qint64 count) {
    return int(qBound(qint64(0), count, qint64(std::numeric_limits<int>::max())));
}

QString humanBytes(quint64 bytes) {
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeIecFormat);
}

QString shapeText(const QVector<qint64>& shape) {
    if (shape.isEmpty()) return {};
    QStringList parts;
    for (qint64 dim : shape) parts << QString::number(dim);
    return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
}

}  // namespace ls::gui
