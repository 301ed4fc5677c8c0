#include "tokenizer/post_processors.h"

#include <climits>
#include <map>

namespace ls::tok {
namespace {

constexpr int kMaxNesting = 32;

class TemplatePostProcessor : public PostProcessor {
public:
    // Each item: the sequence itself (empty ids and isSequence) or the ids of a special token.
    struct Item {
        bool isSequence;
        std::vector<TokenId> ids;
    };
    explicit TemplatePostProcessor(std::vector<Item> items) : m_items(std::move(items)) {}
    void process(std::vector<TokenId>& ids) const override {
        std::vector<TokenId> out;
        for (const Item& it : m_items) {
            if (it.isSequence)
                out.insert(out.end(), ids.begin(), ids.end());
            else
                out.insert(out.end(), it.ids.begin(), it.ids.end());
        }
        ids = std::move(out);
    }

private:
    std::vector<Item> m_items;
};

class IdentityPostProcessor : public PostProcessor {
public:
    void process(std::vector<TokenId>&) const override {}
};

class SequencePostProcessor : public PostProcessor {
public:
    explicit SequencePostProcessor(std::vector<std::unique_ptr<PostProcessor>> steps) : m_steps(std::move(steps)) {}
    void process(std::vector<TokenId>& ids) const override {
        for (const auto& p : m_steps) p->process(ids);
    }

private:
    std::vector<std::unique_ptr<PostProcessor>> m_steps;
};

std::unique_ptr<PostProcessor> makeTemplate(const json& v, const JsonReader& reader, const std::string& where,
                                            const std::function<bool(TokenId)>& isKnownId) {
    // special_tokens: name -> {"id": name, "ids": [...], "tokens": [...]}
    std::map<std::string, std::vector<TokenId>> specials;
    if (const json* st = reader.optional(v, "special_tokens", where)) {
        reader.object(*st, where + ".special_tokens");
        for (auto it = st->begin(); it != st->end(); ++it) {
            const std::string at = where + ".special_tokens[\"" + it.key() + "\"]";
            const json& ids = reader.array(reader.field(it.value(), "ids", at), at + ".ids");
            std::vector<TokenId> list;
            for (size_t i = 0; i < ids.size(); ++i) {
                const auto id =
                    static_cast<TokenId>(reader.integer(ids[i], at + ".ids[" + std::to_string(i) + "]", 0, INT32_MAX));
                if (!isKnownId(id))
                    reader.fail(at + " uses id " + std::to_string(id) + ", which is not in the vocabulary");
                list.push_back(id);
            }
            specials[it.key()] = std::move(list);
        }
    }
    const json& single = reader.array(reader.field(v, "single", where), where + ".single");
    std::vector<TemplatePostProcessor::Item> items;
    for (size_t i = 0; i < single.size(); ++i) {
        const std::string at = where + ".single[" + std::to_string(i) + "]";
        const json& piece = reader.object(single[i], at);
        if (const json* s = reader.optional(piece, "SpecialToken", at)) {
            const std::string name =
                reader.string(reader.field(*s, "id", at + ".SpecialToken"), at + ".SpecialToken.id");
            auto it = specials.find(name);
            if (it == specials.end()) reader.fail(at + " names \"" + name + "\", which is not in special_tokens");
            items.push_back({false, it->second});
        } else if (const json* q = reader.optional(piece, "Sequence", at)) {
            const std::string id = reader.string(reader.field(*q, "id", at + ".Sequence"), at + ".Sequence.id");
            if (id != "A") reader.fail(at + " uses sequence \"" + id + "\" in the single template");
            items.push_back({true, {}});
        } else {
            reader.fail(at + " must be {\"SpecialToken\": ...} or {\"Sequence\": ...}");
        }
    }
    return std::make_unique<TemplatePostProcessor>(std::move(items));
}

}  // namespace

std::unique_ptr<PostProcessor> makePostProcessor(const json& v, const JsonReader& reader, const std::string& where,
                                                 const std::function<bool(TokenId)>& isKnownId, int depth) {
    if (v.is_null()) return nullptr;
    if (depth > kMaxNesting) reader.fail(where + " nests Sequence too deeply");
    const std::string type = reader.type(v, where);
    if (type == "TemplateProcessing") return makeTemplate(v, reader, where, isKnownId);
    if (type == "ByteLevel") return std::make_unique<IdentityPostProcessor>();
    if (type == "Sequence") {
        const json& list = reader.array(reader.field(v, "processors", where), where + ".processors");
        std::vector<std::unique_ptr<PostProcessor>> steps;
        for (size_t i = 0; i < list.size(); ++i) {
            auto p = makePostProcessor(list[i], reader, where + ".processors[" + std::to_string(i) + "]", isKnownId,
                                       depth + 1);
            if (p) steps.push_back(std::move(p));
        }
        return std::make_unique<SequencePostProcessor>(std::move(steps));
    }
    reader.fail(where + " has the unsupported type \"" + type + "\"");
}

}  // namespace ls::tok
