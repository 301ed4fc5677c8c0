// Reading tokenizer.json and tokenizer_config.json into Tokenizer::Impl.
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "lorastudio/error.h"
#include "tokenizer/tokenizer_impl.h"

namespace ls::tok {
namespace {

constexpr std::uintmax_t kMaxFileBytes = 512u << 20;

json parseJson(const std::string& text, const JsonReader& reader) {
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        reader.fail(std::string("not valid JSON (") + e.what() + ")");
    }
}

// bos_token / eos_token: a string, {"content": "..."} or null.
std::optional<TokenId> configToken(const json& cfg, const char* key, const JsonReader& reader,
                                   const Tokenizer::Impl& impl) {
    const json* v = reader.optional(cfg, key, "tokenizer_config");
    if (!v) return std::nullopt;
    const std::string name = v->is_object()
                                 ? reader.string(reader.field(*v, "content", key), std::string(key) + ".content")
                                 : reader.string(*v, key);
    if (auto id = impl.added.idOf(name)) return id;
    if (auto id = impl.model->tokenToId(name)) return id;
    reader.fail(std::string(key) + " \"" + name + "\" is not in the vocabulary");
}

}  // namespace

std::string readFileLimited(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) failFile(file, "cannot open (not a regular file or missing)");
    const std::uintmax_t size = std::filesystem::file_size(file, ec);
    if (ec) failFile(file, "cannot read its size (" + ec.message() + ")");
    if (size > kMaxFileBytes) failFile(file, "file is too large (" + std::to_string(size) + " bytes)");
    std::ifstream in(file, std::ios::binary);
    if (!in) failFile(file, "cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) failFile(file, "read failed");
    return ss.str();
}

std::shared_ptr<const Tokenizer::Impl> loadTokenizer(const std::string& tokenizerJson, const std::string& source,
                                                     const std::string& configJson, const std::string& configSource) {
    const JsonReader reader(source);
    const json root = parseJson(tokenizerJson, reader);
    reader.object(root, "the top level");
    auto impl = std::make_shared<Tokenizer::Impl>();
    impl->source = source;

    const json& model = reader.object(reader.field(root, "model", "the top level"), "model");
    std::string modelType = "BPE";
    if (model.contains("type")) modelType = reader.string(model["type"], "model.type");
    if (modelType != "BPE") reader.fail("model type \"" + modelType + "\" is not supported (only BPE)");
    impl->model = std::make_unique<BpeModel>(model, reader);

    static const json kNull;
    auto member = [&](const char* key) -> const json& {
        auto it = root.find(key);
        return it == root.end() ? kNull : *it;
    };
    impl->normalizer = makeNormalizer(member("normalizer"), reader, "normalizer");
    impl->preTokenizer = makePreTokenizer(member("pre_tokenizer"), reader, "pre_tokenizer", impl->byteLevel);
    bool decoderByteLevel = false;
    impl->decoder = makeDecoder(member("decoder"), reader, "decoder", decoderByteLevel);
    impl->byteLevel = impl->byteLevel || decoderByteLevel;
    if (!member("added_tokens").is_null())
        impl->added.load(member("added_tokens"), reader, *impl->model, impl->normalizer.get());

    const Tokenizer::Impl& ref = *impl;
    auto isKnownId = [&ref](TokenId id) { return ref.added.byId(id) || ref.model->idToToken(id); };
    impl->postProcessor = makePostProcessor(member("post_processor"), reader, "post_processor", isKnownId);

    // tokenizers' get_vocab_size(with_added_tokens=true): distinct strings of vocab and added tokens.
    size_t extra = 0;
    for (const auto& t : impl->added.tokens())
        if (!impl->model->tokenToId(t.content)) ++extra;
    impl->vocabSize = static_cast<int32_t>(impl->model->vocabSize() + extra);

    if (!configJson.empty()) {
        const JsonReader cfgReader(configSource);
        const json cfg = parseJson(configJson, cfgReader);
        cfgReader.object(cfg, "the top level");
        impl->bos = configToken(cfg, "bos_token", cfgReader, *impl);
        impl->eos = configToken(cfg, "eos_token", cfgReader, *impl);
        impl->chatTemplate = cfgReader.optional(cfg, "chat_template", "the top level") != nullptr;
    }
    return impl;
}

}  // namespace ls::tok
