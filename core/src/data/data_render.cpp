// Built-in prompt templates. Special tokens are pieces with an id; only row text goes through encode().
#include "data/data_render.h"

#include "lorastudio/error.h"

namespace ls::data {

namespace {

struct Builder {
    const Tokenizer& tok;
    PromptTemplate templ;
    std::vector<Piece> pieces;
    void text(const std::string& t, bool trained) {
        if (!t.empty()) pieces.push_back({t, -1, trained});
    }
    void special(const std::string& name, bool trained) {
        auto id = tok.tokenToId(name);
        // Names the setting: a template chosen by hand (--template, the Data page) that this tokenizer lacks.
        LS_CHECK(id.has_value(), "prompt template '" + promptTemplateName(templ) + "': the tokenizer has no " + name +
                                     " token (choose another template, or auto)");
        pieces.push_back({name, *id, trained});
    }
    void id(std::optional<TokenId> id, bool trained) {
        if (id) pieces.push_back({tok.idToToken(*id), *id, trained});
    }
    void eos(bool trained) { id(tok.eosId(), trained); }
    void bos() { id(tok.bosId(), false); }
};

std::vector<ChatMessage> asMessages(const DataRow& row, DataFormat format) {
    if (format == DataFormat::Chat) return row.messages;
    std::string user = row.instruction;
    if (!row.input.empty()) user += "\n\n" + row.input;
    return {{"user", user}, {"assistant", row.output}};
}

bool isSentencePiece(const Tokenizer& tok) { return tok.kindName().find("SentencePiece") != std::string::npos; }

}  // namespace

std::vector<Piece> renderPieces(const DataRow& row, DataFormat format, PromptTemplate t, const Tokenizer& tok) {
    Builder b{tok, t, {}};
    if (format == DataFormat::Text) {
        b.bos();
        b.text(row.text, true);
        b.eos(true);
        return b.pieces;
    }
    const std::vector<ChatMessage> msgs = asMessages(row, format);
    switch (t) {
        case PromptTemplate::Llama3: {
            b.bos();
            const bool hasEot = tok.tokenToId("<|eot_id|>").has_value();
            for (const auto& m : msgs) {
                const bool trained = m.role == "assistant";
                b.special("<|start_header_id|>", false);
                b.text(m.role, false);
                b.special("<|end_header_id|>", false);
                b.text("\n\n", false);
                b.text(m.content, trained);
                if (hasEot)
                    b.special("<|eot_id|>", trained);
                else
                    b.eos(trained);
            }
            break;
        }
        case PromptTemplate::ChatML: {
            b.bos();
            for (size_t i = 0; i < msgs.size(); ++i) {
                const auto& m = msgs[i];
                const bool trained = m.role == "assistant";
                b.special("<|im_start|>", false);
                b.text(m.role + "\n", false);
                b.text(m.content, trained);
                b.special("<|im_end|>", trained);
                if (i + 1 < msgs.size()) b.text("\n", false);
            }
            break;
        }
        case PromptTemplate::Inst: {
            // Llama 2 / Mistral: <s>[INST] <<SYS>>\n{s}\n<</SYS>>\n\n{u} [/INST] {a}</s><s>[INST] ...
            const std::string space = isSentencePiece(tok) ? "" : " ";  // SentencePiece adds its own
            std::string system;
            bool first = true;
            for (const auto& m : msgs) {
                if (m.role == "system") {
                    system += (system.empty() ? "" : "\n") + m.content;
                } else if (m.role == "user") {
                    b.bos();  // each turn starts with bos, as Llama 2 does
                    std::string u = m.content;
                    if (!system.empty()) u = "<<SYS>>\n" + system + "\n<</SYS>>\n\n" + u, system.clear();
                    b.text("[INST] " + u + " [/INST]", false);
                    first = false;
                } else {
                    if (first) b.bos(), first = false;
                    b.text(space + m.content, true);
                    b.eos(true);
                }
            }
            break;
        }
        case PromptTemplate::Plain:
        case PromptTemplate::Auto: {
            b.bos();
            if (format == DataFormat::Alpaca) {
                std::string prompt = "### Instruction:\n" + row.instruction + "\n\n";
                if (!row.input.empty()) prompt += "### Input:\n" + row.input + "\n\n";
                b.text(prompt + "### Response:\n", false);
                b.text(row.output, true);
                b.eos(true);
            } else {
                for (const auto& m : msgs) {
                    std::string head = m.role == "system" ? "### System:\n"
                                       : m.role == "user" ? "### User:\n"
                                                          : "### Assistant:\n";
                    if (m.role == "assistant") {
                        b.text(head, false);
                        b.text(m.content, true);
                        b.eos(true);
                        b.text("\n\n", false);
                    } else {
                        b.text(head + m.content + "\n\n", false);
                    }
                }
                if (!b.pieces.empty() && !b.pieces.back().trained && b.pieces.back().text == "\n\n")
                    b.pieces.pop_back();
            }
            break;
        }
    }
    return b.pieces;
}

}  // namespace ls::data

namespace ls {

std::string promptTemplateName(PromptTemplate t) {
    switch (t) {
        case PromptTemplate::Auto:
            return "auto";
        case PromptTemplate::Llama3:
            return "llama3";
        case PromptTemplate::ChatML:
            return "chatml";
        case PromptTemplate::Inst:
            return "inst";
        case PromptTemplate::Plain:
            return "plain";
    }
    return "?";
}

PromptTemplate resolveTemplate(const Tokenizer& tok, DataFormat format, PromptTemplate requested) {
    if (requested != PromptTemplate::Auto) return requested;
    if (tok.tokenToId("<|start_header_id|>")) return PromptTemplate::Llama3;
    if (tok.tokenToId("<|im_start|>")) return PromptTemplate::ChatML;
    return format == DataFormat::Chat ? PromptTemplate::Inst : PromptTemplate::Plain;
}

std::vector<RenderedPart> renderRow(const DataRow& row, DataFormat format, PromptTemplate resolved,
                                    const Tokenizer& tok) {
    std::vector<RenderedPart> parts;
    for (const auto& p : data::renderPieces(row, format, resolveTemplate(tok, format, resolved), tok)) {
        if (!parts.empty() && parts.back().trained == p.trained)
            parts.back().text += p.text;
        else
            parts.push_back({p.text, p.trained});
    }
    return parts;
}

}  // namespace ls
