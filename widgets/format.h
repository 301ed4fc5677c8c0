// Human-readable numbers for cards, trees and status bars, in the current default QLocale.
#pragma once

#include <QString>
#include <QVector>

namespace ls::gui {

// 700 -> "700", 12'345 -> "12.3 k", 1'234'567 -> "1.2 M", 7'241'732'096 -> "7.24 B".
QString humanCount(qint64 count);
// The exact count with group separators: "1,234,567".
QString exactCount(qint64 count);
// The n for tr()'s plural forms (tr("%Ln rows", nullptr, numerusCount(rows))): counts past INT_MAX choose
// the form of INT_MAX (plural in English and German); messages that may see such counts print the number
// with exactCount as %1 and pass this only to choose the form.
int numerusCount(qint64 count);
// IEC sizes: "1.2 MiB".
QString humanBytes(quint64 bytes);
// "[700, 64]"; an empty shape gives an empty string.
QString shapeText(const QVector<qint64>& shape);

}  // namespace ls::gui
