// Normalizers of tokenizer.json: NFC, NFD, Prepend, Replace, Strip, Sequence.
#pragma once

#include <memory>
#include <string>

#include "tokenizer/json_reader.h"

namespace ls::tok {

class Normalizer {
public:
    virtual ~Normalizer() = default;
    virtual std::string normalize(const std::string& text) const = 0;
};

// normalizer from tokenizer.json (null gives nullptr).
std::unique_ptr<Normalizer> makeNormalizer(const json& v, const JsonReader& reader, const std::string& where,
                                           int depth = 0);

}  // namespace ls::tok
