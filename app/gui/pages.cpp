#include "pages.h"

#include <QStringList>

namespace ls::gui {

namespace {
const char* const kNames[kPageCount] = {"welcome", "model", "method", "data", "train", "inspect", "runs", "playground"};
}

QString pageName(Page page) { return QLatin1String(kNames[pageIndex(page)]); }

std::optional<Page> parsePage(const QString& name) {
    // The Runs page holds the exports; "export" was its name before it listed runs.
    if (name.compare(QLatin1String("export"), Qt::CaseInsensitive) == 0) return Page::Runs;
    for (int i = 0; i < kPageCount; ++i) {
        if (name.compare(QLatin1String(kNames[i]), Qt::CaseInsensitive) == 0) return pageAt(i);
    }
    return std::nullopt;
}

QString pageNames() {
    QStringList names;
    for (const char* name : kNames) names << QLatin1String(name);
    return names.join(QLatin1String(", "));
}

}  // namespace ls::gui
