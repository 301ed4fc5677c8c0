// The CUDA NF4/FP4 kernels against the bitsandbytes fixtures and against the CPU path, bit for bit.
// Every case skips itself when there is no CUDA device (or no CUDA kernels in this build).
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "check.h"
#include "lorastudio/quant.h"
#include "lorastudio/safetensors.h"
#include "quant/float_bits.h"
#include "quant/nf4_cuda.h"
#include "quant/quant_torch.h"

using namespace ls;
using namespace ls::quant;

namespace {

void requireGpu() {
    int count = 0;
    const char* err = ls_cuda_device_count(&count);
    if (err || count == 0) LS_SKIP(err ? std::string(err) : std::string("no CUDA device"));
}

#define CUDA_OK(call)                                              \
    do {                                                           \
        const char* ls_err = (call);                               \
        if (ls_err) {                                              \
            ::ls::test::reportFailure(__FILE__, __LINE__, ls_err); \
            throw ::ls::test::Failure{ls_err};                     \
        }                                                          \
    } while (0)

// A device allocation freed on scope exit.
class DeviceBuffer {
public:
    explicit DeviceBuffer(std::size_t bytes) : m_bytes(bytes) { CUDA_OK(ls_cuda_malloc(&m_ptr, bytes ? bytes : 1)); }
    ~DeviceBuffer() { ls_cuda_free(m_ptr); }
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;
    template <typename T>
    T* as() const {
        return static_cast<T*>(m_ptr);
    }
    void upload(const void* src, std::size_t bytes) { CUDA_OK(ls_cuda_memcpy_h2d(m_ptr, src, bytes)); }
    template <typename T>
    std::vector<T> download(std::size_t count) const {
        std::vector<T> v(count);
        if (count) CUDA_OK(ls_cuda_memcpy_d2h(v.data(), m_ptr, count * sizeof(T)));
        return v;
    }

private:
    void* m_ptr = nullptr;
    std::size_t m_bytes;
};

int elemOf(DType t) { return t == DType::F32 ? LS_ELEM_F32 : t == DType::BF16 ? LS_ELEM_BF16 : LS_ELEM_F16; }
int qtOf(QuantType t) { return t == QuantType::NF4 ? LS_QUANT_NF4 : LS_QUANT_FP4; }

struct GpuResult {
    std::vector<std::uint8_t> packed;
    std::vector<float> absmax;              // float32 absmax (before double quant)
    std::vector<std::uint8_t> absmaxCodes;  // double quant
    std::vector<float> nestedAbsmax;
    std::vector<std::uint8_t> dequant;  // raw bits in the input dtype
};

// Quantizes on the GPU through the C interface; under double quant the offset is given (the C interface
// takes it as a device value; torch's mean is the torch wrapper's job).
GpuResult runGpu(const void* input, DType dtype, int64_t n, int blocksize, QuantType type, bool dq, float offset) {
    GpuResult r;
    const std::size_t esize = dtypeSize(dtype);
    const int64_t blocks = (n + blocksize - 1) / blocksize;
    const int64_t nested = (blocks + 255) / 256;
    DeviceBuffer in{std::size_t(n) * esize}, absmax{std::size_t(blocks) * 4}, packed{std::size_t((n + 1) / 2)};
    in.upload(input, std::size_t(n) * esize);
    CUDA_OK(ls_cuda_quantize4bit(in.as<void>(), elemOf(dtype), n, blocksize, qtOf(type), absmax.as<float>(),
                                 packed.as<std::uint8_t>(), nullptr));
    r.packed = packed.download<std::uint8_t>(std::size_t((n + 1) / 2));
    r.absmax = absmax.download<float>(std::size_t(blocks));
    DeviceBuffer out{std::size_t(n) * esize};
    if (dq) {
        DeviceBuffer off{4}, codes{std::size_t(blocks)}, nestedAbs{std::size_t(nested) * 4}, map{1024};
        off.upload(&offset, 4);
        map.upload(dynamicMap8().data(), 1024);
        CUDA_OK(ls_cuda_quantize_blockwise8(absmax.as<float>(), off.as<float>(), blocks, map.as<float>(),
                                            codes.as<std::uint8_t>(), nestedAbs.as<float>(), nullptr));
        r.absmaxCodes = codes.download<std::uint8_t>(std::size_t(blocks));
        r.nestedAbsmax = nestedAbs.download<float>(std::size_t(nested));
        CUDA_OK(ls_cuda_dequantize4bit_dq(packed.as<std::uint8_t>(), codes.as<std::uint8_t>(), nestedAbs.as<float>(),
                                          map.as<float>(), offset, n, blocksize, qtOf(type), elemOf(dtype),
                                          out.as<void>(), nullptr));
    } else {
        CUDA_OK(ls_cuda_dequantize4bit(packed.as<std::uint8_t>(), absmax.as<float>(), n, blocksize, qtOf(type),
                                       elemOf(dtype), out.as<void>(), nullptr));
    }
    CUDA_OK(ls_cuda_synchronize());
    r.dequant = out.download<std::uint8_t>(std::size_t(n) * esize);
    return r;
}

std::vector<std::uint8_t> cpuDequant(const Quantized4bit& q) {
    std::vector<std::uint8_t> out(std::size_t(q.state.numel()) * dtypeSize(q.state.dtype));
    dequantize4bit(q.packed.data(), q.packed.size(), q.state, out.data());
    return out;
}

// GPU and CPU agree on everything for one input.
void compareWithCpu(const void* input, DType dtype, const std::vector<int64_t>& shape, int blocksize, QuantType type,
                    bool dq, const std::string& label) {
    QuantizeOptions o;
    o.type = type;
    o.blocksize = blocksize;
    o.doubleQuant = dq;
    const Quantized4bit cpu = quantize4bit(input, dtype, shape, o, label);
    const GpuResult gpu = runGpu(input, dtype, cpu.state.numel(), blocksize, type, dq, cpu.state.nestedOffset);
    const bool same = gpu.packed == cpu.packed &&
                      (dq ? gpu.absmaxCodes == cpu.state.absmaxCodes && gpu.nestedAbsmax == cpu.state.nestedAbsmax
                          : gpu.absmax == cpu.state.absmax) &&
                      gpu.dequant == cpuDequant(cpu);
    if (!same) std::cerr << label << ": GPU and CPU differ\n";
    CHECK(same);
}

const nlohmann::json& cases() {
    static nlohmann::json c = [] {
        std::ifstream in(ls::test::fixtures() / "nf4" / "cases.json");
        return nlohmann::json::parse(in)["cases"];
    }();
    return c;
}

const SafetensorsFile& fixtureFile() {
    static std::shared_ptr<SafetensorsFile> f =
        SafetensorsFile::open(ls::test::fixtures() / "nf4" / "cases.safetensors");
    return *f;
}

std::vector<std::uint8_t> bytesOf(const std::string& name) {
    const TensorView& t = fixtureFile().get(name);
    return std::vector<std::uint8_t>(t.data, t.data + t.nbytes);
}

template <typename T>
std::vector<T> valuesOf(const std::string& name) {
    const auto b = bytesOf(name);
    std::vector<T> v(b.size() / sizeof(T));
    std::memcpy(v.data(), b.data(), v.size() * sizeof(T));
    return v;
}

DType dtypeOf(const std::string& s) { return s == "float32" ? DType::F32 : s == "bfloat16" ? DType::BF16 : DType::F16; }

float offsetOf(const nlohmann::json& c) {
    return ls::quant::detail::bitsFloat(std::uint32_t(std::stoul(std::string(c["nested_offset_hex"]), nullptr, 16)));
}

}  // namespace

