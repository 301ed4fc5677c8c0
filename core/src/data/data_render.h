// Internal: a row rendered as pieces (text to encode, or a special token by id).
#pragma once

#include <string>
#include <vector>

#include "lorastudio/dataset.h"

namespace ls::data {

struct Piece {
    std::string text;  // the text to encode, or the special token's name
    TokenId id = -1;   // >= 0: insert this id, do not encode
    bool trained = false;
};

std::vector<Piece> renderPieces(const DataRow& row, DataFormat format, PromptTemplate resolved, const Tokenizer& tok);

}  // namespace ls::data
