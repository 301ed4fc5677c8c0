// Whole-model 4-bit: loading folders saved by transformers + bitsandbytes, writing the same layout
// ourselves (byte-exact codes), the frozen 4-bit linear's backward, and inspection.
#include <unistd.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "model/quantized_linear.h"  // torch first: check.h must define CHECK after glog does
#include "check.h"
#include "lorastudio/atomic_file.h"
#include "lorastudio/model.h"
#include "lorastudio/model_folder.h"
#include "lorastudio/quantize_model.h"

namespace fs = std::filesystem;

namespace {

// bitsandbytes computes in bf16 on the GPU; we compute in fp32 from the same dequantized bf16 weights.
// bf16 keeps 8 significant bits, so logits may differ by a few per cent of their range.
constexpr double kBf16RelativeTolerance = 0.05;
constexpr double kGradTolerance = 1e-5;

fs::path scratch() {
    static fs::path d = [] {
        fs::path p = fs::temp_directory_path() / ("ls_test_quantize_" + std::to_string(::getpid()));
        fs::create_directories(p);
        return p;
    }();
    return d;
}

std::vector<float> readLogits(const fs::path& file, std::vector<int64_t>& ids) {
    auto f = ls::SafetensorsFile::open(file);
    const auto& l = f->get("logits");
    const auto& i = f->get("input_ids");
    ids.assign(reinterpret_cast<const int64_t*>(i.data), reinterpret_cast<const int64_t*>(i.data) + i.numel());
    std::vector<float> out(static_cast<std::size_t>(l.numel()));
    std::memcpy(out.data(), l.data, l.nbytes);
    return out;
}

double maxAbs(const std::vector<float>& v) {
    double m = 0;
    for (float x : v) m = std::max(m, double(std::fabs(x)));
    return m;
}

double maxDiff(const std::vector<float>& a, const std::vector<float>& b) {
    double m = 0;
    for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, double(std::fabs(a[i] - b[i])));
    return m;
}

std::vector<float> logitsOf(const fs::path& dir, const std::vector<int64_t>& ids) {
    auto model = ls::Model::load(dir);
    ls::TokenBatch batch;
    batch.ids = {ids};
    return model->logits(batch).values;
}

}  // namespace

TEST_CASE("a folder saved by transformers + bitsandbytes (nf4, double quant) loads and matches its logits") {
    const fs::path dir = ls::test::fixtures() / "models/llama3-bnb-nf4";
    std::vector<int64_t> ids;
    auto reference = readLogits(dir / "reference_logits.safetensors", ids);
    auto ours = logitsOf(dir, ids);
    REQUIRE(ours.size() == reference.size());
    const double diff = maxDiff(ours, reference), range = maxAbs(reference);
    std::printf("bnb nf4 folder: max |diff| %.4g, max |logit| %.4g\n", diff, range);
    CHECK(diff <= kBf16RelativeTolerance * range);
}

TEST_CASE("quantize writes bitsandbytes' bytes: packed codes, absmax codes and maps equal the bnb folder") {
    const fs::path out = scratch() / "llama3-nf4";
    auto source = ls::ModelFolder::open(ls::test::fixtures() / "models/llama3");
    std::vector<ls::LayerQuantReport> reports;
    ls::QuantizeModelOptions options;  // nf4, blocksize 64, double quant, bf16: as the fixture was made
    int calls = 0;
    ls::quantizeModelFolder(source, out, options, &reports, [&](int done, int total, const std::string&) {
        ++calls;
        CHECK(done <= total);
        return true;
    });
    CHECK_EQ(calls, 14);
    CHECK_EQ(reports.size(), std::size_t(14));

    auto ours = ls::ModelFolder::open(out);
    auto theirs = ls::ModelFolder::open(ls::test::fixtures() / "models/llama3-bnb-nf4");
    REQUIRE(ours.config().quantization.has_value());
    CHECK(ours.config().quantization->doubleQuant);
    int compared = 0;
    for (const auto& name : theirs.tensorNames()) {
        const bool exact = name.find("_proj.weight") != std::string::npos &&
                           name.find("nested_absmax") == std::string::npos && name.find("quant_state") == std::string::npos;
        if (!exact) continue;
        const auto& a = ours.get(name);
        const auto& b = theirs.get(name);
        REQUIRE(a.nbytes == b.nbytes);
        if (std::memcmp(a.data, b.data, a.nbytes) != 0) std::printf("differs: %s\n", name.c_str());
        CHECK(std::memcmp(a.data, b.data, a.nbytes) == 0);
        ++compared;
    }
    CHECK_EQ(compared, 14 * 4);  // weight, absmax, quant_map, nested_quant_map per layer
    // The quant_state text is bitsandbytes' JSON (the nested offset may differ in its last bit: CPU mean).
    const auto& qs = ours.get("model.layers.0.self_attn.q_proj.weight.quant_state.bitsandbytes__nf4");
    const std::string text(reinterpret_cast<const char*>(qs.data), qs.nbytes);
    CHECK(text.rfind("{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"bfloat16\", \"shape\": [64, 64], "
                     "\"nested_blocksize\": 256, \"nested_dtype\": \"float32\", \"nested_offset\": ", 0) == 0);
    // Embeddings, norms and lm_head stay unquantized, in the load dtype (bf16), bit-identical to transformers'.
    for (const char* name : {"lm_head.weight", "model.embed_tokens.weight", "model.norm.weight"}) {
        CHECK(ours.get(name).dtype == ls::DType::BF16);
        CHECK(std::memcmp(ours.get(name).data, theirs.get(name).data, theirs.get(name).nbytes) == 0);
    }
}

