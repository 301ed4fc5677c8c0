// Whole-model 4-bit quantization (bitsandbytes layout) and per-layer inspection.
#include "lorastudio/quantize_model.h"

#include <cmath>
#include <cstdio>
#include <deque>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bnb_format.h"
#include "lorastudio/atomic_file.h"
#include "lorastudio/error.h"
#include "lorastudio/model_folder.h"
#include "model/torch_types.h"
#include "quant/quant_torch.h"

namespace ls {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The projections transformers turns into Linear4bit: every nn.Linear in the decoder layers
// (lm_head and the embeddings stay as they are).
bool isQuantTarget(const TensorView& t) {
    const std::string& n = t.name;
    const std::string suffix = "_proj.weight";
    return t.shape.size() == 2 && n.rfind("model.layers.", 0) == 0 && n.size() > suffix.size() &&
           n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0;
}

torch::ScalarType storedType(const TensorView& t) {
    switch (t.dtype) {
        case DType::F32: return torch::kFloat;
        case DType::BF16: return torch::kBFloat16;
        case DType::F16: return torch::kHalf;
        default: fail(t.name + ": dtype " + dtypeName(t.dtype) + " cannot be quantized (needs F32, BF16 or F16)");
    }
}

torch::ScalarType parseTorchDtype(const std::string& name) {
    if (name == "bfloat16") return torch::kBFloat16;
    if (name == "float16") return torch::kHalf;
    if (name == "float32") return torch::kFloat;
    fail("quantize: dtype '" + name + "' is not bfloat16, float16 or float32");
}

DType toDType(torch::ScalarType t) { return t == torch::kFloat ? DType::F32 : t == torch::kHalf ? DType::F16 : DType::BF16; }

torch::Tensor viewOf(const TensorView& t) {
    return torch::from_blob(const_cast<std::uint8_t*>(t.data), t.shape, torch::TensorOptions().dtype(storedType(t)));
}

std::string layerName(const std::string& weight) { return weight.substr(0, weight.size() - std::string(".weight").size()); }

void copyIfPresent(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    if (fs::is_regular_file(from, ec)) writeFileAtomic(to, readTextFile(from, 256u << 20));
}

json statsToJson(const quant::QuantStats& s) {
    json outliers = json::array();
    for (const auto& o : s.outliers) outliers.push_back({{"block", o.block}, {"absmax", o.absmax}});
    return {{"rel_frobenius_error", s.relFrobeniusError},
            {"max_abs_error", s.maxAbsError},
            {"cosine_similarity", s.cosineSimilarity},
            {"bits_per_parameter", s.bitsPerParameter},
            {"stored_bytes", s.storedBytes},
            {"code_counts", s.codeCounts},
            {"code_entropy_bits", s.codeEntropyBits},
            {"norm_histogram", s.normHistogram},
            {"absmax", {{"min", s.absmaxMin}, {"max", s.absmaxMax}, {"mean", s.absmaxMean}, {"median", s.absmaxMedian},
                        {"p99", s.absmaxP99}, {"histogram", s.absmaxHistogram}}},
            {"outlier_blocks", s.outlierCount},
            {"largest_outliers", outliers}};
}

}  // namespace

