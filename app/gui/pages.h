// The main window's pages, in navigation order, and their stable names (settings, --page).
#pragma once

#include <QString>
#include <optional>

namespace ls::gui {

enum class Page { Model, Method, Data, Train, Inspect, Runs, Playground };
constexpr int kPageCount = 7;

QString pageName(Page page);  // "model", "method", "data", "train", "inspect", "runs", "playground"
std::optional<Page> parsePage(const QString& name);  // case-insensitive ("export" means runs); nullopt if unknown
QString pageNames();                                 // "model, method, data, train, inspect, runs, playground"
inline int pageIndex(Page page) { return static_cast<int>(page); }
inline Page pageAt(int index) { return static_cast<Page>(index); }

}  // namespace ls::gui