TEST_CASE("CUDA quantize/dequantize equal the bitsandbytes fixtures (offset from the fixture)") {
    requireGpu();
    for (const auto& c : cases()) {
        const std::string name = c["name"];
        const bool dq = c["double_quant"];
        const auto input = bytesOf(name + ".input");
        const DType dtype = dtypeOf(c["dtype"]);
        const int64_t n = int64_t(input.size() / dtypeSize(dtype));
        const GpuResult g =
            runGpu(input.data(), dtype, n, c["blocksize"], c["quant_type"] == "nf4" ? QuantType::NF4 : QuantType::FP4,
                   dq, dq ? offsetOf(c) : 0.0f);
        bool same = g.packed == bytesOf(name + ".packed") && g.dequant == bytesOf(name + ".dequant");
        if (dq)
            same = same && g.absmaxCodes == bytesOf(name + ".absmax") &&
                   g.nestedAbsmax == valuesOf<float>(name + ".nested_absmax");
        else
            same = same && g.absmax == valuesOf<float>(name + ".absmax");
        if (!same) std::cerr << name << ": CUDA result differs from bitsandbytes\n";
        CHECK(same);
    }
}

TEST_CASE("CUDA equals CPU on large random weights, every dtype, type and blocksize") {
    requireGpu();
    std::mt19937 rng(99);
    std::normal_distribution<float> nd(0.0f, 0.02f);
    const int64_t n = 1000003;  // odd: a partial last block and a half-used last byte
    std::vector<float> f(n);
    for (float& v : f) v = nd(rng);
    for (int64_t i = 0; i < n; i += 4099) f[std::size_t(i)] *= 40.0f;  // outliers
    std::vector<std::uint16_t> bf(n), hf(n);
    for (int64_t i = 0; i < n; ++i) {
        bf[std::size_t(i)] = ls::quant::detail::floatToBf16(f[std::size_t(i)]);
        hf[std::size_t(i)] = ls::quant::detail::floatToF16(f[std::size_t(i)]);
    }
    for (QuantType t : {QuantType::NF4, QuantType::FP4}) {
        for (int bs : {32, 64, 128, 256, 512, 1024, 2048, 4096}) {
            const std::string tag = std::string(quantTypeName(t)) + " bs" + std::to_string(bs);
            compareWithCpu(bf.data(), DType::BF16, {n}, bs, t, false, tag + " bf16");
        }
        for (bool dq : {false, true}) {
            const std::string tag = std::string(quantTypeName(t)) + (dq ? " dq" : " nodq");
            compareWithCpu(f.data(), DType::F32, {n}, 64, t, dq, tag + " f32");
            compareWithCpu(bf.data(), DType::BF16, {n}, 64, t, dq, tag + " bf16");
            compareWithCpu(hf.data(), DType::F16, {n}, 64, t, dq, tag + " f16");
        }
    }
}