void quantizeModelFolder(const ModelFolder& source, const fs::path& outDir, const QuantizeModelOptions& options,
                         std::vector<LayerQuantReport>* reports, const ProgressFn& progress) {
    if (source.config().quantization) failFile(source.dir(), "is already quantized (quantization_config in config.json)");
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (!fs::is_directory(outDir)) failFile(outDir, "cannot create the output folder");
    if (fs::equivalent(outDir, source.dir(), ec)) failFile(outDir, "is the source folder; choose another output folder");
    const torch::ScalarType target = parseTorchDtype(options.dtype);
    const torch::Device device =
        model::toTorchDevice(options.useCuda && quant::cudaKernelsAvailable() ? Device::CUDA : Device::CPU);

    quant::QuantizeOptions qopt;
    qopt.type = options.type;
    qopt.blocksize = options.blocksize;
    qopt.doubleQuant = options.doubleQuant;

    std::vector<const TensorView*> targets, others;
    for (const auto& name : source.tensorNames()) {
        const TensorView& t = source.get(name);
        (isQuantTarget(t) ? targets : others).push_back(&t);
    }
    if (targets.empty()) failFile(source.dir(), "has no linear projection weights to quantize");

    std::deque<quant::Quantized4bit> quantized;  // deque: stable addresses for the writer
    std::deque<std::string> strings;
    std::vector<TensorToWrite> out;
    int done = 0;
    for (const TensorView* t : targets) {
        torch::Tensor w = viewOf(*t).to(torch::TensorOptions().dtype(target).device(device), false, true);
        quantized.push_back(quant::toQuantized4bit(quant::quantize4bit(w, qopt, t->name)));
        bnb::appendLinear(out, strings, t->name, quantized.back());
        if (reports) {
            torch::Tensor cpu = w.to(torch::kCPU).contiguous();
            reports->push_back({layerName(t->name), t->shape,
                                quant::inspectQuantization(cpu.data_ptr(), toDType(target), quantized.back())});
        }
        if (progress && !progress(++done, static_cast<int>(targets.size()), t->name))
            fail("quantize: cancelled; nothing was written to " + outDir.string());
    }
    // The rest is saved in the load dtype, as transformers saves a model loaded in that dtype.
    std::deque<torch::Tensor> converted;
    const DType targetDType = toDType(target);
    for (const TensorView* t : others) {
        const bool floating = t->dtype == DType::F32 || t->dtype == DType::BF16 || t->dtype == DType::F16;
        if (!floating || t->dtype == targetDType) {
            out.push_back({t->name, t->dtype, t->shape, t->data, t->nbytes});
            continue;
        }
        converted.push_back(viewOf(*t).to(target).contiguous());
        const torch::Tensor& c = converted.back();
        out.push_back({t->name, targetDType, t->shape, c.data_ptr(), static_cast<std::size_t>(c.nbytes())});
    }

    json config = json::parse(readTextFile(source.dir() / "config.json", 16u << 20));
    config["quantization_config"] = json::parse(bnb::quantizationConfigJson(options.type, options.doubleQuant, options.dtype));
    writeSafetensors(outDir / "model.safetensors", out, {{"format", "pt"}});
    for (const char* f : {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "generation_config.json"})
        copyIfPresent(source.dir() / f, outDir / f);
    // Last, so a folder is only recognisable as a model once its weights are complete.
    writeFileAtomic(outDir / "config.json", config.dump(2) + "\n");
}

std::string layerReportsToJson(const std::vector<LayerQuantReport>& reports, const QuantizeModelOptions& options) {
    json layers = json::array();
    std::size_t bytes = 0;
    int64_t params = 0;
    for (const auto& r : reports) {
        json j = statsToJson(r.stats);
        j["name"] = r.name;
        j["shape"] = r.shape;
        layers.push_back(j);
        bytes += r.stats.storedBytes;
        params += r.stats.numel;
    }
    return json{{"quant_type", quant::quantTypeName(options.type)},
                {"blocksize", options.blocksize},
                {"double_quant", options.doubleQuant},
                {"dtype", options.dtype},
                {"quantized_parameters", params},
                {"stored_bytes", bytes},
                {"bits_per_parameter", params ? 8.0 * double(bytes) / double(params) : 0.0},
                {"layers", layers}}
        .dump(1);
}

