#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "cli_command.h"
#include "lorastudio/error.h"

namespace ls::cli {

namespace {

// 0.01 and 1e+06 rather than std::to_string's 0.010000 and 1000000.000000.
std::string shortNumber(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
}

}  // namespace

Args::Args(std::string command, std::vector<std::string> tokens) : m_command(std::move(command)), m_tokens(std::move(tokens)) {}

void Args::allow(const std::vector<std::string>& valueOptions, const std::vector<std::string>& flags) {
    m_valueOptions = valueOptions;
    m_flags = flags;
    m_parsed = false;
}

void Args::parse() const {
    if (m_parsed) return;
    m_parsed = true;
    m_positionals.clear();
    m_values.clear();
    m_setFlags.clear();
    auto contains = [](const std::vector<std::string>& v, const std::string& s) {
        for (const auto& x : v)
            if (x == s) return true;
        return false;
    };
    for (std::size_t i = 0; i < m_tokens.size(); ++i) {
        const std::string& t = m_tokens[i];
        if (t == "--help" || t == "-h") {
            m_help = true;
            continue;
        }
        if (t.rfind("--", 0) != 0 || t == "--") {
            m_positionals.push_back(t);
            continue;
        }
        std::string name = t.substr(2), value;
        bool inlineValue = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inlineValue = true;
        }
        if (contains(m_flags, name)) {
            if (inlineValue) fail(m_command + ": option --" + name + " takes no value");
            m_setFlags[name] = true;
        } else if (contains(m_valueOptions, name)) {
            if (!inlineValue) {
                if (i + 1 >= m_tokens.size()) fail(m_command + ": option --" + name + " needs a value");
                value = m_tokens[++i];
            }
            if (m_values.count(name)) fail(m_command + ": option --" + name + " given twice");
            m_values[name] = value;
        } else {
            fail(m_command + ": unknown option --" + name + " (see lora-studio-cli " + m_command + " --help)");
        }
    }
}

std::string Args::positional(std::size_t index, const char* what) const {
    parse();
    if (index >= m_positionals.size()) fail(m_command + ": missing " + what + " (see lora-studio-cli " + m_command + " --help)");
    return m_positionals[index];
}

bool Args::flag(const std::string& name) const {
    parse();
    return m_setFlags.count(name) > 0;
}

std::optional<std::string> Args::value(const std::string& name) const {
    parse();
    auto it = m_values.find(name);
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

std::string Args::valueOr(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
}

long long Args::intValue(const std::string& name, long long fallback, long long min, long long max) const {
    auto v = value(name);
    if (!v) return fallback;
    errno = 0;
    char* end = nullptr;
    long long x = std::strtoll(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || errno == ERANGE)
        fail(m_command + ": --" + name + " must be an integer (got '" + *v + "')");
    if (x < min || x > max)
        fail(m_command + ": --" + name + " must be between " + std::to_string(min) + " and " + std::to_string(max) +
             " (got " + *v + ")");
    return x;
}

double Args::doubleValue(const std::string& name, double fallback, double min, double max) const {
    auto v = value(name);
    if (!v) return fallback;
    char* end = nullptr;
    double x = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0' || !(x == x))
        fail(m_command + ": --" + name + " must be a number (got '" + *v + "')");
    if (x < min || x > max)
        fail(m_command + ": --" + name + " must be between " + shortNumber(min) + " and " + shortNumber(max) +
             " (got " + *v + ")");
    return x;
}

bool Args::wantsHelp() const {
    parse();
    return m_help;
}

std::map<std::string, Command>& commands() {
    static std::map<std::string, Command> all;
    return all;
}

}  // namespace ls::cli
