// lora-studio: the GUI. Everything but the QApplication lives in the lorastudio_app library.
#include <QApplication>

#include "gui_app.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    return ls::gui::runGuiApp(app);
}
