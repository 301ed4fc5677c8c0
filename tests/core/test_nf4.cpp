// NF4 / FP4 on the CPU against fixtures made by bitsandbytes' own CUDA kernels on an H100
// (tests/reference/make_nf4_fixtures.py): packed bytes, absmax, nested absmax and dequantized bits identical.
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "check.h"
#include "lorastudio/quant.h"
#include "lorastudio/safetensors.h"
#include "quant/float_bits.h"
#include "quant/rcp_approx.h"

using namespace ls;
using namespace ls::quant;

namespace {

// Error bounds for the sanity cases (random normal weights, blocksize 64).
constexpr double kNf4MaxRelFrobenius = 0.12;  // NF4 measures about 0.095 on N(0,1) blocks of 64
constexpr double kInt4MaxRelFrobenius = 0.20;
constexpr double kMinCosine = 0.99;

struct Fixture {
    nlohmann::json cases;
    std::shared_ptr<SafetensorsFile> file;
};

const Fixture& fixture() {
    static Fixture f = [] {
        Fixture x;
        std::ifstream in(ls::test::fixtures() / "nf4" / "cases.json");
        REQUIRE(in.good());
        x.cases = nlohmann::json::parse(in)["cases"];
        x.file = SafetensorsFile::open(ls::test::fixtures() / "nf4" / "cases.safetensors");
        return x;
    }();
    return f;
}

template <typename T>
std::vector<T> tensorData(const std::string& name) {
    const TensorView& t = fixture().file->get(name);
    REQUIRE(t.nbytes % sizeof(T) == 0);
    std::vector<T> v(t.nbytes / sizeof(T));
    std::memcpy(v.data(), t.data, t.nbytes);
    return v;
}

std::vector<std::uint8_t> rawBytes(const std::string& name) { return tensorData<std::uint8_t>(name); }

DType dtypeOf(const std::string& s) {
    if (s == "float32") return DType::F32;
    if (s == "bfloat16") return DType::BF16;
    return DType::F16;
}

float hexFloat(const std::string& hex) { return ls::quant::detail::bitsFloat(std::uint32_t(std::stoul(hex, nullptr, 16))); }

template <typename T>
std::size_t mismatches(const std::vector<T>& a, const T* b, std::size_t n) {
    if (a.size() != n) return std::max(a.size(), n);
    std::size_t bad = 0;
    for (std::size_t i = 0; i < n; ++i) bad += std::memcmp(&a[i], &b[i], sizeof(T)) != 0;
    return bad;
}

std::size_t floatMismatches(const std::vector<float>& a, const std::vector<float>& b) {
    return mismatches(a, b.data(), b.size());
}

Quantized4bit quantizeCase(const nlohmann::json& c, std::optional<float> offset) {
    const std::string name = c["name"];
    const std::vector<std::uint8_t> input = rawBytes(name + ".input");
    QuantizeOptions o;
    o.type = c["quant_type"] == "nf4" ? QuantType::NF4 : QuantType::FP4;
    o.blocksize = c["blocksize"];
    o.doubleQuant = c["double_quant"];
    o.nestedOffset = offset;
    return quantize4bit(input.data(), dtypeOf(c["dtype"]), c["shape"].get<std::vector<int64_t>>(), o, name);
}

// Compares one quantization with the fixture; returns the number of differing items and prints them.
std::size_t compareCase(const nlohmann::json& c, const Quantized4bit& q, bool report) {
    const std::string name = c["name"];
    std::size_t bad = 0;
    auto note = [&](const char* what, std::size_t n) {
        if (n && report) std::cerr << name << ": " << n << " " << what << " differ\n";
        bad += n;
    };
    const auto packed = rawBytes(name + ".packed");
    CHECK_EQ(std::size_t(c["packed_bytes"]), q.packed.size());
    note("packed bytes", mismatches(q.packed, packed.data(), packed.size()));
    const auto qmap = tensorData<float>(name + ".quant_map");
    note("quant_map values", mismatches(std::vector<float>(q.state.code.begin(), q.state.code.end()), qmap.data(), qmap.size()));
    if (c["double_quant"]) {
        note("absmax codes", mismatches(q.state.absmaxCodes, rawBytes(name + ".absmax").data(), q.state.absmaxCodes.size()));
        note("nested absmax", floatMismatches(q.state.nestedAbsmax, tensorData<float>(name + ".nested_absmax")));
        note("nested map", floatMismatches(q.state.nestedCode, tensorData<float>(name + ".nested_quant_map")));
    } else {
        note("absmax", floatMismatches(q.state.absmax, tensorData<float>(name + ".absmax")));
    }
    // Dequantized bits in the input dtype.
    const auto expected = rawBytes(name + ".dequant");
    std::vector<std::uint8_t> out(expected.size());
    dequantize4bit(q.packed.data(), q.packed.size(), q.state, out.data());
    const std::size_t elem = dtypeSize(q.state.dtype);
    std::size_t deqBad = 0;
    for (std::size_t i = 0; i + elem <= out.size(); i += elem) deqBad += std::memcmp(&out[i], &expected[i], elem) != 0;
    note("dequantized values", deqBad);
    return bad;
}

}  // namespace

