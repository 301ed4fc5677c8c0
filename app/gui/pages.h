// The main window's pages, in navigation order, and their stable names (settings, --page).
#pragma once

#include <QString>
#include <optional>

namespace ls::gui {

enum class Page { Welcome, Model, Method, Data, Train, Inspect, Runs, Playground };
constexpr int kPageCount = 8;

QString pageName(Page page);  // "welcome", "model", "method", "data", "train", "inspect", "runs", "playground"
std::optional<Page> parsePage(const QString& name);  // case-insensitive ("export" means runs); nullopt if unknown
QString pageNames();                                 // "welcome, model, method, data, train, inspect, runs, playground"
inline int pageIndex(Page page) { return static_cast<int>(page); }
inline Page pageAt(int index) { return static_cast<Page>(index); }

}  // namespace ls::gui
