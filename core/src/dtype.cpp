#include "lorastudio/dtype.h"

#include <cstdint>

namespace ls {
namespace {
struct DTypeEntry {
    DType type;
    const char* name;
    std::size_t size;
};
constexpr DTypeEntry kDTypes[] = {
    {DType::F64, "F64", 8}, {DType::F32, "F32", 4}, {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2},
    {DType::I64, "I64", 8}, {DType::I32, "I32", 4}, {DType::I16, "I16", 2}, {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},   {DType::BOOL, "BOOL", 1},
};
}  // namespace

std::size_t dtypeSize(DType type) {
    for (const auto& e : kDTypes)
        if (e.type == type) return e.size;
    return 0;
}

const char* dtypeName(DType type) {
    for (const auto& e : kDTypes)
        if (e.type == type) return e.name;
    return "?";
}

std::optional<DType> parseDType(const std::string& name) {
    for (const auto& e : kDTypes)
        if (name == e.name) return e.type;
    return std::nullopt;
}

}  // namespace ls
