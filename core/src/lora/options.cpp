// LoraOptions: method names, validation and the JSON round trip.
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>
#include <vector>

#include "lorastudio/error.h"
#include "lorastudio/lora.h"

namespace ls {

using json = nlohmann::json;

namespace {

constexpr int64_t kMaxRank = 4096;

void checkOption(bool ok, const std::string& source, const std::string& problem) {
    if (!ok) fail(source + ": " + problem);
}

template <typename T>
T take(const json& j, const char* key, const std::string& source, const char* what) {
    try {
        return j.at(key).get<T>();
    } catch (const json::exception&) {
        fail(source + ": field '" + key + "' must be " + what);
    }
}

}  // namespace

const char* loraMethodName(LoraMethod method) {
    switch (method) {
        case LoraMethod::Lora:
            return "lora";
        case LoraMethod::LoraFa:
            return "lora-fa";
        case LoraMethod::QLora:
            return "qlora";
    }
    return "?";
}

LoraMethod parseLoraMethod(const std::string& name) {
    if (name == "lora") return LoraMethod::Lora;
    if (name == "lora-fa") return LoraMethod::LoraFa;
    if (name == "qlora") return LoraMethod::QLora;
    fail("unknown LoRA method '" + name + "' (expected lora, lora-fa or qlora)");
}

double LoraOptions::scaling() const {
    return useRslora ? alpha / std::sqrt(static_cast<double>(r)) : alpha / static_cast<double>(r);
}

namespace {

// Whether a repeated group itself repeats, as in (.*)+ or (a+b)*: std::regex backtracks, and such a
// pattern can take exponential time on a module name that almost matches (a file could hang the app).
bool hasNestedRepetition(const std::string& re) {
    std::vector<bool> groupRepeats;  // per open group: whether something inside it repeats
    bool closedGroupRepeats = false, afterGroup = false;
    for (size_t i = 0; i < re.size(); ++i) {
        const char c = re[i];
        if (c == '\\') {
            ++i;
            afterGroup = false;
            continue;
        }
        if (c == '[') {  // a character class: quantifier characters inside are literals
            size_t j = i + 1;
            if (j < re.size() && re[j] == '^') ++j;
            if (j < re.size() && re[j] == ']') ++j;
            while (j < re.size() && re[j] != ']') j += re[j] == '\\' ? 2 : 1;
            i = j;
            afterGroup = false;
            continue;
        }
        const bool quantifier = c == '*' || c == '+' || c == '{' || (c == '?' && !(i > 0 && re[i - 1] == '('));
        if (quantifier) {
            if (afterGroup && closedGroupRepeats) return true;
            if (!groupRepeats.empty()) groupRepeats.back() = true;
            afterGroup = false;
        } else if (c == '(') {
            groupRepeats.push_back(false);
            afterGroup = false;
        } else if (c == ')') {
            closedGroupRepeats = !groupRepeats.empty() && groupRepeats.back();
            if (!groupRepeats.empty()) groupRepeats.pop_back();
            if (closedGroupRepeats && !groupRepeats.empty()) groupRepeats.back() = true;
            afterGroup = true;
        } else {
            afterGroup = false;
        }
    }
    return false;
}

constexpr size_t kMaxRegexLength = 1000;

}  // namespace

void validateLoraOptions(const LoraOptions& o, const std::string& source) {
    checkOption(o.r >= 1 && o.r <= kMaxRank, source, "r must be between 1 and 4096, got " + std::to_string(o.r));
    checkOption(std::isfinite(o.alpha), source, "lora_alpha must be a finite number");
    checkOption(o.dropout >= 0.0 && o.dropout < 1.0, source, "lora_dropout must be in [0, 1)");
    checkOption(o.firstLayer >= 0, source, "first_layer must be >= 0");
    checkOption(o.lastLayer >= -1, source, "last_layer must be >= 0, or -1 for the last layer");
    checkOption(o.lastLayer < 0 || o.lastLayer >= o.firstLayer, source, "last_layer is before first_layer");
    if (!o.targetRegex.empty()) {
        // libstdc++'s regex compiler reads a count ({n,m}) or back-reference (\n) into an int without an
        // overflow check (undefined behaviour; found by fuzz_adapter_config): long digit runs are refused first.
        size_t run = 0;
        for (char c : o.targetRegex) {
            run = std::isdigit(static_cast<unsigned char>(c)) ? run + 1 : 0;
            checkOption(run <= 6, source,
                        "target_modules regex '" + o.targetRegex + "' has a number longer than 6 digits");
        }
        checkOption(o.targetRegex.size() <= kMaxRegexLength, source,
                    "target_modules regex is longer than " + std::to_string(kMaxRegexLength) + " characters");
        checkOption(!hasNestedRepetition(o.targetRegex), source,
                    "target_modules regex '" + o.targetRegex +
                        "' repeats a group that itself repeats (like (.*)+), which can take exponential time; "
                        "write it without the nested repetition");
        try {
            std::regex re(o.targetRegex);
        } catch (const std::regex_error& e) {
            fail(source + ": target_modules regex '" + o.targetRegex + "' does not compile: " + e.what());
        }
    } else {
        checkOption(!o.targetModules.empty(), source, "target_modules is empty");
        for (const auto& t : o.targetModules) checkOption(!t.empty(), source, "target_modules has an empty entry");
    }
}

std::string loraOptionsToJson(const LoraOptions& o) {
    json j;
    j["r"] = o.r;
    j["lora_alpha"] = o.alpha;
    j["lora_dropout"] = o.dropout;
    j["use_rslora"] = o.useRslora;
    if (o.targetRegex.empty())
        j["target_modules"] = o.targetModules;
    else
        j["target_modules"] = o.targetRegex;
    j["first_layer"] = o.firstLayer;
    j["last_layer"] = o.lastLayer;
    j["method"] = loraMethodName(o.method);
    j["init_seed"] = o.seed;
    return j.dump(2);
}

LoraOptions loraOptionsFromJson(const std::string& text, const std::string& source) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        fail(source + ": not valid JSON (" + e.what() + ")");
    }
    checkOption(j.is_object(), source, "LoRA options must be a JSON object");
    LoraOptions o;
    for (const auto& item : j.items()) {
        const std::string& key = item.key();
        if (key == "r") {
            checkOption(item.value().is_number_integer(), source, "field 'r' must be an integer");
            o.r = item.value().get<int64_t>();
        } else if (key == "lora_alpha") {
            checkOption(item.value().is_number(), source, "field 'lora_alpha' must be a number");
            o.alpha = item.value().get<double>();
        } else if (key == "lora_dropout") {
            checkOption(item.value().is_number(), source, "field 'lora_dropout' must be a number");
            o.dropout = item.value().get<double>();
        } else if (key == "use_rslora") {
            o.useRslora = take<bool>(j, "use_rslora", source, "true or false");
        } else if (key == "target_modules") {
            const json& t = item.value();
            if (t.is_string()) {
                std::string s = t.get<std::string>();
                std::string lower = s;
                for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                if (lower == "all-linear") {
                    o.targetModules = {s};
                    o.targetRegex.clear();
                } else {
                    o.targetRegex = s;
                }
            } else {
                o.targetModules =
                    take<std::vector<std::string>>(j, "target_modules", source, "a list of names or a regex string");
                o.targetRegex.clear();
            }
        } else if (key == "first_layer" || key == "last_layer") {
            // is_number_integer first: get<int64_t>() would convert 2.5 to 2, and 1e300 with undefined behaviour.
            checkOption(item.value().is_number_integer(), source, "field '" + key + "' must be an integer");
            (key == "first_layer" ? o.firstLayer : o.lastLayer) = item.value().get<int64_t>();
        } else if (key == "method") {
            try {
                o.method = parseLoraMethod(take<std::string>(j, "method", source, "a string"));
            } catch (const Error& e) {
                fail(source + ": " + e.what());
            }
        } else if (key == "init_seed") {
            checkOption(item.value().is_number_unsigned() ||
                            (item.value().is_number_integer() && item.value().get<int64_t>() >= 0),
                        source, "field 'init_seed' must be a non-negative integer");
            o.seed = item.value().get<uint64_t>();
        } else {
            fail(source + ": unknown LoRA option '" + key + "'");
        }
    }
    validateLoraOptions(o, source);
    return o;
}

}  // namespace ls
