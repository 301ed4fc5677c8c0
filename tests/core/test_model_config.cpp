// config.json parsing: the four architectures, sliding windows, both rope layouts, and one test per validation rule.
#include <nlohmann/json.hpp>

#include "check.h"
#include "lorastudio/atomic_file.h"
#include "lorastudio/model_config.h"

using nlohmann::json;

namespace {

json baseConfig() {
    return json{{"architectures", {"LlamaForCausalLM"}}, {"model_type", "llama"}, {"vocab_size", 1000},
                {"hidden_size", 64}, {"intermediate_size", 128}, {"num_hidden_layers", 2}, {"num_attention_heads", 4},
                {"num_key_value_heads", 2}, {"rms_norm_eps", 1e-5}, {"max_position_embeddings", 512},
                {"rope_theta", 10000.0}, {"torch_dtype", "bfloat16"}};
}

ls::ModelConfig parse(const json& j) { return ls::parseModelConfig(j.dump(), "cfg/config.json"); }

void expectError(json j, const std::string& problem) {
    CHECK_THROWS_WITH(parse(j), problem);
    CHECK_THROWS_WITH(parse(j), "cfg/config.json: ");
}

}  // namespace

TEST_CASE("fixture configs of all four architectures (transformers 5 layout)") {
    auto llama = ls::loadModelConfig(ls::test::fixtures() / "models/llama3/config.json");
    CHECK(llama.architecture == ls::Architecture::Llama);
    CHECK_EQ(llama.rope.type, std::string("llama3"));
    CHECK_NEAR(llama.rope.theta, 500000.0, 0);
    CHECK_NEAR(llama.rope.factor, 8.0, 0);
    CHECK_EQ(llama.rope.originalMaxPositionEmbeddings, 64);
    CHECK_EQ(llama.numKvHeads, 2);
    CHECK_EQ(llama.headDim, 16);
    CHECK(!llama.tieWordEmbeddings);
    CHECK_EQ(llama.dtype, std::string("float32"));

    auto mistral = ls::loadModelConfig(ls::test::fixtures() / "models/mistral/config.json");
    CHECK(mistral.architecture == ls::Architecture::Mistral);
    CHECK_EQ(mistral.headDim, 16);
    CHECK_EQ(mistral.hiddenSize, 64);
    CHECK(!mistral.slidingWindow.has_value());

    auto qwen = ls::loadModelConfig(ls::test::fixtures() / "models/qwen2/config.json");
    CHECK(qwen.architecture == ls::Architecture::Qwen2);
    CHECK(qwen.attentionBias);
    CHECK(!qwen.outputProjBias);
    CHECK(qwen.tieWordEmbeddings);

    auto qwen3 = ls::loadModelConfig(ls::test::fixtures() / "models/qwen3/config.json");
    CHECK(qwen3.architecture == ls::Architecture::Qwen3);
    CHECK(qwen3.qkNorm);
    CHECK(!qwen3.attentionBias);
    CHECK_EQ(qwen3.headDim, 32);  // explicit, not hidden / heads
    CHECK(!qwen3.slidingWindow.has_value());

    auto sliding = ls::loadModelConfig(ls::test::fixtures() / "models/mistral-sliding/config.json");
    CHECK_EQ(sliding.slidingWindow.value_or(0), 5);
    CHECK(sliding.slidingLayers == (std::vector<bool>{true, true}));

    auto tied = ls::loadModelConfig(ls::test::fixtures() / "models/llama2-tied/config.json");
    CHECK(tied.tieWordEmbeddings);
    CHECK_EQ(tied.rope.type, std::string("default"));
}

TEST_CASE("transformers 4.x layout: torch_dtype, rope_theta and rope_scaling with 'type'") {
    json j = baseConfig();
    j["rope_scaling"] = {{"type", "llama3"}, {"factor", 8.0}, {"low_freq_factor", 1.0}, {"high_freq_factor", 4.0},
                         {"original_max_position_embeddings", 8192}};
    j["eos_token_id"] = {7, 9};
    auto c = parse(j);
    CHECK_EQ(c.rope.type, std::string("llama3"));
    CHECK_EQ(c.dtype, std::string("bfloat16"));
    CHECK_EQ(*c.eosTokenId, 7);
    CHECK_EQ(c.headDim, 16);
}