TEST_CASE("rcp.approx table decodes with the measured counts and the 1/132 example") {
    long up = 0, down = 0;
    ls::quant::detail::rcpApproxTableCounts(up, down);
    CHECK_EQ(up, 733799L);
    CHECK_EQ(down, 374723L);
    using ls::quant::detail::floatBits;
    CHECK_EQ(floatBits(ls::quant::detail::rcpApprox(132.0f)), 0x3bf83e0fu);
    CHECK_EQ(floatBits(1.0f / 132.0f), 0x3bf83e10u);
    CHECK(std::isinf(ls::quant::detail::rcpApprox(0.0f)));
    CHECK(std::isinf(ls::quant::detail::rcpApprox(1e-40f)));  // subnormal input acts as zero
    CHECK_EQ(ls::quant::detail::rcpApprox(2.0f), 0.5f);
    CHECK_EQ(floatBits(ls::quant::detail::rcpApprox(-132.0f)), 0xbbf83e0fu);  // sign-symmetric
}

TEST_CASE("code books and dynamic map equal bitsandbytes' stored maps") {
    CHECK_EQ(codeBook(QuantType::NF4)[0], -1.0f);
    CHECK_EQ(ls::quant::detail::floatBits(codeBook(QuantType::NF4)[8]), 0x3da2faffu);
    CHECK_EQ(ls::quant::detail::floatBits(codeBook(QuantType::FP4)[1]), 0x3baaaaabu);
    CHECK_EQ(ls::quant::detail::floatBits(codeBook(QuantType::FP4)[8]), 0u);  // +0, as quant_map stores it
    const auto& m = dynamicMap8();
    CHECK_EQ(m[127], 0.0f);
    CHECK_EQ(m[255], 1.0f);
    CHECK_EQ(ls::quant::detail::floatBits(m[0]), 0xbf7e3333u);
    for (int i = 0; i < 255; ++i) CHECK_EQ(m[std::size_t(i)], -m[std::size_t(254 - i)]);
    for (int i = 1; i < 256; ++i) CHECK(m[std::size_t(i - 1)] < m[std::size_t(i)]);
}

TEST_CASE("every bitsandbytes fixture case is byte-exact on the CPU (nested offset from the fixture)") {
    int cases = 0;
    for (const auto& c : fixture().cases) {
        std::optional<float> offset;
        if (c["double_quant"]) offset = hexFloat(c["nested_offset_hex"]);
        const Quantized4bit q = quantizeCase(c, offset);
        if (c["double_quant"]) CHECK_EQ(q.state.nestedOffset, *offset);
        const std::size_t bad = compareCase(c, q, true);
        if (bad) std::cerr << "  case " << std::string(c["name"]) << " differs\n";
        CHECK_EQ(bad, std::size_t(0));
        ++cases;
    }
    CHECK_EQ(cases, 40);
}

TEST_CASE("the CPU mean of absmax reproduces bitsandbytes' nested offset where torch's order agrees") {
    // torch's CUDA mean sums in a tree; the CPU takes the correctly rounded sum. The spec measured a last-bit
    // difference in 10 of 180 cases; in general we allow 1 ulp and require full byte equality whenever the
    // offsets agree. For the 12 committed double-quant fixtures the CPU offset agrees in every case.
    int exact = 0, total = 0;
    for (const auto& c : fixture().cases) {
        if (!c["double_quant"]) continue;
        ++total;
        const float expected = hexFloat(c["nested_offset_hex"]);
        const Quantized4bit q = quantizeCase(c, std::nullopt);
        const long ulps = long(ls::quant::detail::floatBits(q.state.nestedOffset)) -
                          long(ls::quant::detail::floatBits(expected));
        CHECK(ulps >= -1 && ulps <= 1);
        if (ulps == 0) {
            ++exact;
            CHECK_EQ(compareCase(c, q, true), std::size_t(0));
        } else {
            std::cout << "  note: " << std::string(c["name"]) << ": CPU offset differs from torch's CUDA mean by "
                      << ulps << " ulp (summation order)\n";
        }
    }
    std::cout << "  nested offset exact in " << exact << " of " << total << " double-quant cases\n";
    CHECK_EQ(total, 12);
    CHECK_EQ(exact, total);
}

