// Which linear modules get an adapter: PEFT's target_modules rules plus a layer range.
#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>

#include "lorastudio/error.h"
#include "lorastudio/lora.h"

namespace ls {
namespace {

bool isAllLinear(const std::string& entry) {
    std::string lower = entry;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == "all-linear";
}

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// PEFT's list rule: the name equals the entry or ends with "." + entry; "all-linear" is every decoder linear.
bool entryMatches(const std::string& entry, const LinearModuleInfo& m) {
    if (isAllLinear(entry)) return m.layer >= 0;
    return m.name == entry || endsWith(m.name, "." + entry);
}

bool inLayerRange(const LinearModuleInfo& m, const LoraOptions& o) {
    if (!o.hasLayerFilter()) return true;
    if (m.layer < 0) return false;
    return m.layer >= o.firstLayer && (o.lastLayer < 0 || m.layer <= o.lastLayer);
}

// "model.layers.{0..31}.self_attn.q_proj (Linear 4096->4096), ..., lm_head (Linear 4096->32000)".
std::string describeModules(const std::vector<LinearModuleInfo>& modules) {
    struct Group {
        int64_t first = -1, last = -1;
        std::set<std::string> types;
        std::string shape;
    };
    std::vector<std::string> order;
    std::map<std::string, Group> groups;
    for (const auto& m : modules) {
        std::string key = m.name;
        const std::string marker = "layers." + std::to_string(m.layer) + ".";
        auto pos = m.layer >= 0 ? key.find(marker) : std::string::npos;
        if (pos != std::string::npos) key.replace(pos, marker.size(), "layers.{}.");
        auto [it, added] = groups.emplace(key, Group{});
        if (added) order.push_back(key);
        Group& g = it->second;
        if (m.layer >= 0) {
            g.first = g.first < 0 ? m.layer : std::min(g.first, m.layer);
            g.last = std::max(g.last, m.layer);
        }
        g.types.insert(m.type);
        g.shape = std::to_string(m.inFeatures) + "->" + std::to_string(m.outFeatures);
    }
    std::string out;
    for (const auto& key : order) {
        const Group& g = groups[key];
        std::string name = key;
        auto pos = name.find("{}");
        if (pos != std::string::npos)
            name.replace(pos, 2, "{" + std::to_string(g.first) + ".." + std::to_string(g.last) + "}");
        std::string types;
        for (const auto& t : g.types) types += (types.empty() ? "" : "/") + t;
        out += (out.empty() ? "" : ", ") + name + " (" + types + " " + g.shape + ")";
    }
    return out;
}

std::string quotedList(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "'" : ", '") + s + "'";
    return out;
}

std::string layerText(const LoraOptions& o) {
    if (!o.hasLayerFilter()) return "";
    return " in layers " + std::to_string(o.firstLayer) + ".." +
           (o.lastLayer < 0 ? std::string("last") : std::to_string(o.lastLayer));
}

}  // namespace

std::vector<std::string> selectLoraTargets(const std::vector<LinearModuleInfo>& modules, const LoraOptions& o) {
    validateLoraOptions(o);
    const std::string known = "; the model's linear modules are: " + describeModules(modules);
    std::vector<std::string> selected;
    if (!o.targetRegex.empty()) {
        const std::regex re(o.targetRegex);
        for (const auto& m : modules)
            if (inLayerRange(m, o) && std::regex_match(m.name, re)) selected.push_back(m.name);
        if (selected.empty())
            fail("LoRA target_modules regex '" + o.targetRegex + "' matches no linear module" + layerText(o) + known);
        return selected;
    }
    std::vector<std::string> unmatched;
    std::vector<bool> hit(o.targetModules.size(), false);
    for (const auto& m : modules) {
        if (!inLayerRange(m, o)) continue;
        bool any = false;
        for (std::size_t i = 0; i < o.targetModules.size(); ++i)
            if (entryMatches(o.targetModules[i], m)) any = hit[i] = true;
        if (any) selected.push_back(m.name);
    }
    for (std::size_t i = 0; i < hit.size(); ++i)
        if (!hit[i]) unmatched.push_back(o.targetModules[i]);
    if (selected.empty())
        fail("LoRA target_modules " + quotedList(o.targetModules) + " match no linear module" + layerText(o) + known);
    if (!unmatched.empty())
        fail("LoRA target_modules " + std::string(unmatched.size() == 1 ? "entry " : "entries ") +
             quotedList(unmatched) + " match no linear module" + layerText(o) + known);
    return selected;
}

}  // namespace ls
