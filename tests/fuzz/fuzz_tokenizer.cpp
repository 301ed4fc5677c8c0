// tokenizer.json (+ optionally tokenizer_config.json after a line holding only "\x01"): Tokenizer::fromJson,
// then encode a few fixed texts and the input's own first bytes (any bytes, invalid UTF-8 included), decode
// the ids back and every id around the vocabulary's edges.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "lorastudio/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const std::string source = "fuzz/tokenizer.json", configSource = "fuzz/tokenizer_config.json";
    std::string json = input, config;
    const std::size_t sep = input.find("\n\x01\n");
    if (sep != std::string::npos) {
        json = input.substr(0, sep);
        config = input.substr(sep + 3);
    }
    lsfuzz::acceptsWithPrefixes({source + ": ", configSource + ": "}, [&] {
        const ls::Tokenizer tok = ls::Tokenizer::fromJson(json, source, config);
        const int32_t vocab = tok.vocabSize();
        lsfuzz::check(vocab >= 0, "negative vocabulary size");
        const std::string texts[] = {"Hello world!  The  quick\tbrown fox, 123 4567.\n",
                                     "caf\xc3\xa9 \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 <s></s><|endoftext|>",
                                     "\xff\xfe invalid \xc3 utf-8 \xed\xa0\x80", input.substr(0, 200)};
        for (const std::string& text : texts) {
            for (bool special : {false, true}) {
                const std::vector<ls::TokenId> ids = tok.encode(text, special);
                for (ls::TokenId id : ids) lsfuzz::check(id >= 0, "encode gave a negative id");
                (void)tok.decode(ids, false);
                (void)tok.decode(ids, true);
            }
        }
        std::vector<ls::TokenId> edges = {-1, 0, 1, vocab - 1, vocab, vocab < INT32_MAX ? vocab + 1 : vocab, INT32_MAX, INT32_MIN};
        for (ls::TokenId id : edges) (void)tok.idToToken(id);
        (void)tok.decode(edges, false);
        (void)tok.tokenToId("<s>");
        (void)tok.kindName();
    });
    return 0;
}
