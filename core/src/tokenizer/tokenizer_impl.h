// The parts of a loaded tokenizer (shared by tokenizer_load.cpp and tokenizer.cpp).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "lorastudio/tokenizer.h"
#include "tokenizer/added_vocabulary.h"
#include "tokenizer/bpe_model.h"
#include "tokenizer/decoders.h"
#include "tokenizer/normalizers.h"
#include "tokenizer/post_processors.h"
#include "tokenizer/pretokenizers.h"

namespace ls {

struct Tokenizer::Impl {
    std::string source;
    std::unique_ptr<tok::Normalizer> normalizer;
    std::unique_ptr<tok::PreTokenizer> preTokenizer;
    std::unique_ptr<tok::BpeModel> model;
    std::unique_ptr<tok::PostProcessor> postProcessor;
    std::unique_ptr<tok::Decoder> decoder;
    tok::AddedVocabulary added;
    std::optional<TokenId> bos, eos;
    bool chatTemplate = false;
    bool byteLevel = false;
    int32_t vocabSize = 0;
};

namespace tok {
// Builds the tokenizer; errors name `source` (tokenizer.json) or `configSource` (tokenizer_config.json).
std::shared_ptr<const Tokenizer::Impl> loadTokenizer(const std::string& tokenizerJson, const std::string& source,
                                                     const std::string& configJson, const std::string& configSource);
std::string readFileLimited(const std::filesystem::path& file);
}  // namespace tok

}  // namespace ls
