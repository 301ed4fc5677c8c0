// Training data: load JSON / JSONL rows (alpaca, chat or raw text, detected from the fields), render
// them with a built-in prompt template per model family, tokenize into {input_ids, labels} with the
// prompt masked (-100), truncate, optionally pack, split into train / eval. Torch-free.
//
// Templates are built in; a chat template from tokenizer_config.json is never executed.
//   Llama3 : <|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n{u}<|eot_id|>
//            <|start_header_id|>assistant<|end_header_id|>\n\n{a}<|eot_id|>
//   ChatML : <|im_start|>user\n{u}<|im_end|>\n<|im_start|>assistant\n{a}<|im_end|>
//   Inst   : <s>[INST] {u} [/INST] {a}</s>   (system prompt as Llama 2's <<SYS>> block)
//   Plain  : ### Instruction:\n{i}\n\n### Input:\n{in}\n\n### Response:\n{o}</s>
// Special tokens of a template are inserted by id; only user text goes through encode().
// Each response ends with the template's end-of-turn token (<|eot_id|>, <|im_end|>) or else the
// tokenizer's eos; that token is trained on. Raw text rows: bos + text + eos, every token trained
// except bos.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "lorastudio/tokenizer.h"

namespace ls {

enum class DataFormat { Alpaca, Chat, Text };
enum class PromptTemplate { Auto, Llama3, ChatML, Inst, Plain };

std::string dataFormatName(DataFormat f);          // "alpaca", "chat", "text"
std::string promptTemplateName(PromptTemplate t);  // "auto", "llama3", "chatml", "inst", "plain"

struct ChatMessage {
    std::string role;  // "system", "user" or "assistant"
    std::string content;
};

// One row of the file. Only the fields of its format are filled.
struct DataRow {
    int line = 0;                            // 1-based line where the row starts (errors and preview)
    std::string instruction, input, output;  // alpaca
    std::vector<ChatMessage> messages;       // chat
    std::string text;                        // raw text
};

struct Dataset {
    std::filesystem::path file;
    DataFormat format = DataFormat::Text;
    std::vector<DataRow> rows;
};

struct DataOptions {
    int seqLen = 2048;                                     // tokens per example; longer ones are cut at the end
    PromptTemplate promptTemplate = PromptTemplate::Auto;  // Auto: from the tokenizer's special tokens
    bool pack = false;                       // concatenate examples into sequences of exactly seqLen (see packExamples)
    double evalFraction = 0.0;               // share of examples held out for evaluation, 0 <= f < 1
    uint64_t seed = 42;                      // seed of the train/eval split (same seed, same split)
    size_t maxLineBytes = size_t(16) << 20;  // JSONL: a longer line is refused (16 MiB)
    size_t maxJsonFileBytes = size_t(1) << 30;  // JSON array files are read whole: refused above 1 GiB
};

// Reads and checks the file. JSON (one array of objects) or JSONL (one object per line), told apart
// by the first non-blank byte ('[' means JSON). Throws ls::Error "<file>: line N: <problem>".
Dataset loadDataset(const std::filesystem::path& file, const DataOptions& options = {});
// The same from text (tests); `source` names the file in errors.
Dataset parseDataset(const std::string& content, const std::filesystem::path& source, const DataOptions& options = {});

// Auto resolved: Llama3 when the tokenizer has <|start_header_id|>, ChatML when it has <|im_start|>,
// else Inst for chat rows and Plain for alpaca and text rows.
PromptTemplate resolveTemplate(const Tokenizer& tok, DataFormat format, PromptTemplate requested);

// A rendered piece of a row: `trained` pieces are the response (labels kept), others the prompt.
struct RenderedPart {
    std::string text;  // as text (special tokens by their names)
    bool trained = false;
};
std::vector<RenderedPart> renderRow(const DataRow& row, DataFormat format, PromptTemplate resolved,
                                    const Tokenizer& tok);

constexpr int32_t kIgnoreLabel = -100;

struct Example {
    std::vector<TokenId> inputIds;
    std::vector<int32_t> labels;  // same length; kIgnoreLabel where no loss is taken
};

struct TokenizedData {
    std::vector<Example> examples;  // one per row, in file order (rows left without targets dropped)
    std::vector<int> rowLengths;    // token length of each row before truncation
    int truncated = 0;              // rows cut to seqLen
    int droppedNoTarget = 0;        // rows whose response was cut away entirely (dropped)
    PromptTemplate resolvedTemplate = PromptTemplate::Plain;
};
TokenizedData tokenizeDataset(const Dataset& data, const Tokenizer& tok, const DataOptions& options);

// The token ids a model sees before its answer when `instruction` is asked in the same template as the
// training data (alpaca form, no input): everything up to the first trained token. For generation after
// fine-tuning (playground, demo checks).
std::vector<TokenId> promptTokens(const std::string& instruction, const Tokenizer& tok,
                                  PromptTemplate requested = PromptTemplate::Auto);

// Concatenates examples in order and cuts the stream into sequences of exactly seqLen; an example may
// continue in the next sequence. Every token keeps the label its own example gave it (each example's
// first token, bos or a prompt token, is already kIgnoreLabel, so no loss is taken on predicting one
// example's start from the previous one). Attention is not masked between examples. The last sequence
// is padded with padId, labels kIgnoreLabel.
std::vector<Example> packExamples(const std::vector<Example>& examples, int seqLen, TokenId padId);

// Deterministic split of n items: eval gets round(n * evalFraction) items (at least 1 when the fraction
// is > 0 and n >= 2, never all), chosen by a seeded shuffle; both lists ascending.
struct SplitIndices {
    std::vector<size_t> train, eval;
};
SplitIndices splitIndices(size_t n, double evalFraction, uint64_t seed);

// Load, tokenize, split the examples (splitIndices), then pack each side when options.pack.
struct TrainingData {
    std::vector<Example> train, eval;
    DataFormat format = DataFormat::Text;
    PromptTemplate resolvedTemplate = PromptTemplate::Plain;
    int rows = 0, truncated = 0, droppedNoTarget = 0;
};
TrainingData prepareTrainingData(const std::filesystem::path& file, const Tokenizer& tok, const DataOptions& options);

// For the GUI's data page.
struct PreviewRow {
    int line = 0;
    std::vector<RenderedPart> parts;
    std::string prompt, response;  // the untrained and the trained parts, each joined
};
struct HistogramBin {
    int lo = 0, hi = 0;  // token lengths lo .. hi-1
    int count = 0;
};
struct DataPreview {
    DataFormat format = DataFormat::Text;
    PromptTemplate resolvedTemplate = PromptTemplate::Plain;
    int rowCount = 0;
    std::vector<PreviewRow> rows;         // the first N rows
    std::vector<HistogramBin> histogram;  // token lengths (before truncation), equal-width bins
    int truncated = 0;                    // rows longer than seqLen
    int minLength = 0, maxLength = 0;
    double meanLength = 0.0;
};
DataPreview previewDataset(const std::filesystem::path& file, const Tokenizer& tok, const DataOptions& options,
                           int firstRows = 5, int bins = 10);
DataPreview previewDataset(const Dataset& data, const Tokenizer& tok, const DataOptions& options, int firstRows = 5,
                           int bins = 10);

}  // namespace ls
