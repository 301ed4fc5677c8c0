// Element types of stored tensors (the safetensors names).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace ls {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

std::size_t dtypeSize(DType type);
// "F32", "BF16", ... as safetensors writes them.
const char* dtypeName(DType type);
std::optional<DType> parseDType(const std::string& name);

}  // namespace ls