std::vector<LayerInspection> inspectModel(const ModelFolder& folder, int blocksize, const ProgressFn& progress) {
    if (folder.config().quantization)
        failFile(folder.dir(), "is already 4-bit; inspect the full-precision model it was made from");
    std::vector<const TensorView*> targets;
    for (const auto& name : folder.tensorNames())
        if (isQuantTarget(folder.get(name))) targets.push_back(&folder.get(name));
    if (targets.empty()) failFile(folder.dir(), "has no linear projection weights to inspect");

    std::vector<LayerInspection> rows;
    for (const TensorView* t : targets) {
        torch::Tensor w = viewOf(*t).contiguous();
        const DType dt = t->dtype;
        LayerInspection row;
        row.name = layerName(t->name);
        row.shape = t->shape;
        for (auto type : {quant::QuantType::NF4, quant::QuantType::FP4}) {
            for (bool dq : {false, true}) {
                quant::QuantizeOptions o;
                o.type = type;
                o.blocksize = blocksize;
                o.doubleQuant = dq;
                auto q = quant::quantize4bit(w.data_ptr(), dt, t->shape, o, t->name);
                auto s = quant::inspectQuantization(w.data_ptr(), dt, q);
                row.schemes.push_back({std::string(quant::quantTypeName(type)) + (dq ? "+dq" : ""), s.relFrobeniusError,
                                       s.maxAbsError, s.cosineSimilarity, s.bitsPerParameter});
                if (type == quant::QuantType::NF4 && dq) row.nf4 = std::move(s);
            }
        }
        // Plain int4 (absmax / 7 per block, float32 scales) for comparison.
        torch::Tensor f = w.to(torch::kFloat);
        auto qi = quant::quantizeInt4(f.data_ptr<float>(), f.numel(), blocksize);
        auto deq = quant::dequantizeInt4(qi);
        torch::Tensor d = torch::from_blob(deq.data(), {f.numel()}, torch::kFloat).to(torch::kDouble);
        torch::Tensor ref = f.reshape({-1}).to(torch::kDouble);
        const double refNorm = ref.norm().item<double>();
        const double err = (ref - d).norm().item<double>();
        const double cosine = refNorm > 0 ? (ref * d).sum().item<double>() / (refNorm * d.norm().item<double>() + 1e-300) : 1.0;
        const double bits = 8.0 * double(qi.packed.size() + 4 * qi.scales.size()) / double(f.numel());
        row.schemes.push_back({"int4", refNorm > 0 ? err / refNorm : 0.0, (ref - d).abs().max().item<double>(), cosine, bits});
        rows.push_back(std::move(row));
        if (progress && !progress(static_cast<int>(rows.size()), static_cast<int>(targets.size()), t->name))
            fail("inspect: cancelled");
    }
    return rows;
}

std::string inspectionToJson(const std::vector<LayerInspection>& rows) {
    json layers = json::array();
    for (const auto& r : rows) {
        json schemes = json::object();
        for (const auto& s : r.schemes)
            schemes[s.scheme] = {{"rel_frobenius_error", s.relFrobeniusError}, {"max_abs_error", s.maxAbsError},
                                 {"cosine_similarity", s.cosineSimilarity}, {"bits_per_parameter", s.bitsPerParameter}};
        layers.push_back({{"name", r.name}, {"shape", r.shape}, {"schemes", schemes}, {"nf4_dq", statsToJson(r.nf4)}});
    }
    return json{{"layers", layers}}.dump(1);
}

std::string inspectionToText(const std::vector<LayerInspection>& rows) {
    std::ostringstream os;
    char line[512];
    std::snprintf(line, sizeof line, "%-40s %-12s %9s %9s %9s %9s %9s %8s %8s %6s\n", "layer", "shape", "nf4",
                  "nf4+dq", "fp4", "fp4+dq", "int4", "cos", "entropy", "outl");
    os << "Relative Frobenius error of dequant(quant(W)) per scheme; cos and entropy (bits) for nf4+dq\n" << line;
    for (const auto& r : rows) {
        std::string shape = std::to_string(r.shape[0]) + "x" + std::to_string(r.shape[1]);
        std::snprintf(line, sizeof line, "%-40s %-12s %9.5f %9.5f %9.5f %9.5f %9.5f %8.6f %8.4f %6lld\n", r.name.c_str(),
                      shape.c_str(), r.schemes[0].relFrobeniusError, r.schemes[1].relFrobeniusError,
                      r.schemes[2].relFrobeniusError, r.schemes[3].relFrobeniusError, r.schemes[4].relFrobeniusError,
                      r.schemes[1].cosineSimilarity, r.nf4.codeEntropyBits, static_cast<long long>(r.nf4.outlierCount));
        os << line;
    }
    if (!rows.empty()) {
        std::snprintf(line, sizeof line, "bits per parameter: nf4 %.4f, nf4+dq %.4f, int4 %.4f\n",
                      rows[0].schemes[0].bitsPerParameter, rows[0].schemes[1].bitsPerParameter,
                      rows[0].schemes[4].bitsPerParameter);
        os << line;
    }
    return os.str();
}

}  // namespace ls