TEST_CASE("round trip through modelConfigToJson") {
    json j = baseConfig();
    j["rope_scaling"] = {{"rope_type", "llama3"}, {"factor", 8.0}, {"low_freq_factor", 1.0}, {"high_freq_factor", 4.0},
                         {"original_max_position_embeddings", 8192}};
    auto a = parse(j);
    auto b = ls::parseModelConfig(ls::modelConfigToJson(a), "again");
    CHECK_EQ(a.hiddenSize, b.hiddenSize);
    CHECK_EQ(a.rope.type, b.rope.type);
    CHECK_NEAR(a.rope.highFreqFactor, b.rope.highFreqFactor, 0);
    CHECK_EQ(a.numKvHeads, b.numKvHeads);
    CHECK_EQ(a.dtype, b.dtype);
}

TEST_CASE("sliding windows: Mistral in every layer, Qwen from max_window_layers on, layer_types wins") {
    json mistral = baseConfig();
    mistral["architectures"] = {"MistralForCausalLM"};
    mistral["model_type"] = "mistral";
    CHECK(!parse(mistral).slidingWindow.has_value());
    mistral["sliding_window"] = 4096;
    CHECK_EQ(parse(mistral).slidingWindow.value_or(0), 4096);
    CHECK(parse(mistral).slidingLayers == (std::vector<bool>{true, true}));

    json qwen = baseConfig();
    qwen["architectures"] = {"Qwen3ForCausalLM"};
    qwen["model_type"] = "qwen3";
    qwen["num_hidden_layers"] = 3;
    qwen["sliding_window"] = 64;
    CHECK(!parse(qwen).slidingWindow.has_value());  // use_sliding_window is off by default
    qwen["use_sliding_window"] = true;
    qwen["max_window_layers"] = 1;
    CHECK(parse(qwen).slidingLayers == (std::vector<bool>{false, true, true}));
    qwen["layer_types"] = {"sliding_attention", "full_attention", "sliding_attention"};
    const auto fromTypes = parse(qwen);
    CHECK(fromTypes.slidingLayers == (std::vector<bool>{true, false, true}));
    // Written back in both forms; layer_types keeps the pattern.
    const auto again = ls::parseModelConfig(ls::modelConfigToJson(fromTypes), "again");
    CHECK(again.architecture == ls::Architecture::Qwen3);
    CHECK(again.qkNorm);
    CHECK_EQ(again.slidingWindow.value_or(0), 64);
    CHECK(again.slidingLayers == fromTypes.slidingLayers);

    qwen["layer_types"] = {"sliding_attention"};
    expectError(qwen, "field 'layer_types' must list one type per layer (3)");
    qwen["layer_types"] = {"sliding_attention", "chunked_attention", "full_attention"};
    expectError(qwen, "field 'layer_types' holds an entry other than");
}

TEST_CASE("validation: not JSON, not an object") {
    CHECK_THROWS_WITH(ls::parseModelConfig("{oops", "cfg/config.json"), "cfg/config.json: not valid JSON");
    CHECK_THROWS_WITH(ls::parseModelConfig("[]", "cfg/config.json"), "not a JSON object");
}

TEST_CASE("validation: unsupported architecture") {
    json j = baseConfig();
    j["architectures"] = {"GPT2LMHeadModel"};
    expectError(j, "unsupported architecture 'GPT2LMHeadModel'");
}

TEST_CASE("validation: missing required field") {
    json j = baseConfig();
    j.erase("hidden_size");
    expectError(j, "missing field 'hidden_size'");
}

TEST_CASE("validation: wrong type") {
    json j = baseConfig();
    j["num_hidden_layers"] = "2";
    expectError(j, "field 'num_hidden_layers' must be an integer (got string)");
    j = baseConfig();
    j["tie_word_embeddings"] = 1;
    expectError(j, "field 'tie_word_embeddings' must be true or false");
}

