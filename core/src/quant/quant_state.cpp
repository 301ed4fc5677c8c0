// Code books, QuantState helpers, absmax decoding and storage accounting.
#include <string>

#include "lorastudio/error.h"
#include "lorastudio/quant.h"
#include "quant/blockwise8.h"
#include "quant/code_ops.h"

namespace ls::quant {

const char* quantTypeName(QuantType type) { return type == QuantType::NF4 ? "nf4" : "fp4"; }

std::optional<QuantType> parseQuantType(const std::string& name) {
    if (name == "nf4") return QuantType::NF4;
    if (name == "fp4") return QuantType::FP4;
    return std::nullopt;
}

const std::array<float, 16>& codeBook(QuantType type) {
    static const std::array<float, 16> nf4 = [] {
        std::array<float, 16> c{};
        for (unsigned i = 0; i < 16; ++i) c[i] = detail::nf4Value(i);
        return c;
    }();
    static const std::array<float, 16> fp4 = [] {
        std::array<float, 16> c{};
        for (unsigned i = 0; i < 16; ++i) c[i] = i == 8 ? 0.0f : detail::fp4Value(i);  // quant_map stores +0
        return c;
    }();
    return type == QuantType::NF4 ? nf4 : fp4;
}

const std::array<float, 256>& dynamicMap8() {
    // create_dynamic_map(signed=True, 7, 8) as torch's FMA linspace builds it; indices 0..127 (spec c.7).
    static const float kNegative[128] = {
        -0x1.fc6666p-1f,  -0x1.f53334p-1f,  -0x1.eep-1f,      -0x1.e6ccccp-1f,  -0x1.df999ap-1f,  -0x1.d86666p-1f,
        -0x1.d13334p-1f,  -0x1.cap-1f,      -0x1.c2ccccp-1f,  -0x1.bb999ap-1f,  -0x1.b46666p-1f,  -0x1.ad3334p-1f,
        -0x1.a6p-1f,      -0x1.9eccccp-1f,  -0x1.97999ap-1f,  -0x1.906666p-1f,  -0x1.893334p-1f,  -0x1.82p-1f,
        -0x1.7accccp-1f,  -0x1.73999ap-1f,  -0x1.6c6668p-1f,  -0x1.653334p-1f,  -0x1.5ep-1f,      -0x1.56ccccp-1f,
        -0x1.4f999ap-1f,  -0x1.486668p-1f,  -0x1.413334p-1f,  -0x1.3ap-1f,      -0x1.32ccccp-1f,  -0x1.2b999ap-1f,
        -0x1.246668p-1f,  -0x1.1d3334p-1f,  -0x1.16p-1f,      -0x1.0eccccp-1f,  -0x1.079998p-1f,  -0x1.006666p-1f,
        -0x1.f26664p-2f,  -0x1.e4p-2f,      -0x1.d59998p-2f,  -0x1.c73334p-2f,  -0x1.b8ccccp-2f,  -0x1.aa6666p-2f,
        -0x1.9cp-2f,      -0x1.8d9998p-2f,  -0x1.7f3334p-2f,  -0x1.70ccccp-2f,  -0x1.626666p-2f,  -0x1.54p-2f,
        -0x1.459998p-2f,  -0x1.373334p-2f,  -0x1.28ccccp-2f,  -0x1.1a6668p-2f,  -0x1.0cp-2f,      -0x1.fb3332p-3f,
        -0x1.de6666p-3f,  -0x1.c1999ap-3f,  -0x1.a4ccccp-3f,  -0x1.88p-3f,      -0x1.6b3334p-3f,  -0x1.4e6666p-3f,
        -0x1.31999ap-3f,  -0x1.14ccccp-3f,  -0x1.fp-4f,       -0x1.b66668p-4f,  -0x1.93d70ap-4f,  -0x1.8851eep-4f,
        -0x1.7ccccep-4f,  -0x1.7147aep-4f,  -0x1.65c29p-4f,   -0x1.5a3d7p-4f,   -0x1.4eb854p-4f,  -0x1.433334p-4f,
        -0x1.37ae14p-4f,  -0x1.2c28f6p-4f,  -0x1.20a3d6p-4f,  -0x1.151ebap-4f,  -0x1.09999ap-4f,  -0x1.fc28f6p-5f,
        -0x1.e51ebap-5f,  -0x1.ce147ap-5f,  -0x1.b70a3ep-5f,  -0x1.ap-5f,       -0x1.88f5c2p-5f,  -0x1.71eb86p-5f,
        -0x1.5ae146p-5f,  -0x1.43d70ap-5f,  -0x1.2ccccep-5f,  -0x1.15c29p-5f,   -0x1.fd70a4p-6f,  -0x1.cf5c2ap-6f,
        -0x1.a147aep-6f,  -0x1.733334p-6f,  -0x1.451ebap-6f,  -0x1.170a3ep-6f,  -0x1.d1eb86p-7f,  -0x1.75c29p-7f,
        -0x1.3e76c8p-7f,  -0x1.2c083p-7f,   -0x1.19999ap-7f,  -0x1.072b02p-7f,  -0x1.e978d4p-8f,  -0x1.c49ba6p-8f,
        -0x1.9fbe76p-8f,  -0x1.7ae148p-8f,  -0x1.56041ap-8f,  -0x1.3126e8p-8f,  -0x1.0c49bap-8f,  -0x1.ced914p-9f,
        -0x1.851eb8p-9f,  -0x1.3b645ap-9f,  -0x1.e353f8p-10f, -0x1.4fdf3ap-10f, -0x1.eecbfep-11f, -0x1.b3d07cp-11f,
        -0x1.78d5p-11f,   -0x1.3dd982p-11f, -0x1.02de02p-11f, -0x1.8fc506p-12f, -0x1.19ce0ap-12f, -0x1.47ae16p-13f,
        -0x1.743e96p-14f, -0x1.15df66p-14f, -0x1.6f0068p-15f, -0x1.64840cp-16f, -0x1.040bfep-17f, -0x1.b43528p-19f,
        -0x1.27476ep-21f, 0.0f};
    static const std::array<float, 256> map = [] {
        std::array<float, 256> m{};
        for (int i = 0; i < 128; ++i) m[std::size_t(i)] = kNegative[i];
        for (int i = 128; i < 255; ++i) m[std::size_t(i)] = -kNegative[254 - i];
        m[255] = 1.0f;
        return m;
    }();
    return map;
}

int64_t QuantState::numel() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

int64_t QuantState::blocks() const { return (numel() + blocksize - 1) / blocksize; }

std::size_t QuantState::packedBytes() const { return std::size_t((numel() + 1) / 2); }

std::vector<float> blockAbsmax(const QuantState& state) {
    const int64_t blocks = state.blocks();
    if (!state.doubleQuant) {
        LS_CHECK(int64_t(state.absmax.size()) == blocks, "quant state: absmax has " +
                     std::to_string(state.absmax.size()) + " values, expected " + std::to_string(blocks));
        return state.absmax;
    }
    LS_CHECK(int64_t(state.absmaxCodes.size()) == blocks, "quant state: absmax has " +
                 std::to_string(state.absmaxCodes.size()) + " codes, expected " + std::to_string(blocks));
    LS_CHECK(state.nestedBlocksize == detail::kNestedBlocksize, "quant state: nested blocksize must be 256");
    LS_CHECK(int64_t(state.nestedAbsmax.size()) == (blocks + 255) / 256, "quant state: nested_absmax has " +
                 std::to_string(state.nestedAbsmax.size()) + " values, expected " + std::to_string((blocks + 255) / 256));
    LS_CHECK(state.nestedCode.size() == 256, "quant state: nested_quant_map must have 256 values");
    return detail::dequantizeBlockwise8(state.absmaxCodes.data(), blocks, state.nestedAbsmax.data(),
                                        state.nestedOffset, state.nestedCode.data());
}

std::size_t storedBytes(const QuantState& state, bool withConstants) {
    std::size_t bytes = state.packedBytes();
    const std::size_t blocks = std::size_t(state.blocks());
    if (state.doubleQuant) bytes += blocks + 4 * ((blocks + 255) / 256);
    else bytes += 4 * blocks;
    if (withConstants) bytes += 64 + (state.doubleQuant ? 1024 : 0);
    return bytes;
}

double bitsPerParameter(const QuantState& state, bool withConstants) {
    const int64_t n = state.numel();
    return n > 0 ? 8.0 * double(storedBytes(state, withConstants)) / double(n) : 0.0;
}

}  // namespace ls::quant
