// LoRA adapter settings from JSON: PEFT's adapter_config.json (parsePeftAdapterConfig, what
// LoraAdapter::loadPeft reads) and the run config's LoRA block (loraOptionsFromJson, validated, its regex
// compiled). Accepted options must survive loraOptionsToJson -> loraOptionsFromJson.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.h"
#include "lorastudio/lora.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::string peftSource = "fuzz/adapter_config.json";
    lsfuzz::accepts(peftSource, [&] {
        ls::LoraOptions o = ls::parsePeftAdapterConfig(text, peftSource);
        lsfuzz::check(o.r >= 1 && o.r <= 4096, "accepted adapter_config.json with r out of range");
    });
    const std::string runSource = "fuzz/run.json";
    ls::LoraOptions o;
    if (!lsfuzz::accepts(runSource, [&] { o = ls::loraOptionsFromJson(text, runSource); })) return 0;
    const std::string again = ls::loraOptionsToJson(o);
    if (!lsfuzz::accepts(runSource, [&] { ls::loraOptionsFromJson(again, runSource); }))
        lsfuzz::finding("accepted LoRA options do not read back after loraOptionsToJson: " + again);
    return 0;
}
