// Where the "demo dataset" lives: $LS_DEMO_DATA when set, else the dataset that ships with the demo model
// (ls::demoDatasetFile()); empty when neither exists, and the Data page then hides its button.
#pragma once

#include <QString>

namespace ls::gui {

QString demoDatasetPath();

}  // namespace ls::gui
