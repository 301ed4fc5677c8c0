// ls::Tokenizer: the encode/decode pipeline of the `tokenizers` library over the loaded parts.
#include "lorastudio/tokenizer.h"

#include "lorastudio/error.h"
#include "tokenizer/tokenizer_impl.h"
#include "tokenizer/unicode.h"

namespace ls {

Tokenizer::Tokenizer(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}

Tokenizer Tokenizer::fromJson(const std::string& tokenizerJson, const std::string& source,
                              const std::string& tokenizerConfigJson) {
    const std::filesystem::path configPath = std::filesystem::path(source).parent_path() / "tokenizer_config.json";
    return Tokenizer(tok::loadTokenizer(tokenizerJson, source, tokenizerConfigJson, configPath.string()));
}

Tokenizer Tokenizer::fromFile(const std::filesystem::path& tokenizerJson) {
    const std::string text = tok::readFileLimited(tokenizerJson);
    const std::filesystem::path configPath = tokenizerJson.parent_path() / "tokenizer_config.json";
    std::string config;
    std::error_code ec;
    if (std::filesystem::exists(configPath, ec)) config = tok::readFileLimited(configPath);
    return Tokenizer(tok::loadTokenizer(text, tokenizerJson.string(), config, configPath.string()));
}

Tokenizer Tokenizer::fromFolder(const std::filesystem::path& dir) { return fromFile(dir / "tokenizer.json"); }

std::vector<TokenId> Tokenizer::encode(const std::string& text, bool addSpecialTokens) const {
    const Impl& m = *m_impl;
    std::vector<TokenId> ids;
    std::vector<tok::Piece> words;
    // 1. Added tokens in the raw text; 2. normalize the rest; 3. normalized added tokens; 4. pre-tokenize;
    // 5. the model on each word.
    for (const auto& raw : m.added.split(text, false)) {
        if (raw.id >= 0) {
            ids.push_back(raw.id);
            continue;
        }
        const std::string piece = text.substr(raw.begin, raw.end - raw.begin);
        const std::string normalized = m.normalizer ? m.normalizer->normalize(piece) : piece;
        for (const auto& sub : m.added.split(normalized, true)) {
            if (sub.id >= 0) {
                ids.push_back(sub.id);
                continue;
            }
            if (sub.end <= sub.begin) continue;
            words.assign(
                1, tok::Piece{normalized.substr(sub.begin, sub.end - sub.begin), raw.begin == 0 && sub.begin == 0});
            if (m.preTokenizer) m.preTokenizer->apply(words);
            for (const tok::Piece& w : words) m.model->tokenize(w.text, ids);
        }
    }
    if (addSpecialTokens && m.postProcessor) m.postProcessor->process(ids);
    return ids;
}

std::string Tokenizer::decode(const std::vector<TokenId>& ids, bool skipSpecialTokens) const {
    const Impl& m = *m_impl;
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (TokenId id : ids) {
        const std::string* token = nullptr;
        if (const tok::AddedToken* a = m.added.byId(id))
            token = &a->content;
        else
            token = m.model->idToToken(id);
        if (!token) continue;  // unknown ids are skipped, as the library does
        if (skipSpecialTokens && m.added.isSpecialContent(*token)) continue;
        tokens.push_back(*token);
    }
    std::string out;
    if (m.decoder) {
        m.decoder->decodeChain(tokens);
        for (const auto& t : tokens) out += t;
    } else {
        for (size_t i = 0; i < tokens.size(); ++i) {
            if (i) out += ' ';
            out += tokens[i];
        }
    }
    return tok::utf8Lossy(out);
}

int32_t Tokenizer::vocabSize() const { return m_impl->vocabSize; }

std::optional<TokenId> Tokenizer::tokenToId(const std::string& token) const {
    if (auto id = m_impl->added.idOf(token)) return id;
    return m_impl->model->tokenToId(token);
}

std::string Tokenizer::idToToken(TokenId id) const {
    if (const tok::AddedToken* a = m_impl->added.byId(id)) return a->content;
    const std::string* t = m_impl->model->idToToken(id);
    return t ? *t : std::string();
}

std::optional<TokenId> Tokenizer::bosId() const { return m_impl->bos; }
std::optional<TokenId> Tokenizer::eosId() const { return m_impl->eos; }

bool Tokenizer::isSpecial(TokenId id) const {
    const tok::AddedToken* a = m_impl->added.byId(id);
    return a && a->special;
}

bool Tokenizer::hasChatTemplate() const { return m_impl->chatTemplate; }

std::string Tokenizer::kindName() const {
    return m_impl->byteLevel ? "byte-level BPE" : "SentencePiece BPE (byte fallback)";
}

}  // namespace ls
