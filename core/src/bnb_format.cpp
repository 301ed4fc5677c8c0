#include "bnb_format.h"

#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>

#include "lorastudio/error.h"

namespace ls::bnb {
using nlohmann::json;

namespace {

const char* stateSuffix(quant::QuantType type) {
    return type == quant::QuantType::NF4 ? ".quant_state.bitsandbytes__nf4" : ".quant_state.bitsandbytes__fp4";
}

const char* dtypeWord(DType t) {
    switch (t) {
        case DType::F32: return "float32";
        case DType::BF16: return "bfloat16";
        case DType::F16: return "float16";
        default: return "?";
    }
}

// Python's repr of a float: the shortest text that reads back as the same double.
std::string pythonFloat(double v) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    std::string s(buf, res.ptr);
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}

template <typename T>
std::vector<T> copyOut(const TensorView& t) {
    std::vector<T> v(t.nbytes / sizeof(T));
    if (!v.empty()) std::memcpy(v.data(), t.data, t.nbytes);
    return v;
}

}  // namespace

bool isQuantized(const ModelFolder& folder, const std::string& weightName) {
    return folder.find(weightName + stateSuffix(quant::QuantType::NF4)) ||
           folder.find(weightName + stateSuffix(quant::QuantType::FP4));
}

std::optional<quant::Quantized4bit> readLinear(const ModelFolder& folder, const std::string& w) {
    const TensorView* stateTensor = nullptr;
    quant::QuantType type = quant::QuantType::NF4;
    for (auto t : {quant::QuantType::NF4, quant::QuantType::FP4})
        if (const TensorView* s = folder.find(w + stateSuffix(t))) {
            stateTensor = s;
            type = t;
        }
    if (!stateTensor) return std::nullopt;
    auto bad = [&](const std::string& problem) { failFile(folder.dir(), "4-bit weight " + w + ": " + problem); };
    if (stateTensor->dtype != DType::U8) bad("quant_state is not U8 text");
    json js = json::parse(stateTensor->data, stateTensor->data + stateTensor->nbytes, nullptr, false);
    if (js.is_discarded() || !js.is_object()) bad("quant_state is not a JSON object");

    quant::Quantized4bit q;
    quant::QuantState& st = q.state;
    st.type = type;
    if (js.value("quant_type", std::string()) != quant::quantTypeName(type)) bad("quant_state quant_type disagrees with its key");
    if (!js.contains("blocksize") || !js["blocksize"].is_number_integer()) bad("quant_state has no integer blocksize");
    st.blocksize = js["blocksize"].get<int>();
    if (st.blocksize < 32 || st.blocksize > 4096 || (st.blocksize & (st.blocksize - 1)))
        bad("blocksize " + std::to_string(st.blocksize) + " is not one of 32, 64, ..., 4096");
    const std::string dt = js.value("dtype", std::string());
    st.dtype = dt == "float32" ? DType::F32 : dt == "bfloat16" ? DType::BF16 : dt == "float16" ? DType::F16 : DType::U8;
    if (st.dtype == DType::U8) bad("quant_state dtype '" + dt + "' is not float32, bfloat16 or float16");
    if (!js.contains("shape") || !js["shape"].is_array() || js["shape"].size() != 2) bad("quant_state shape is not [out, in]");
    for (const auto& d : js["shape"]) {
        if (!d.is_number_unsigned() || d.get<std::uint64_t>() == 0 || d.get<std::uint64_t>() > (1u << 20))
            bad("quant_state shape has an invalid dimension");
        st.shape.push_back(d.get<int64_t>());
    }
    const int64_t n = st.numel(), blocks = st.blocks();

    const TensorView& packed = folder.get(w);
    if (packed.dtype != DType::U8 || packed.nbytes != static_cast<std::size_t>((n + 1) / 2))
        bad("packed weight has " + std::to_string(packed.nbytes) + " bytes, its shape needs " + std::to_string((n + 1) / 2));
    q.packed = copyOut<std::uint8_t>(packed);

    const TensorView& map = folder.get(w + ".quant_map");
    if (map.dtype != DType::F32 || map.numel() != 16) bad("quant_map is not 16 float32 values");
    std::memcpy(st.code.data(), map.data, 64);

    const TensorView& absmax = folder.get(w + ".absmax");
    st.doubleQuant = js.contains("nested_offset");
    if (st.doubleQuant) {
        if (absmax.dtype != DType::U8 || absmax.numel() != blocks) bad("absmax is not " + std::to_string(blocks) + " uint8 codes");
        st.absmaxCodes = copyOut<std::uint8_t>(absmax);
        if (!js["nested_offset"].is_number()) bad("nested_offset is not a number");
        st.nestedOffset = js["nested_offset"].get<float>();
        st.nestedBlocksize = js.value("nested_blocksize", 256);
        if (st.nestedBlocksize != 256) bad("nested_blocksize must be 256");
        const TensorView& nested = folder.get(w + ".nested_absmax");
        if (nested.dtype != DType::F32 || nested.numel() != (blocks + 255) / 256) bad("nested_absmax has the wrong size");
        st.nestedAbsmax = copyOut<float>(nested);
        const TensorView& nmap = folder.get(w + ".nested_quant_map");
        if (nmap.dtype != DType::F32 || nmap.numel() != 256) bad("nested_quant_map is not 256 float32 values");
        st.nestedCode = copyOut<float>(nmap);
    } else {
        if (absmax.dtype != DType::F32 || absmax.numel() != blocks) bad("absmax is not " + std::to_string(blocks) + " float32 values");
        st.absmax = copyOut<float>(absmax);
    }
    return q;
}

