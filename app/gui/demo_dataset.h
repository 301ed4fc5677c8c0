// Where the "demo dataset" lives. Today there is none built in: LS_DEMO_DATA names one, and without it
// the path is empty and the Data page hides its button. A later release returns the installed demo file;
// callers only ever ask demoDatasetPath().
#pragma once

#include <QString>

namespace ls::gui {

QString demoDatasetPath();

}  // namespace ls::gui
