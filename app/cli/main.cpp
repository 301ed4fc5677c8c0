// lora-studio-cli: the engine from the terminal. Links core only (no Qt).
#include <exception>
#include <iostream>
#include <new>

#include "cli_command.h"
#include "lorastudio/error.h"

namespace {

void printUsage(std::ostream& os) {
    os << "LoRA Studio " << LS_VERSION << " - fine-tune language models with LoRA, LoRA-FA and QLoRA\n\n"
       << "Usage: lora-studio-cli COMMAND [ARGS] [--help]\n\nCommands:\n";
    for (const auto& [name, c] : ls::cli::commands()) {
        os << "  " << c.usage << "\n      " << c.summary << "\n";
    }
    os << "\nlora-studio-cli COMMAND --help shows a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> tokens(argv + 1, argv + argc);
    if (tokens.empty() || tokens[0] == "--help" || tokens[0] == "-h" || tokens[0] == "help") {
        printUsage(std::cout);
        return tokens.empty() ? 1 : 0;
    }
    if (tokens[0] == "--version") {
        std::cout << "lora-studio-cli " << LS_VERSION << "\n";
        return 0;
    }
    auto& all = ls::cli::commands();
    auto it = all.find(tokens[0]);
    if (it == all.end()) {
        std::cerr << "error: unknown command '" << tokens[0] << "' (lora-studio-cli --help lists them)\n";
        return 1;
    }
    const auto& cmd = it->second;
    ls::cli::Args args(cmd.name, std::vector<std::string>(tokens.begin() + 1, tokens.end()));
    try {
        // Help is answered before any option is validated.
        for (const auto& t : tokens)
            if (t == "--help" || t == "-h") {
                std::cout << "Usage: lora-studio-cli " << cmd.usage << "\n\n" << cmd.summary << "\n\n" << cmd.details;
                return 0;
            }
        return cmd.run(args);
    } catch (const ls::Error& e) {
        std::cerr << "error: " << e.what() << "\n";
    } catch (const std::bad_alloc&) {
        std::cerr << "error: out of memory\n";
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
    }
    return 1;
}
