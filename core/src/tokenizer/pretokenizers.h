// Pre-tokenizers: split a normalized piece of text into words for the model (Split, ByteLevel, Metaspace,
// Sequence), as the `tokenizers` library does.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tokenizer/json_reader.h"

namespace ls::tok {

struct Piece {
    std::string text;
    bool atStart = false;  // begins at offset 0 of the original text (Metaspace's prepend_scheme "first")
};

class PreTokenizer {
public:
    virtual ~PreTokenizer() = default;
    // Replaces the pieces by their splits; empty splits are dropped.
    virtual void apply(std::vector<Piece>& pieces) const = 0;
};

enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

struct SplitMatch {
    size_t begin, end;
    bool isMatch;
};

// Matches of a pattern in text as the library's Pattern::find_matches gives them (gaps included).
std::vector<SplitMatch> withGaps(const std::vector<std::pair<size_t, size_t>>& matches, size_t textSize);
// Splits piece at the matches by behavior, appending non-empty pieces to out.
void splitByBehavior(const Piece& piece, std::vector<SplitMatch> matches, SplitBehavior behavior,
                     std::vector<Piece>& out);

// pre_tokenizer from tokenizer.json (null gives nullptr). byteLevel is set when a ByteLevel step is present.
std::unique_ptr<PreTokenizer> makePreTokenizer(const json& v, const JsonReader& reader, const std::string& where,
                                               bool& byteLevel, int depth = 0);

// The individual pre-tokenizers (pretokenizer_*.cpp).
std::unique_ptr<PreTokenizer> makeSplitPreTokenizer(const json& v, const JsonReader& reader, const std::string& where);
std::unique_ptr<PreTokenizer> makeByteLevelPreTokenizer(const json& v, const JsonReader& reader,
                                                        const std::string& where);
std::unique_ptr<PreTokenizer> makeMetaspacePreTokenizer(const json& v, const JsonReader& reader,
                                                        const std::string& where);

}  // namespace ls::tok
