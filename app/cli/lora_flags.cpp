#include "lora_flags.h"

#include <sstream>

#include "lorastudio/error.h"

namespace ls::cli {

void allowWithLoraFlags(Args& args, std::vector<std::string> valueOptions, std::vector<std::string> flags) {
    for (const char* v : {"method", "rank", "alpha", "dropout", "targets", "target-regex", "layers"})
        valueOptions.push_back(v);
    flags.push_back("rslora");
    args.allow(valueOptions, flags);
}

std::vector<std::string> splitList(const std::string& text, const std::string& what) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        const auto first = item.find_first_not_of(" \t"), last = item.find_last_not_of(" \t");
        if (first == std::string::npos) fail(what + " has an empty entry (got '" + text + "')");
        out.push_back(item.substr(first, last - first + 1));
    }
    if (out.empty()) fail(what + " is empty");
    return out;
}

namespace {

int64_t parseLayer(const std::string& text, const std::string& whole, const std::string& command) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 9)
        fail(command + ": --layers must be A-B, A- or A with layer numbers (got '" + whole + "')");
    return std::stoll(text);
}

}  // namespace

void parseLayers(const std::string& text, const std::string& command, LoraOptions& lora) {
    const auto dash = text.find('-');
    if (dash == std::string::npos) {
        lora.firstLayer = lora.lastLayer = parseLayer(text, text, command);
        return;
    }
    lora.firstLayer = parseLayer(text.substr(0, dash), text, command);
    lora.lastLayer = dash + 1 == text.size() ? -1 : parseLayer(text.substr(dash + 1), text, command);
    if (lora.lastLayer >= 0 && lora.lastLayer < lora.firstLayer)
        fail(command + ": --layers range ends before it starts (got '" + text + "')");
}

void applyLoraFlags(const Args& args, const std::string& command, LoraOptions& lora) {
    if (auto m = args.value("method")) lora.method = parseLoraMethod(*m);
    const bool rankGiven = args.value("rank").has_value();
    lora.r = args.intValue("rank", lora.r, 1, 4096);
    // PEFT users mostly pair alpha = 2r; without --alpha a new rank keeps that ratio.
    lora.alpha = args.doubleValue("alpha", rankGiven ? 2.0 * static_cast<double>(lora.r) : lora.alpha, -1e6, 1e6);
    lora.dropout = args.doubleValue("dropout", lora.dropout, 0.0, 0.999);
    if (args.flag("rslora")) lora.useRslora = true;
    const auto targets = args.value("targets"), regex = args.value("target-regex");
    if (targets && regex) fail(command + ": give --targets or --target-regex, not both");
    if (targets) {
        lora.targetModules = splitList(*targets, command + ": --targets");
        lora.targetRegex.clear();
    }
    if (regex) lora.targetRegex = *regex;
    if (auto layers = args.value("layers")) parseLayers(*layers, command, lora);
}

}  // namespace ls::cli
