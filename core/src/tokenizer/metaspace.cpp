#include "tokenizer/metaspace.h"

#include "tokenizer/unicode.h"

namespace ls::tok {

MetaspaceOptions parseMetaspaceOptions(const json& v, const JsonReader& reader, const std::string& where) {
    MetaspaceOptions o;
    o.replacement = reader.stringOr(v, "replacement", where, o.replacement);
    const CodePoints cps = decodeAll(o.replacement);
    if (cps.cps.size() != 1 || !isValidUtf8(o.replacement)) reader.fail(where + ".replacement must be one character");
    o.replacementChar = cps.cps[0];
    if (const json* s = reader.optional(v, "prepend_scheme", where)) {
        const std::string name = reader.string(*s, where + ".prepend_scheme");
        if (name == "always")
            o.scheme = PrependScheme::Always;
        else if (name == "first")
            o.scheme = PrependScheme::First;
        else if (name == "never")
            o.scheme = PrependScheme::Never;
        else
            reader.fail(where + ".prepend_scheme has the unknown value \"" + name + "\"");
    } else if (!reader.boolOr(v, "add_prefix_space", where, true)) {
        o.scheme = PrependScheme::Never;
    }
    o.split = reader.boolOr(v, "split", where, true);
    return o;
}

}  // namespace ls::tok