TEST_CASE("dequantizing the fixture's stored state gives the fixture's values") {
    for (const auto& c : fixture().cases) {
        const std::string name = c["name"];
        QuantState st;
        st.type = c["quant_type"] == "nf4" ? QuantType::NF4 : QuantType::FP4;
        st.blocksize = c["blocksize"];
        st.dtype = dtypeOf(c["dtype"]);
        st.shape = c["shape"].get<std::vector<int64_t>>();
        const auto qmap = tensorData<float>(name + ".quant_map");
        std::memcpy(st.code.data(), qmap.data(), 64);
        if (c["double_quant"]) {
            st.doubleQuant = true;
            st.absmaxCodes = rawBytes(name + ".absmax");
            st.nestedAbsmax = tensorData<float>(name + ".nested_absmax");
            st.nestedCode = tensorData<float>(name + ".nested_quant_map");
            st.nestedOffset = hexFloat(c["nested_offset_hex"]);
        } else {
            st.absmax = tensorData<float>(name + ".absmax");
        }
        const auto packed = rawBytes(name + ".packed");
        const auto expected = rawBytes(name + ".dequant");
        std::vector<std::uint8_t> out(expected.size());
        dequantize4bit(packed.data(), packed.size(), st, out.data());
        if (out != expected) std::cerr << name << ": dequantized bits differ\n";
        CHECK(out == expected);
    }
}

TEST_CASE("partial last block, odd length and zero blocks follow the CUDA kernel") {
    std::vector<float> x(777, 0.25f);
    QuantizeOptions o;
    Quantized4bit q = quantize4bit(x.data(), DType::F32, {777}, o);
    CHECK_EQ(q.packed.size(), std::size_t(389));
    CHECK_EQ(int(q.packed.back()), 0xf7);  // element 776 is 1.0 -> 15, the zero fill -> 7
    o.type = QuantType::FP4;
    q = quantize4bit(x.data(), DType::F32, {777}, o);
    CHECK_EQ(int(q.packed.back()), 0x30);
    std::vector<float> z(64, 0.0f);
    z[3] = -0.0f;
    o.type = QuantType::NF4;
    q = quantize4bit(z.data(), DType::F32, {64}, o);
    CHECK_EQ(q.state.absmax[0], 0.0f);
    for (auto b : q.packed) CHECK_EQ(int(b), 0);
    const auto d = dequantize4bitToFloat(q.packed.data(), q.packed.size(), q.state);
    CHECK(std::signbit(d[0]) && d[0] == 0.0f);  // -1.0 * 0 = -0.0, as bitsandbytes gives
}

TEST_CASE("NaN and Inf inputs are refused") {
    std::vector<float> x(128, 0.5f);
    x[70] = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH(quantize4bit(x.data(), DType::F32, {128}, {}, "layers.0.q_proj"), "element 70 is NaN");
    x[70] = -std::numeric_limits<float>::infinity();
    CHECK_THROWS_WITH(quantize4bit(x.data(), DType::F32, {128}, {}, "layers.0.q_proj"), "layers.0.q_proj: element 70 is Inf");
    std::vector<std::uint16_t> h(64, 0x3c00);
    h[5] = 0x7c00;  // fp16 +inf
    CHECK_THROWS_WITH(quantize4bit(h.data(), DType::F16, {64}), "is Inf");
    h[5] = 0x7fc1;  // bf16 NaN
    CHECK_THROWS_WITH(quantize4bit(h.data(), DType::BF16, {64}), "is NaN");
    QuantizeOptions bad;
    bad.blocksize = 48;
    x[70] = 0.0f;
    CHECK_THROWS_WITH(quantize4bit(x.data(), DType::F32, {128}, bad), "blocksize 48");
    CHECK_THROWS_WITH(quantize4bit(x.data(), DType::I32, {128}), "needs F32, BF16 or F16");
}

