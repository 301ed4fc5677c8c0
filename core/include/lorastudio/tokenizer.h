// Hugging Face tokenizer.json: byte-level BPE (GPT-2, Llama 3, Qwen2) and SentencePiece-style BPE with
// byte fallback (Llama 2, TinyLlama, Mistral). Encode/decode equal the `tokenizers` library's output.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ls {

using TokenId = int32_t;

class Tokenizer {
public:
    // tokenizer.json; tokenizer_config.json beside it (if present) gives bos/eos and the chat template.
    static Tokenizer fromFile(const std::filesystem::path& tokenizerJson);
    static Tokenizer fromFolder(const std::filesystem::path& dir);
    // From text (tests, fuzzing). `source` names the file in errors.
    static Tokenizer fromJson(const std::string& tokenizerJson, const std::string& source,
                              const std::string& tokenizerConfigJson = {});

    // addSpecialTokens applies the post-processor (e.g. "<s> $A") as the library does.
    std::vector<TokenId> encode(const std::string& text, bool addSpecialTokens = false) const;
    std::string decode(const std::vector<TokenId>& ids, bool skipSpecialTokens = false) const;

    int32_t vocabSize() const;  // model vocab plus added tokens (tokenizers' get_vocab_size())
    std::optional<TokenId> tokenToId(const std::string& token) const;
    std::string idToToken(TokenId id) const;  // empty when unknown
    std::optional<TokenId> bosId() const;
    std::optional<TokenId> eosId() const;
    bool isSpecial(TokenId id) const;
    bool hasChatTemplate() const;
    std::string kindName() const;  // "byte-level BPE" or "SentencePiece BPE (byte fallback)"

    struct Impl;

private:
    explicit Tokenizer(std::shared_ptr<const Impl> impl);
    std::shared_ptr<const Impl> m_impl;
};

}  // namespace ls
