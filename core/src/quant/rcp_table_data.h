// The measured sm_90 rcp.approx offset table, generated into rcp_table_data.cpp by tools/gen_rcp_table.py.
#pragma once

#include <cstddef>

namespace ls::quant::detail {

extern const unsigned char kRcpTableDeflate[];  // raw deflate of kRcpTableEntries int8 offsets
extern const std::size_t kRcpTableDeflateSize;
extern const std::size_t kRcpTableEntries;  // 2^23, one per float32 mantissa
extern const std::size_t kRcpTableUp;       // entries with +1 (a consistency check after decoding)
extern const std::size_t kRcpTableDown;     // entries with -1

}  // namespace ls::quant::detail
