// The GUI's startup: options, settings, language, main window, and the --screenshot mode.
#pragma once

class QApplication;

namespace ls::gui {

// Sets the application's names, reads the command line, shows the main window and runs the event loop.
// Exit codes: 0 ok, 1 the model given with --screenshot failed to load or the PNG could not be written,
// 2 bad command line, 3 --screenshot timed out.
int runGuiApp(QApplication& app);

}  // namespace ls::gui
