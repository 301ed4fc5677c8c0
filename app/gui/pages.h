// The main window's pages, in navigation order, and their stable names (settings, --page).
#pragma once

#include <QString>
#include <optional>

namespace ls::gui {

enum class Page { Model, Method, Data, Train, Inspect, Export };
constexpr int kPageCount = 6;

QString pageName(Page page);                           // "model", "method", "data", "train", "inspect", "export"
std::optional<Page> parsePage(const QString& name);    // case-insensitive; nullopt for unknown names
QString pageNames();                                   // "model, method, data, train, inspect, export"
inline int pageIndex(Page page) { return static_cast<int>(page); }
inline Page pageAt(int index) { return static_cast<Page>(index); }

}  // namespace ls::gui
