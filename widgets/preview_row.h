// One training example as the Data page previews it: where it starts in the file, the prompt (not
// trained) and the response (trained) as text, and the rendered pieces in order. Plain data, and the
// colours the preview widgets mark trained text with.
#pragma once

#include <QColor>
#include <QString>
#include <QVector>

namespace ls::gui {

struct TextPart {
    QString text;
    bool trained = false;  // the loss is taken on these tokens (the response)
};

struct PreviewRowData {
    int line = 0;      // 1-based line of the file where the row starts
    QString prompt;    // the untrained parts, joined
    QString response;  // the trained parts, joined
    QVector<TextPart> parts;
};

// Trained text: dark green on light green, readable on light and dark palettes alike.
inline QColor trainedTextBackground() { return QColor(0xdf, 0xf3, 0xe4); }
inline QColor trainedTextForeground() { return QColor(0x1b, 0x5e, 0x20); }
// Prompt text in the rendered view: a faint grey band, so template tokens stand apart from the response.
inline QColor promptTextBackground() { return QColor(0xf1, 0xf3, 0xf5); }
inline QColor promptTextForeground() { return QColor(0x3c, 0x40, 0x43); }

}  // namespace ls::gui
