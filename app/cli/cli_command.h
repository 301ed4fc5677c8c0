// Subcommands of lora-studio-cli register themselves; main.cpp only dispatches.
//   static int runInfo(ls::cli::Args& args);
//   LS_CLI_COMMAND(info, "info MODEL_DIR [--json]", "Describe a model folder", runInfo);
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ls::cli {

// Parsed arguments: positionals in order, options as --name value or --flag.
class Args {
public:
    Args(std::string command, std::vector<std::string> tokens);

    const std::string& command() const { return m_command; }
    // Declares the options this command knows; call before reading values. Unknown options are an error.
    void allow(const std::vector<std::string>& valueOptions, const std::vector<std::string>& flags);
    std::string positional(std::size_t index, const char* what) const;  // error if missing
    std::size_t positionalCount() const { return m_positionals.size(); }
    bool flag(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
    std::string valueOr(const std::string& name, const std::string& fallback) const;
    long long intValue(const std::string& name, long long fallback, long long min, long long max) const;
    double doubleValue(const std::string& name, double fallback, double min, double max) const;
    bool wantsHelp() const;

private:
    void parse() const;
    std::string m_command;
    std::vector<std::string> m_tokens;
    std::vector<std::string> m_valueOptions, m_flags;
    mutable bool m_parsed = false;
    mutable std::vector<std::string> m_positionals;
    mutable std::map<std::string, std::string> m_values;
    mutable std::map<std::string, bool> m_setFlags;
    mutable bool m_help = false;
};

struct Command {
    std::string name;
    std::string usage;    // "info MODEL_DIR [--json]"
    std::string summary;  // one line
    std::string details;  // shown by `lora-studio-cli NAME --help`
    std::function<int(Args&)> run;
};

std::map<std::string, Command>& commands();

struct CommandRegistrar {
    explicit CommandRegistrar(Command c) { commands()[c.name] = std::move(c); }
};

}  // namespace ls::cli

#define LS_CLI_COMMAND(id, usage, summary, details, fn) \
    static ::ls::cli::CommandRegistrar ls_cli_reg_##id(::ls::cli::Command{#id, usage, summary, details, fn})
