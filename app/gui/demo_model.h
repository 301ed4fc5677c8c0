// Where the "Demo model" lives. Today: the llama3 test fixture (a 2-layer model of 0.2 M parameters),
// from the LS_DEMO_MODEL environment variable or else the path compiled in. A later release repoints this
// at the installed demo model; callers only ever ask demoModelPath().
#pragma once

#include <QString>

namespace ls::gui {

QString demoModelPath();

}  // namespace ls::gui
