// PEFT's adapter_config.json read into LoraOptions: torch-free, so the fuzz targets build it alone.
#include <cmath>
#include <nlohmann/json.hpp>

#include "lorastudio/error.h"
#include "lorastudio/lora.h"

namespace ls {

using json = nlohmann::json;

namespace {
constexpr int64_t kMaxRank = 4096;
}  // namespace

LoraOptions parsePeftAdapterConfig(const std::string& jsonText, const std::string& source) {
    const std::string& file = source;
    json c = json::parse(jsonText, nullptr, false);
    LS_CHECK_FILE(!c.is_discarded() && c.is_object(), file, "not a JSON object");
    auto field = [&](const char* key) -> const json* {
        auto it = c.find(key);
        return it == c.end() || it->is_null() ? nullptr : &*it;
    };
    const json* type = field("peft_type");
    LS_CHECK_FILE(type && type->is_string(), file, "missing peft_type");
    LS_CHECK_FILE(type->get<std::string>() == "LORA", file,
                  "peft_type is '" + type->get<std::string>() + "', only LORA adapters are supported");
    LoraOptions o;
    o.method = LoraMethod::Lora;
    const json* r = field("r");
    LS_CHECK_FILE(r && r->is_number_integer(), file, "r must be an integer");
    o.r = r->get<int64_t>();
    LS_CHECK_FILE(o.r >= 1 && o.r <= kMaxRank, file, "r must be between 1 and 4096, got " + std::to_string(o.r));
    if (const json* a = field("lora_alpha")) {
        LS_CHECK_FILE(a->is_number(), file, "lora_alpha must be a number");
        o.alpha = a->get<double>();
    } else {
        o.alpha = 8.0;  // PEFT's default
    }
    LS_CHECK_FILE(std::isfinite(o.alpha), file, "lora_alpha must be finite");
    if (const json* d = field("lora_dropout")) {
        LS_CHECK_FILE(d->is_number() && d->get<double>() >= 0.0 && d->get<double>() < 1.0, file,
                      "lora_dropout must be a number in [0, 1)");
        o.dropout = d->get<double>();
    } else {
        o.dropout = 0.0;
    }
    if (const json* rs = field("use_rslora")) {
        LS_CHECK_FILE(rs->is_boolean(), file, "use_rslora must be true or false");
        o.useRslora = rs->get<bool>();
    }
    if (const json* b = field("bias"))
        LS_CHECK_FILE(b->is_string() && b->get<std::string>() == "none", file, "only bias \"none\" is supported");
    if (const json* f = field("fan_in_fan_out"))
        LS_CHECK_FILE(f->is_boolean() && !f->get<bool>(), file, "fan_in_fan_out adapters are not supported");
    if (const json* d = field("use_dora"))
        LS_CHECK_FILE(d->is_boolean() && !d->get<bool>(), file, "DoRA adapters (use_dora) are not supported");
    for (const char* key : {"rank_pattern", "alpha_pattern"})
        if (const json* p = field(key))
            LS_CHECK_FILE(p->is_object() && p->empty(), file, std::string(key) + " is not supported");
    if (const json* m = field("modules_to_save"))
        LS_CHECK_FILE(m->is_array() && m->empty(), file, "modules_to_save is not supported");
    if (const json* t = field("target_modules")) {
        if (t->is_string()) {
            o.targetRegex = t->get<std::string>();
        } else {
            LS_CHECK_FILE(t->is_array(), file, "target_modules must be a list or a string");
            o.targetModules.clear();
            for (const auto& e : *t) {
                LS_CHECK_FILE(e.is_string(), file, "target_modules entries must be strings");
                o.targetModules.push_back(e.get<std::string>());
            }
        }
    }
    return o;
}

}  // namespace ls