std::string quantStateJson(const quant::QuantState& st) {
    std::string s = std::string("{\"quant_type\": \"") + quant::quantTypeName(st.type) + "\", \"blocksize\": " +
                    std::to_string(st.blocksize) + ", \"dtype\": \"" + dtypeWord(st.dtype) + "\", \"shape\": [";
    for (std::size_t i = 0; i < st.shape.size(); ++i) s += (i ? ", " : "") + std::to_string(st.shape[i]);
    s += "]";
    if (st.doubleQuant)
        s += ", \"nested_blocksize\": " + std::to_string(st.nestedBlocksize) +
             ", \"nested_dtype\": \"float32\", \"nested_offset\": " + pythonFloat(static_cast<double>(st.nestedOffset));
    return s + "}";
}

void appendLinear(std::vector<TensorToWrite>& out, std::deque<std::string>& strings, const std::string& w,
                  const quant::Quantized4bit& q) {
    const quant::QuantState& st = q.state;
    const int64_t blocks = st.blocks();
    out.push_back({w, DType::U8, {int64_t(q.packed.size()), 1}, q.packed.data(), q.packed.size()});
    out.push_back({w + ".quant_map", DType::F32, {16}, st.code.data(), 64});
    if (st.doubleQuant) {
        out.push_back({w + ".absmax", DType::U8, {blocks}, st.absmaxCodes.data(), st.absmaxCodes.size()});
        out.push_back({w + ".nested_absmax", DType::F32, {int64_t(st.nestedAbsmax.size())}, st.nestedAbsmax.data(),
                       st.nestedAbsmax.size() * 4});
        out.push_back({w + ".nested_quant_map", DType::F32, {int64_t(st.nestedCode.size())}, st.nestedCode.data(),
                       st.nestedCode.size() * 4});
    } else {
        out.push_back({w + ".absmax", DType::F32, {blocks}, st.absmax.data(), st.absmax.size() * 4});
    }
    strings.push_back(quantStateJson(st));
    const std::string& js = strings.back();
    out.push_back({w + stateSuffix(st.type), DType::U8, {int64_t(js.size())}, js.data(), js.size()});
}

std::string quantizationConfigJson(quant::QuantType type, bool doubleQuant, const std::string& computeDType) {
    json q = {{"_load_in_4bit", true},
              {"_load_in_8bit", false},
              {"bnb_4bit_compute_dtype", computeDType},
              {"bnb_4bit_quant_storage", "uint8"},
              {"bnb_4bit_quant_type", quant::quantTypeName(type)},
              {"bnb_4bit_use_double_quant", doubleQuant},
              {"llm_int8_enable_fp32_cpu_offload", false},
              {"llm_int8_has_fp16_weight", false},
              {"llm_int8_skip_modules", nullptr},
              {"llm_int8_threshold", 6.0},
              {"load_in_4bit", true},
              {"load_in_8bit", false},
              {"quant_method", "bitsandbytes"}};
    return q.dump();
}

}  // namespace ls::bnb
