#include "quant/rcp_approx.h"

#include <cmath>
#include <cstdint>
#include <mutex>
#include <vector>

#include "lorastudio/error.h"
#include "quant/float_bits.h"
#include "quant/inflate.h"
#include "quant/rcp_table_data.h"

namespace ls::quant::detail {
namespace {

// 2 bits per mantissa: 0 = exact, 1 = +1 ulp, 2 = -1 ulp.
struct RcpTable {
    std::vector<std::uint8_t> bits;
    long up = 0;
    long down = 0;
};

const RcpTable& table() {
    static RcpTable t;
    static std::once_flag once;
    std::call_once(once, [] {
        std::vector<std::uint8_t> raw = inflateRaw(kRcpTableDeflate, kRcpTableDeflateSize, kRcpTableEntries);
        t.bits.assign(kRcpTableEntries / 4, 0);
        for (std::size_t i = 0; i < raw.size(); ++i) {
            std::uint8_t v = raw[i] == 1 ? 1 : raw[i] == 0xff ? 2 : 0;
            LS_CHECK(raw[i] == 0 || v != 0, "rcp.approx table: offset other than -1, 0, +1");
            t.up += v == 1;
            t.down += v == 2;
            t.bits[i >> 2] |= std::uint8_t(v << ((i & 3) * 2));
        }
        LS_CHECK(std::size_t(t.up) == kRcpTableUp && std::size_t(t.down) == kRcpTableDown,
                 "rcp.approx table: decoded counts differ from the generated ones");
    });
    return t;
}

}  // namespace

float rcpApprox(float x) {
    std::uint32_t u = floatBits(x);
    std::uint32_t sign = u & 0x80000000u;
    std::uint32_t exp = (u >> 23) & 0xffu;
    if (exp == 0xff) return (u & 0x7fffffu) ? x : bitsFloat(sign);  // NaN stays NaN; 1/inf = 0
    if (exp == 0) return bitsFloat(sign | 0x7f800000u);             // zero or subnormal (ftz): inf
    float r = 1.0f / x;
    std::uint32_t rb = floatBits(r);
    if (((rb >> 23) & 0xffu) == 0) return bitsFloat(sign);  // subnormal result flushed to zero
    std::uint32_t mant = u & 0x7fffffu;
    std::uint32_t code = (table().bits[mant >> 2] >> ((mant & 3) * 2)) & 3u;
    if (code == 1)
        rb += 1;
    else if (code == 2)
        rb -= 1;
    return bitsFloat(rb);
}

void rcpApproxTableCounts(long& up, long& down) {
    up = table().up;
    down = table().down;
}

}  // namespace ls::quant::detail