TEST_CASE("validation: non-positive sizes") {
    for (const char* key : {"vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads"}) {
        json j = baseConfig();
        j[key] = 0;
        expectError(j, std::string("field '") + key + "' must be positive");
    }
}

TEST_CASE("validation: absurd sizes are refused before any allocation") {
    json j = baseConfig();
    j["num_hidden_layers"] = 1000000000;
    expectError(j, "field 'num_hidden_layers' is too large");
    j = baseConfig();
    j["vocab_size"] = 1ll << 40;
    expectError(j, "field 'vocab_size' is too large");
}

TEST_CASE("validation: heads must divide") {
    json j = baseConfig();
    j["num_key_value_heads"] = 3;
    expectError(j, "must be divisible by num_key_value_heads");
    j = baseConfig();
    j["hidden_size"] = 66;
    expectError(j, "hidden_size (66) must be divisible by num_attention_heads (4)");
    j = baseConfig();
    j["head_dim"] = 15;
    expectError(j, "must be even");
}

TEST_CASE("validation: rms_norm_eps and rope_theta must be positive") {
    json j = baseConfig();
    j["rms_norm_eps"] = -1e-5;
    expectError(j, "field 'rms_norm_eps' must be positive");
    j = baseConfig();
    j["rope_theta"] = 0;
    expectError(j, "field 'rope_theta' must be positive");
}

TEST_CASE("validation: rope scaling") {
    json j = baseConfig();
    j["rope_scaling"] = {{"rope_type", "yarn"}, {"factor", 4.0}};
    expectError(j, "unsupported rope type 'yarn'");
    j = baseConfig();
    j["rope_scaling"] = {{"rope_type", "llama3"}, {"factor", 8.0}};
    expectError(j, "original_max_position_embeddings' must be a positive integer");
    j = baseConfig();
    j["rope_scaling"] = 3;
    expectError(j, "field 'rope_scaling' must be an object");
}

TEST_CASE("validation: dtype and token ids") {
    json j = baseConfig();
    j["torch_dtype"] = "int8";
    expectError(j, "is not one of float32, float16, bfloat16");
    j = baseConfig();
    j["bos_token_id"] = 5000;
    expectError(j, "outside the vocabulary");
}

TEST_CASE("validation: quantization_config") {
    json j = baseConfig();
    j["quantization_config"] = {{"quant_method", "gptq"}};
    expectError(j, "unsupported quantization_config");
    j["quantization_config"] = {{"quant_method", "bitsandbytes"}, {"load_in_4bit", true}, {"bnb_4bit_quant_type", "nf4"},
                                {"bnb_4bit_use_double_quant", true}};
    auto c = parse(j);
    REQUIRE(c.quantization.has_value());
    CHECK_EQ(c.quantization->quantType, std::string("nf4"));
    CHECK(c.quantization->doubleQuant);
    // Found with fuzz_model_config (a hand-made near-valid seed): a field of another type threw nlohmann's
    // type_error, which names no file.
    j["quantization_config"] = {{"quant_method", 5}, {"load_in_4bit", true}};
    expectError(j, "field 'quantization_config.quant_method' must be a string");
    j["quantization_config"] = {{"quant_method", "bitsandbytes"}, {"load_in_4bit", "yes"}};
    expectError(j, "field 'quantization_config.load_in_4bit' must be true or false");
    j["quantization_config"] = {{"quant_method", "bitsandbytes"}, {"load_in_4bit", true}, {"bnb_4bit_quant_type", 4}};
    expectError(j, "field 'quantization_config.bnb_4bit_quant_type' must be a string");
    j["quantization_config"] = {{"quant_method", "bitsandbytes"}, {"load_in_4bit", true},
                                {"bnb_4bit_use_double_quant", 1}};
    expectError(j, "field 'quantization_config.bnb_4bit_use_double_quant' must be true or false");
}

TEST_CASE("bitsandbytes fixture config parses") {
    auto c = ls::loadModelConfig(ls::test::fixtures() / "models/llama3-bnb-nf4/config.json");
    REQUIRE(c.quantization.has_value());
    CHECK_EQ(c.quantization->quantType, std::string("nf4"));
    CHECK(c.quantization->doubleQuant);
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