TEST_CASE("our quantized folder gives the same logits as the bitsandbytes one") {
    const fs::path out = scratch() / "llama3-nf4";  // written by the test above
    std::vector<int64_t> ids;
    readLogits(ls::test::fixtures() / "models/llama3-bnb-nf4/reference_logits.safetensors", ids);
    auto ours = logitsOf(out, ids);
    auto theirs = logitsOf(ls::test::fixtures() / "models/llama3-bnb-nf4", ids);
    // Same codes; only the nested offset's last bit may differ, so logits agree to float32 noise.
    CHECK(maxDiff(ours, theirs) <= 1e-3 * maxAbs(theirs));
}

TEST_CASE("the 4-bit linear's gradient with respect to the input equals the dense one") {
    torch::manual_seed(3);
    torch::Tensor w = torch::randn({48, 64}) * 0.05;
    ls::quant::QuantizeOptions o;
    o.doubleQuant = true;
    auto q = ls::quant::quantize4bit(w, o, "w");
    torch::Tensor dense = ls::quant::dequantize4bit(q).to(torch::kFloat);
    torch::Tensor bias = torch::randn({48});

    torch::Tensor x1 = torch::randn({3, 5, 64}).requires_grad_(true);
    torch::Tensor x2 = x1.detach().clone().requires_grad_(true);
    torch::Tensor y1 = ls::model::quantizedLinear(q, x1, bias);
    torch::Tensor y2 = torch::linear(x2, dense, bias);
    CHECK(torch::allclose(y1, y2, 0, kGradTolerance));
    torch::Tensor g = torch::randn_like(y1);
    y1.backward(g);
    y2.backward(g);
    CHECK(torch::allclose(x1.grad(), x2.grad(), 0, kGradTolerance));
    CHECK(!q.packed.requires_grad());
}

TEST_CASE("inspect reports every linear layer under five schemes, NF4 beating int4") {
    auto folder = ls::ModelFolder::open(ls::test::fixtures() / "models/llama3");
    auto rows = ls::inspectModel(folder);
    REQUIRE(rows.size() == 14);
    for (const auto& r : rows) {
        REQUIRE(r.schemes.size() == 5);
        CHECK_EQ(r.schemes[1].scheme, std::string("nf4+dq"));
        CHECK(r.schemes[0].relFrobeniusError > 0 && r.schemes[0].relFrobeniusError < 0.2);
        CHECK(r.schemes[0].relFrobeniusError < r.schemes[4].relFrobeniusError);  // gaussian weights favour NF4
        CHECK(r.schemes[1].cosineSimilarity > 0.98);
        CHECK(r.nf4.codeEntropyBits > 3.0 && r.nf4.codeEntropyBits <= 4.0);
    }
    auto json = nlohmann::json::parse(ls::inspectionToJson(rows));
    CHECK_EQ(json["layers"].size(), std::size_t(14));
    CHECK(ls::inspectionToText(rows).find("model.layers.1.mlp.down_proj") != std::string::npos);
}

TEST_CASE("quantize refuses an already quantized folder and the source folder as output") {
    auto bnb = ls::ModelFolder::open(ls::test::fixtures() / "models/llama3-bnb-nf4");
    CHECK_THROWS_WITH(ls::quantizeModelFolder(bnb, scratch() / "x", {}), "is already quantized");
    auto plain = ls::ModelFolder::open(ls::test::fixtures() / "models/llama3");
    CHECK_THROWS_WITH(ls::quantizeModelFolder(plain, ls::test::fixtures() / "models/llama3", {}), "is the source folder");
    CHECK_THROWS_WITH(ls::inspectModel(bnb), "is already 4-bit");
}

TEST_CASE("a corrupted 4-bit tensor is refused with the folder and tensor named") {
    const fs::path out = scratch() / "llama3-nf4";
    // Rewrite the folder with one absmax tensor cut short.
    auto folder = ls::ModelFolder::open(out);
    std::vector<ls::TensorToWrite> tensors;
    for (const auto& name : folder.tensorNames()) {
        const auto& t = folder.get(name);
        ls::TensorToWrite w{name, t.dtype, t.shape, t.data, t.nbytes};
        if (name == "model.layers.1.mlp.up_proj.weight.absmax") {
            w.shape = {t.shape[0] - 1};
            w.nbytes -= 1;
        }
        tensors.push_back(w);
    }
    const fs::path bad = scratch() / "corrupt";
    fs::create_directories(bad);
    ls::writeSafetensors(bad / "model.safetensors", tensors);
    ls::writeFileAtomic(bad / "config.json", ls::readTextFile(out / "config.json"));
    CHECK_THROWS_WITH(ls::Model::load(bad), "4-bit weight model.layers.1.mlp.up_proj.weight: absmax is not");
}

int main(int argc, char** argv) {
    int rc = ls::test::runAll(argc, argv);
    ls::test::removeTree(scratch());
    return rc;
}