TEST_CASE("CUDA dequantize with unaligned buffers takes the scalar path and stays exact") {
    requireGpu();
    std::mt19937 rng(5);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    const int64_t n = 64 * 300 + 17;
    std::vector<std::uint16_t> w(n);
    for (auto& v : w) v = ls::quant::detail::floatToBf16(nd(rng));
    const Quantized4bit cpu = quantize4bit(w.data(), DType::BF16, {n}, {});
    const auto expected = cpuDequant(cpu);
    DeviceBuffer packed{cpu.packed.size() + 1}, absmax{cpu.state.absmax.size() * 4}, out{std::size_t(n) * 2 + 16};
    CUDA_OK(ls_cuda_memcpy_h2d(packed.as<std::uint8_t>() + 1, cpu.packed.data(), cpu.packed.size()));
    absmax.upload(cpu.state.absmax.data(), cpu.state.absmax.size() * 4);
    CUDA_OK(ls_cuda_dequantize4bit(packed.as<std::uint8_t>() + 1, absmax.as<float>(), n, 64, LS_QUANT_NF4, LS_ELEM_BF16,
                                   out.as<std::uint8_t>() + 2, nullptr));
    std::vector<std::uint8_t> got(std::size_t(n) * 2);
    CUDA_OK(ls_cuda_memcpy_d2h(got.data(), out.as<std::uint8_t>() + 2, got.size()));
    CHECK(got == expected);
}

TEST_CASE("torch wrapper on CUDA: torch's mean gives bitsandbytes' nested offset and bytes") {
    requireGpu();
    if (!torch::cuda::is_available()) LS_SKIP("LibTorch without CUDA: the torch CUDA path cannot run here");
    for (const auto& c : cases()) {
        if (!c["double_quant"]) continue;
        const std::string name = c["name"];
        const DType dtype = dtypeOf(c["dtype"]);
        const auto input = bytesOf(name + ".input");
        const torch::ScalarType st = dtype == DType::F32    ? torch::kFloat
                                     : dtype == DType::BF16 ? torch::kBFloat16
                                                            : torch::kHalf;
        torch::Tensor w = torch::empty(c["shape"].get<std::vector<int64_t>>(), torch::TensorOptions().dtype(st));
        std::memcpy(w.data_ptr(), input.data(), input.size());
        QuantizeOptions o;
        o.type = c["quant_type"] == "nf4" ? QuantType::NF4 : QuantType::FP4;
        o.blocksize = c["blocksize"];
        o.doubleQuant = true;
        const QuantizedTensor q = quantize4bit(w.to(torch::kCUDA), o, name);
        CHECK_EQ(ls::quant::detail::floatBits(q.nestedOffset), ls::quant::detail::floatBits(offsetOf(c)));
        const Quantized4bit host = toQuantized4bit(q);
        CHECK(host.packed == bytesOf(name + ".packed"));
        CHECK(host.state.absmaxCodes == bytesOf(name + ".absmax"));
        const torch::Tensor d = dequantize4bit(q).cpu().contiguous();
        CHECK(std::memcmp(d.data_ptr(), bytesOf(name + ".dequant").data(), input.size()) == 0);
    }
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
