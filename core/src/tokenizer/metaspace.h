// Options shared by the Metaspace pre-tokenizer and decoder.
#pragma once

#include <string>

#include "tokenizer/json_reader.h"

namespace ls::tok {

enum class PrependScheme { Always, First, Never };

struct MetaspaceOptions {
    std::string replacement = "\xE2\x96\x81";  // "▁", one character
    char32_t replacementChar = 0x2581;
    PrependScheme scheme = PrependScheme::Always;
    bool split = true;
};

// prepend_scheme, or the older add_prefix_space (true: Always, false: Never).
MetaspaceOptions parseMetaspaceOptions(const json& v, const JsonReader& reader, const std::string& where);

}  // namespace ls::tok
