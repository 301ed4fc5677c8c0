// Unicode canonical normalization (NFD, NFC) with the generated tables; Hangul is algorithmic.
// Invalid UTF-8 bytes pass through unchanged.
#pragma once

#include <string>

namespace ls::tok {

std::string nfd(const std::string& s);
std::string nfc(const std::string& s);

}  // namespace ls::tok
