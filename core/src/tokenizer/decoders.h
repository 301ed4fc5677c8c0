// Decoders of tokenizer.json: ByteLevel, Metaspace, Replace, ByteFallback, Fuse, Strip, Sequence.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tokenizer/json_reader.h"

namespace ls::tok {

class Decoder {
public:
    virtual ~Decoder() = default;
    // The library's decode_chain: tokens in, tokens out (joined with "" at the end).
    virtual void decodeChain(std::vector<std::string>& tokens) const = 0;
};

// decoder from tokenizer.json (null gives nullptr). byteLevel is set when a ByteLevel step is present.
std::unique_ptr<Decoder> makeDecoder(const json& v, const JsonReader& reader, const std::string& where, bool& byteLevel,
                                     int depth = 0);

}  // namespace ls::tok
