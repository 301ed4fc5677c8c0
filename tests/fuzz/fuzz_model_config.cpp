// config.json of a causal LM (parseModelConfig). An accepted config must survive its own round trip
// (modelConfigToJson, parsed again to the same shape).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.h"
#include "lorastudio/model_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string source = "fuzz/config.json";
    const std::string text(reinterpret_cast<const char*>(data), size);
    ls::ModelConfig c;
    if (!lsfuzz::accepts(source, [&] { c = ls::parseModelConfig(text, source); })) return 0;
    const std::string again = ls::modelConfigToJson(c);
    ls::ModelConfig d;
    if (!lsfuzz::accepts(source, [&] { d = ls::parseModelConfig(again, source); }))
        lsfuzz::finding("an accepted config.json does not read back after modelConfigToJson: " + again);
    lsfuzz::check(c.architecture == d.architecture && c.vocabSize == d.vocabSize && c.hiddenSize == d.hiddenSize &&
                      c.intermediateSize == d.intermediateSize && c.numLayers == d.numLayers &&
                      c.numHeads == d.numHeads && c.numKvHeads == d.numKvHeads && c.headDim == d.headDim &&
                      c.tieWordEmbeddings == d.tieWordEmbeddings && c.rope.type == d.rope.type,
                  "config.json round trip changed the model shape: " + again);
    return 0;
}