TEST_CASE("stored bytes of a 4096x4096 weight with double quant: 4.126953125 bits per parameter") {
    QuantState st;
    st.shape = {4096, 4096};
    st.blocksize = 64;
    st.doubleQuant = true;
    const std::size_t expected = 8388608 + 262144 + 1024 * 4;  // codes + uint8 absmax + nested float32
    CHECK_EQ(storedBytes(st), expected);
    CHECK_EQ(bitsPerParameter(st), 4.126953125);
    CHECK_EQ(storedBytes(st, true), expected + 64 + 1024);
    st.doubleQuant = false;
    CHECK_EQ(bitsPerParameter(st), 4.5);
}

TEST_CASE("int4 round trip and NF4 vs int4 error on normal weights") {
    std::mt19937 rng(7);
    std::normal_distribution<float> nd(0.0f, 0.02f);
    std::vector<float> w(64 * 512);
    for (float& v : w) v = nd(rng);
    const QuantizedInt4 qi = quantizeInt4(w.data(), int64_t(w.size()), 64);
    const std::vector<float> di = dequantizeInt4(qi);
    double d2 = 0, w2 = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        CHECK(std::fabs(di[i] - w[i]) <= qi.scales[i / 64] * 0.5f * 1.0001f);
        d2 += double(di[i] - w[i]) * (di[i] - w[i]);
        w2 += double(w[i]) * w[i];
    }
    CHECK(std::sqrt(d2 / w2) < kInt4MaxRelFrobenius);
    // Exact values -7..7 times a scale survive.
    std::vector<float> e = {-7, -3, 0, 1, 7, 2, -1, 5};
    const auto de = dequantizeInt4(quantizeInt4(e.data(), 8, 8));
    for (std::size_t i = 0; i < e.size(); ++i) CHECK_NEAR(de[i], e[i], 1e-6);

    const Quantized4bit q = quantize4bit(w.data(), DType::F32, {512, 64}, {});
    const QuantStats s = inspectQuantization(w.data(), DType::F32, q);
    CHECK(s.relFrobeniusError < kNf4MaxRelFrobenius);
    CHECK(s.relFrobeniusError < std::sqrt(d2 / w2));  // NF4 beats int4 on normal weights
    CHECK(s.cosineSimilarity > kMinCosine);
}

TEST_CASE("statistics: histogram sums, entropy bounds, outliers, storage") {
    std::mt19937 rng(11);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    std::vector<std::uint16_t> w(256 * 256);
    for (auto& v : w) v = ls::quant::detail::floatToBf16(nd(rng) * 0.02f);
    w[64 * 37 + 5] = ls::quant::detail::floatToBf16(3.0f);  // one outlier block: 37
    QuantizeOptions o;
    o.doubleQuant = true;
    const Quantized4bit q = quantize4bit(w.data(), DType::BF16, {256, 256}, o);
    QuantStatsOptions so;
    so.histogramBins = 100;
    const QuantStats s = inspectQuantization(w.data(), DType::BF16, q, so);
    std::uint64_t sum = 0;
    for (auto c : s.normHistogram) sum += c;
    CHECK_EQ(sum, std::uint64_t(w.size()));
    CHECK_EQ(s.normHistogram.size(), std::size_t(100));
    sum = 0;
    for (auto c : s.codeCounts) sum += c;
    CHECK_EQ(sum, std::uint64_t(w.size()));
    CHECK(s.codeEntropyBits > 3.0 && s.codeEntropyBits <= 4.0);
    sum = 0;
    for (auto c : s.absmaxHistogram) sum += c;
    CHECK_EQ(sum, std::uint64_t(1024));
    REQUIRE(!s.outliers.empty());
    CHECK_EQ(s.outliers[0].block, int64_t(37));
    CHECK_EQ(s.outlierCount, int64_t(1));
    CHECK(s.absmaxMin <= s.absmaxMedian && s.absmaxMedian <= s.absmaxMax);
    CHECK_EQ(s.storedBytes, storedBytes(q.state));
    CHECK_EQ(s.bitsPerParameter, 4.126953125);
    CHECK(s.cosineSimilarity > kMinCosine && s.cosineSimilarity <= 1.0 + 1e-12);
    CHECK(s.maxAbsError > 0.0);
}

int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
