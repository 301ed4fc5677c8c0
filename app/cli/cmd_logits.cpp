// lora-studio-cli logits --model DIR [--adapter DIR] --ids "1 2 3;4 5 6" --out FILE: the engine's logits
// (float32 safetensors, tensor "logits" [rows, seq, vocab]) for checks against other implementations.
#include <iostream>
#include <sstream>

#include "cli_command.h"
#include "lorastudio/error.h"
#include "lorastudio/lora.h"
#include "lorastudio/model.h"
#include "lorastudio/safetensors.h"

namespace {

std::vector<std::vector<int64_t>> parseIds(const std::string& text) {
    std::vector<std::vector<int64_t>> rows;
    std::stringstream rs(text);
    std::string row;
    while (std::getline(rs, row, ';')) {
        std::stringstream ts(row);
        std::vector<int64_t> ids;
        std::string tok;
        while (ts >> tok) {
            if (tok.find_first_not_of("0123456789") != std::string::npos || tok.size() > 12)
                ls::fail("logits: --ids must be token numbers separated by spaces, rows by ';' (got '" + tok + "')");
            ids.push_back(std::stoll(tok));
        }
        if (ids.empty()) ls::fail("logits: --ids has an empty row");
        if (!rows.empty() && ids.size() != rows[0].size())
            ls::fail("logits: every --ids row must have the same length");
        rows.push_back(std::move(ids));
    }
    if (rows.empty()) ls::fail("logits: --ids is empty");
    return rows;
}

int runLogits(ls::cli::Args& args) {
    args.allow({"model", "adapter", "ids", "out", "device", "dtype"}, {});
    const auto model = args.value("model"), ids = args.value("ids"), out = args.value("out");
    if (!model) ls::fail("logits: --model DIR is required");
    if (!ids) ls::fail("logits: --ids is required");
    if (!out) ls::fail("logits: --out FILE.safetensors is required");
    ls::LoadOptions load;
    load.device = ls::parseDevice(args.valueOr("device", "cpu"));
    load.dtype = ls::parseComputeType(args.valueOr("dtype", "fp32"));
    auto m = ls::Model::load(*model, load);
    std::unique_ptr<ls::LoraAdapter> adapter;
    if (auto dir = args.value("adapter")) {
        adapter = ls::LoraAdapter::loadPeft(*m, *dir);
        adapter->attach(*m);
    }
    ls::TokenBatch batch;
    batch.ids = parseIds(*ids);
    const ls::Logits l = m->logits(batch);
    ls::writeSafetensors(*out, {{"logits", ls::DType::F32, l.shape, l.values.data(), l.values.size() * sizeof(float)}});
    std::cout << "wrote " << *out << " [" << l.shape[0] << ", " << l.shape[1] << ", " << l.shape[2] << "]\n";
    return 0;
}

}  // namespace

LS_CLI_COMMAND(logits, "logits --model DIR [--adapter DIR] --ids \"1 2 3;4 5 6\" --out FILE [--device cpu|cuda]",
               "Write the engine's logits for token ids (float32 safetensors), to compare with other tools",
               "  --model DIR      Hugging Face folder\n"
               "  --adapter DIR    PEFT adapter folder to apply\n"
               "  --ids TEXT       token ids separated by spaces; rows separated by ';' (equal lengths)\n"
               "  --out FILE       output .safetensors with one tensor \"logits\" [rows, seq, vocab]\n"
               "  --dtype T        fp32 (default), bf16 or fp16\n",
               runLogits);
