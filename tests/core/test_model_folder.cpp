// Model folders: single file, shards, pickle refusal, shard path traversal, and the info description.
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "check.h"
#include "lorastudio/atomic_file.h"
#include "lorastudio/model_folder.h"
#include "lorastudio/model_info.h"

namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("ls_test_folder_" + std::to_string(::getpid())) / name;
    ls::test::removeTree(d);
    fs::create_directories(d);
    return d;
}

fs::path copyModel(const std::string& fixture, const std::string& name) {
    fs::path d = scratch(name);
    ls::test::copyTree(ls::test::fixtures() / "models" / fixture, d);
    return d;
}

}  // namespace

TEST_CASE("single-file and sharded fixtures open with every tensor") {
    auto llama = ls::ModelFolder::open(ls::test::fixtures() / "models/llama3");
    CHECK(llama.find("lm_head.weight") != nullptr);
    CHECK(llama.hasTokenizer());
    auto mistral = ls::ModelFolder::open(ls::test::fixtures() / "models/mistral");
    CHECK(mistral.files().size() == 17);
    // 3 layers x 9 tensors + embed + norm + lm_head
    CHECK_EQ(mistral.tensorNames().size(), std::size_t(30));
    CHECK_EQ(mistral.get("model.layers.2.mlp.down_proj.weight").shape[0], 64);
}

TEST_CASE("a folder with only pickle checkpoints asks for safetensors") {
    fs::path d = scratch("pickle");
    fs::copy_file(ls::test::fixtures() / "models/llama3/config.json", d / "config.json");
    std::ofstream(d / "pytorch_model.bin") << "not opened";
    CHECK_THROWS_WITH(ls::ModelFolder::open(d), "never opened: convert the model to safetensors");
}

TEST_CASE("missing folder, file instead of folder, missing config, missing weights") {
    CHECK_THROWS_WITH(ls::ModelFolder::open("/nonexistent/model"), "no such folder");
    CHECK_THROWS_WITH(ls::ModelFolder::open(ls::test::fixtures() / "models/llama3/config.json"), "not a folder");
    fs::path empty = scratch("empty");
    CHECK_THROWS_WITH(ls::ModelFolder::open(empty), "no config.json");
    fs::copy_file(ls::test::fixtures() / "models/llama3/config.json", empty / "config.json");
    CHECK_THROWS_WITH(ls::ModelFolder::open(empty), "no model.safetensors");
}

TEST_CASE("shard names that leave the folder are refused") {
    for (const std::string bad : {"../outside.safetensors", "/etc/passwd", "sub/../../x.safetensors"}) {
        fs::path d = copyModel("mistral", "traversal");
        nlohmann::json index = nlohmann::json::parse(ls::readTextFile(d / "model.safetensors.index.json"));
        index["weight_map"]["model.norm.weight"] = bad;
        ls::writeFileAtomic(d / "model.safetensors.index.json", index.dump());
        CHECK_THROWS_WITH(ls::ModelFolder::open(d), "model.safetensors.index.json: shard name");
    }
}

TEST_CASE("an index that names the wrong shard is refused") {
    fs::path d = copyModel("mistral", "wrongshard");
    nlohmann::json index = nlohmann::json::parse(ls::readTextFile(d / "model.safetensors.index.json"));
    index["weight_map"]["model.norm.weight"] = "model-00001-of-00017.safetensors";
    ls::writeFileAtomic(d / "model.safetensors.index.json", index.dump());
    CHECK_THROWS_WITH(ls::ModelFolder::open(d), "but it is not there");
}

TEST_CASE("a tensor missing from the folder is named") {
    auto llama = ls::ModelFolder::open(ls::test::fixtures() / "models/llama3");
    CHECK_THROWS_WITH(llama.get("model.layers.9.mlp.up_proj.weight"), "missing tensor 'model.layers.9.mlp.up_proj.weight'");
}

TEST_CASE("model info: parameter counts add up and the tree has the Llama shape") {
    auto folder = ls::ModelFolder::open(ls::test::fixtures() / "models/llama3");
    auto info = ls::describeModel(folder);
    int64_t total = 0;
    for (const auto& name : folder.tensorNames()) total += folder.get(name).numel();
    CHECK_EQ(info.paramCount, total);
    CHECK_EQ(info.root.params, total);
    CHECK_EQ(info.storedDType, std::string("F32"));
    REQUIRE(info.root.children.size() == 2);  // lm_head, model
    const auto& model = info.root.children[1];
    CHECK_EQ(model.type, std::string("Model"));
    auto json = nlohmann::json::parse(ls::modelInfoToJson(info));
    CHECK_EQ(json["parameters"].get<int64_t>(), total);
    CHECK_EQ(json["linear_modules"].size(), std::size_t(2 * 7 + 1));  // 7 per layer + lm_head
    CHECK_EQ(json["linear_module_types"].size(), std::size_t(8));
    CHECK(ls::modelInfoToText(info).find("q_proj  Linear  4096  [64, 64]") != std::string::npos);
}

TEST_CASE("model info: bitsandbytes 4-bit folder counts the real weights") {
    auto plain = ls::describeModel(ls::ModelFolder::open(ls::test::fixtures() / "models/llama3"));
    auto quant = ls::describeModel(ls::ModelFolder::open(ls::test::fixtures() / "models/llama3-bnb-nf4"));
    CHECK_EQ(quant.paramCount, plain.paramCount);
    CHECK(quant.weightBytes < plain.weightBytes);
}

TEST_CASE("model info: layers sort naturally (2 before 10)") {
    auto info = ls::describeModel(ls::ModelFolder::open(ls::test::fixtures() / "models/mistral"));
    const auto& layers = info.root.children[1].children[1];
    REQUIRE(layers.type == "ModuleList");
    REQUIRE(layers.children.size() == 3);
    CHECK_EQ(layers.children[0].name, std::string("model.layers.0"));
    CHECK_EQ(layers.children[2].name, std::string("model.layers.2"));
    CHECK_EQ(layers.children[0].type, std::string("DecoderLayer"));
}

int main(int argc, char** argv) {
    int rc = ls::test::runAll(argc, argv);
    ls::test::removeTree(fs::temp_directory_path() / ("ls_test_folder_" + std::to_string(::getpid())));
    return rc;
}
