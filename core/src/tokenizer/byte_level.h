// GPT-2's byte <-> printable character map, used by the ByteLevel pre-tokenizer and decoder.
#pragma once

#include <string>

namespace ls::tok {

// Every byte of text as its printable character (UTF-8).
std::string bytesToByteLevel(const std::string& text);
// The bytes a token stands for; false when the token has a character outside the map.
bool byteLevelToBytes(const std::string& token, std::string& bytes);

}  // namespace ls::tok
