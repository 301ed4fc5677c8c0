// Post-processors of tokenizer.json for single sequences: TemplateProcessing, ByteLevel (ids unchanged),
// Sequence.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lorastudio/tokenizer.h"
#include "tokenizer/json_reader.h"

namespace ls::tok {

class PostProcessor {
public:
    virtual ~PostProcessor() = default;
    // Applied to the ids of one sequence when special tokens are requested.
    virtual void process(std::vector<TokenId>& ids) const = 0;
};

// post_processor from tokenizer.json (null gives nullptr). isKnownId tells whether an id exists.
std::unique_ptr<PostProcessor> makePostProcessor(const json& v, const JsonReader& reader, const std::string& where,
                                                 const std::function<bool(TokenId)>& isKnownId, int depth = 0);

}  // namespace ls::tok
