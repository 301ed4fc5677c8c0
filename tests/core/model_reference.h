// Shared by the model golden tests: a fixture folder's reference.json and reference logits, and the
// comparison of our logits against them at real (unpadded) positions.
#pragma once

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "check.h"
#include "lorastudio/model.h"
#include "lorastudio/safetensors.h"

namespace ls::test {

// The models made by tests/reference/make_fixtures.py (transformers 5.17, eager attention, fp32).
inline const std::vector<std::string>& goldenModels() {
    static const std::vector<std::string> names = {"llama3", "llama2-tied", "mistral", "qwen2", "qwen3",
                                                   "mistral-sliding"};
    return names;
}

struct ModelReference {
    TokenBatch batch;
    std::vector<int64_t> shape;  // [batch, seq, vocab]
    std::vector<float> logits;
    std::vector<int64_t> greedyPrompt;
    int greedyNewTokens = 0;
    std::vector<int64_t> greedyOutput;
};

inline ModelReference loadModelReference(const std::filesystem::path& dir) {
    std::ifstream in(dir / "reference.json");
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    auto j = nlohmann::json::parse(text.str());
    ModelReference ref;
    ref.batch.ids = j.at("input_ids").get<std::vector<std::vector<int64_t>>>();
    ref.batch.attentionMask = j.at("attention_mask").get<std::vector<std::vector<int64_t>>>();
    ref.batch.positions = j.at("position_ids").get<std::vector<std::vector<int64_t>>>();
    ref.greedyPrompt = j.at("greedy").at("prompt_ids").get<std::vector<int64_t>>();
    ref.greedyNewTokens = j.at("greedy").at("max_new_tokens").get<int>();
    ref.greedyOutput = j.at("greedy").at("output_ids").get<std::vector<int64_t>>();

    auto file = SafetensorsFile::open(dir / "reference_logits.safetensors");
    const TensorView& view = file->get("logits");
    REQUIRE(view.dtype == DType::F32);
    ref.shape = view.shape;
    ref.logits.resize(view.nbytes / sizeof(float));
    std::copy(view.data, view.data + view.nbytes, reinterpret_cast<std::uint8_t*>(ref.logits.data()));
    return ref;
}

struct LogitDiff {
    double maxAbsDiff = 0;    // over positions with attention_mask == 1
    double maxAbsLogit = 0;   // of the reference, over the same positions
    bool finite = true;
};

inline LogitDiff compareLogits(const ModelReference& ref, const Logits& ours) {
    REQUIRE(ours.shape == ref.shape);
    const int64_t rows = ref.shape[0], seq = ref.shape[1], vocab = ref.shape[2];
    LogitDiff d;
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t t = 0; t < seq; ++t) {
            if (ref.batch.attentionMask[r][t] != 1) continue;
            const std::size_t base = static_cast<std::size_t>((r * seq + t) * vocab);
            for (int64_t v = 0; v < vocab; ++v) {
                const double a = ours.values[base + v], b = ref.logits[base + v];
                if (!std::isfinite(a)) d.finite = false;
                d.maxAbsDiff = std::max(d.maxAbsDiff, std::fabs(a - b));
                d.maxAbsLogit = std::max(d.maxAbsLogit, std::fabs(b));
            }
        }
    return d;
}

}  // namespace ls::test
