#include "target_selection.h"

#include <algorithm>
#include <map>
#include <set>

namespace ls::gui {

namespace {

std::string shortName(const std::string& name) { return name.substr(name.rfind('.') + 1); }

// The compact options for `chosen`, or false when the selection has no compact form.
bool compactOptions(const std::vector<ls::LinearModuleInfo>& modules, const std::set<std::string>& chosen,
                    ls::LoraOptions& out) {
    std::vector<std::string> typeOrder;                  // decoder module types in model order
    std::map<std::string, std::set<int64_t>> allLayers;  // type -> its layers
    std::map<std::string, std::set<int64_t>> picked;     // type -> chosen layers
    std::vector<std::string> layerless;                  // chosen modules outside the layers (lm_head)
    int64_t numLayers = 0;
    for (const auto& m : modules) {
        if (m.layer < 0) {
            if (chosen.count(m.name)) layerless.push_back(m.name);
            continue;
        }
        numLayers = std::max(numLayers, m.layer + 1);
        const std::string type = shortName(m.name);
        if (!allLayers.count(type)) typeOrder.push_back(type);
        allLayers[type].insert(m.layer);
        if (chosen.count(m.name)) picked[type].insert(m.layer);
    }

    // Every chosen type must cover the same run of layers [first, last], all of its modules in it.
    int64_t first = -1, last = -1;
    for (const auto& [type, layers] : picked) {
        const int64_t lo = *layers.begin(), hi = *layers.rbegin();
        if (first < 0) {
            first = lo;
            last = hi;
        } else if (lo != first || hi != last) {
            return false;
        }
        for (int64_t l : allLayers[type])
            if (l >= lo && l <= hi && !layers.count(l)) return false;
    }
    const bool fullRange = picked.empty() || (first == 0 && last == numLayers - 1);
    if (!fullRange && !layerless.empty()) return false;  // a layer filter leaves lm_head out

    std::vector<std::string> entries;
    if (!picked.empty() && picked.size() == typeOrder.size()) {
        entries.push_back("all-linear");
    } else {
        for (const auto& type : typeOrder)
            if (picked.count(type)) entries.push_back(type);
    }
    entries.insert(entries.end(), layerless.begin(), layerless.end());
    out.targetModules = entries;
    if (!fullRange) {
        out.firstLayer = first;
        out.lastLayer = last;
    }
    return true;
}

}  // namespace

ls::LoraOptions withTargetSelection(ls::LoraOptions base, const std::vector<ls::LinearModuleInfo>& modules,
                                    const std::vector<std::string>& selected) {
    base.targetRegex.clear();
    base.firstLayer = 0;
    base.lastLayer = -1;
    base.targetModules.clear();
    if (selected.empty()) return base;

    const std::set<std::string> chosen(selected.begin(), selected.end());
    ls::LoraOptions compact = base;
    if (compactOptions(modules, chosen, compact)) {
        try {
            const auto names = ls::selectLoraTargets(modules, compact);
            if (std::set<std::string>(names.begin(), names.end()) == chosen) return compact;
        } catch (const std::exception&) {
            // Falls back to the full names below.
        }
    }
    for (const auto& m : modules)
        if (chosen.count(m.name)) base.targetModules.push_back(m.name);
    return base;
}

}  // namespace ls::gui
