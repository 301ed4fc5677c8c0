// The safetensors header: 8-byte length, JSON header, data section (parseSafetensorsHeader, what
// SafetensorsFile::open runs on the mapped file). An accepted header must describe tensors that lie inside
// the input; every byte of each is read so that ASan sees any that do not.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.h"
#include "lorastudio/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string source = "fuzz.safetensors";
    lsfuzz::accepts(source, [&] {
        const ls::SafetensorsHeader h = ls::parseSafetensorsHeader(data, size, source);
        lsfuzz::check(h.dataStart >= 8 && h.dataStart <= size, "dataStart outside the file");
        std::size_t cursor = 0;
        volatile std::uint8_t sink = 0;
        for (const auto& t : h.tensors) {
            lsfuzz::check(t.offset == cursor, "tensor '" + t.name + "' not contiguous");
            lsfuzz::check(t.nbytes <= size - h.dataStart - t.offset, "tensor '" + t.name + "' past the end");
            lsfuzz::check(static_cast<std::uint64_t>(t.numel()) * ls::dtypeSize(t.dtype) == t.nbytes,
                          "tensor '" + t.name + "' size does not match its shape");
            const std::uint8_t* p = data + h.dataStart + t.offset;
            for (std::size_t i = 0; i < t.nbytes; ++i) sink = sink ^ p[i];
            cursor = t.offset + t.nbytes;
        }
        lsfuzz::check(h.dataStart + cursor == size, "data section not covered");
    });
    return 0;
}
