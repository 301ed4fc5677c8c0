// Command-line options of the GUI: lora-studio [--model DIR|demo] [--page NAME] [--screenshot OUT.png]
// [--language CODE].
#pragma once

#include <QString>
#include <QStringList>
#include <optional>

#include "pages.h"

namespace ls::gui {

struct GuiOptions {
    QString model;                 // a folder, "demo", or empty (open nothing)
    std::optional<Page> page;      // the page to show; default: the last page used
    QString screenshot;            // when set: render the window to this PNG once the model is loaded, then exit
    QString language;              // overrides the language setting for this run; empty: use the setting
};

struct ParsedCommandLine {
    enum class Status { Run, Help, Version, Error };
    Status status = Status::Run;
    GuiOptions options;
    QString text;  // the help or version text, or the error message (one line)
};

// arguments includes the program name first, as QCoreApplication::arguments() returns it.
ParsedCommandLine parseCommandLine(const QStringList& arguments);

}  // namespace ls::gui
