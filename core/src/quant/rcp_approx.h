// CPU emulation of PTX rcp.approx.ftz.f32 as an H100 (sm_90) computes it: bitsandbytes' kernels are built
// with --use_fast_math, so their `1.0f / absmax` is this instruction, and byte-exact codes need its bits.
#pragma once

namespace ls::quant::detail {

// rcp.approx.ftz.f32(x): the IEEE reciprocal moved by the measured per-mantissa ulp offset (0, +1, -1).
// Subnormal inputs count as zero (+-inf); subnormal results flush to zero; NaN stays NaN.
// The first call decodes the table (about 10 ms); thread-safe.
float rcpApprox(float x);

// The decoded table as counts, for tests: entries with offset +1 and -1.
void rcpApproxTableCounts(long& up, long& down);

}  // namespace ls::quant::detail
