// safetensors: 8-byte little-endian header length, a JSON header, then the data section.
#include "lorastudio/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "lorastudio/atomic_file.h"
#include "lorastudio/error.h"

namespace ls {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
// Real headers are a few MB at most (a 70B model's has ~700 tensors per shard).
constexpr std::uint64_t kMaxHeaderBytes = 100ull << 20;
// Bounds a single dimension and the element count so products cannot overflow.
constexpr std::uint64_t kMaxElements = 1ull << 48;

std::uint64_t readLE64(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}
}  // namespace

int64_t TensorView::numel() const {
    int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

SafetensorsHeader parseSafetensorsHeader(const std::uint8_t* bytes, std::size_t fileSize, const std::string& source) {
    auto bad = [&](const std::string& problem) -> void { failFile(source, problem); };
    if (fileSize < 8) bad("not a safetensors file (shorter than its 8-byte header length)");
    const std::uint64_t headerLen = readLE64(bytes);
    if (headerLen > fileSize - 8)
        bad("header length " + std::to_string(headerLen) + " is beyond the end of the file (" +
            std::to_string(fileSize) + " bytes)");
    if (headerLen > kMaxHeaderBytes) bad("header length " + std::to_string(headerLen) + " is implausibly large");
    if (headerLen < 2 || bytes[8] != '{') bad("header is not a JSON object");

    json header = json::parse(bytes + 8, bytes + 8 + headerLen, nullptr, /*allow_exceptions=*/false);
    if (header.is_discarded()) bad("header is not valid JSON");
    if (!header.is_object()) bad("header is not a JSON object");

    SafetensorsHeader out;
    out.dataStart = 8 + headerLen;
    const std::uint64_t dataSize = fileSize - out.dataStart;

    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        const json& entry = it.value();
        if (name == "__metadata__") {
            if (!entry.is_object()) bad("__metadata__ is not an object");
            for (auto m = entry.begin(); m != entry.end(); ++m) {
                if (!m.value().is_string()) bad("__metadata__ value for '" + m.key() + "' is not a string");
                out.metadata[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        const std::string where = "tensor '" + name + "'";
        if (!entry.is_object()) bad(where + " is not an object");
        if (!entry.contains("dtype") || !entry["dtype"].is_string()) bad(where + " has no dtype string");
        auto dtype = parseDType(entry["dtype"].get<std::string>());
        if (!dtype) bad(where + " has unknown dtype '" + entry["dtype"].get<std::string>() + "'");
        if (!entry.contains("shape") || !entry["shape"].is_array()) bad(where + " has no shape array");
        TensorView t;
        t.name = name;
        t.dtype = *dtype;
        std::uint64_t numel = 1;
        for (const auto& d : entry["shape"]) {
            if (!d.is_number_integer()) bad(where + " has a non-integer dimension");
            if (d.is_number_integer() && !d.is_number_unsigned() && d.get<int64_t>() < 0)
                bad(where + " has a negative dimension");
            const std::uint64_t dim = d.get<std::uint64_t>();
            if (dim > kMaxElements || (dim != 0 && numel > kMaxElements / dim))
                bad(where + " has an absurd shape");
            numel *= dim;
            t.shape.push_back(static_cast<int64_t>(dim));
        }
        if (!entry.contains("data_offsets") || !entry["data_offsets"].is_array() || entry["data_offsets"].size() != 2)
            bad(where + " has no data_offsets pair");
        const json& offs = entry["data_offsets"];
        if (!offs[0].is_number_unsigned() || !offs[1].is_number_unsigned())
            bad(where + " has data_offsets that are not non-negative integers");
        const std::uint64_t begin = offs[0].get<std::uint64_t>(), end = offs[1].get<std::uint64_t>();
        if (begin > end) bad(where + " has data_offsets that end before they begin");
        if (end > dataSize)
            bad(where + " data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                "] lie outside the data section (" + std::to_string(dataSize) + " bytes)");
        const std::uint64_t expected = numel * dtypeSize(*dtype);
        if (end - begin != expected)
            bad(where + " occupies " + std::to_string(end - begin) + " bytes but its dtype and shape need " +
                std::to_string(expected));
        t.offset = begin;
        t.nbytes = end - begin;
        out.tensors.push_back(std::move(t));
    }

    std::sort(out.tensors.begin(), out.tensors.end(), [](const TensorView& a, const TensorView& b) {
        return a.offset != b.offset ? a.offset < b.offset : a.nbytes < b.nbytes;
    });
    std::uint64_t cursor = 0;
    for (const auto& t : out.tensors) {
        if (t.offset < cursor) bad("tensor '" + t.name + "' overlaps the tensor before it");
        if (t.offset > cursor) bad("gap in the data section before tensor '" + t.name + "'");
        cursor = t.offset + t.nbytes;
    }
    if (cursor != dataSize)
        bad("data section has " + std::to_string(dataSize - cursor) + " bytes that belong to no tensor");
    return out;
}

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(const fs::path& file) {
    // O_NONBLOCK: opening a named pipe must not wait for a writer (it is refused below).
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) failFile(file, std::string("cannot open (") + std::strerror(errno) + ")");
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        failFile(file, "not a regular file");
    }
    if (st.st_size < 8) {
        ::close(fd);
        failFile(file, "not a safetensors file (shorter than its 8-byte header length)");
    }
    void* map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) failFile(file, std::string("cannot map (") + std::strerror(errno) + ")");

    std::shared_ptr<SafetensorsFile> f(new SafetensorsFile());
    f->m_path = file;
    f->m_map = map;
    f->m_size = static_cast<std::size_t>(st.st_size);
    const auto* base = static_cast<const std::uint8_t*>(map);
    f->m_header = parseSafetensorsHeader(base, f->m_size, file.string());
    for (std::size_t i = 0; i < f->m_header.tensors.size(); ++i) {
        auto& t = f->m_header.tensors[i];
        t.data = base + f->m_header.dataStart + t.offset;
        f->m_index[t.name] = i;
    }
    return f;
}

SafetensorsFile::~SafetensorsFile() {
    if (m_map) ::munmap(m_map, m_size);
}

const TensorView* SafetensorsFile::find(const std::string& name) const {
    auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_header.tensors[it->second];
}

const TensorView& SafetensorsFile::get(const std::string& name) const {
    const TensorView* t = find(name);
    if (!t) failFile(m_path, "no tensor named '" + name + "'");
    return *t;
}

void writeSafetensors(const fs::path& file, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    std::vector<const TensorToWrite*> order;
    for (const auto& t : tensors) {
        std::uint64_t numel = 1;
        for (auto d : t.shape) {
            if (d < 0) failFile(file, "tensor '" + t.name + "' has a negative dimension");
            numel *= static_cast<std::uint64_t>(d);
        }
        if (numel * dtypeSize(t.dtype) != t.nbytes)
            failFile(file, "tensor '" + t.name + "' has " + std::to_string(t.nbytes) +
                               " bytes, its dtype and shape need " + std::to_string(numel * dtypeSize(t.dtype)));
        if (t.name == "__metadata__") failFile(file, "'__metadata__' is not a valid tensor name");
        order.push_back(&t);
    }
    // As the safetensors library orders them: larger dtypes first, then by name.
    std::stable_sort(order.begin(), order.end(), [](const TensorToWrite* a, const TensorToWrite* b) {
        if (dtypeSize(a->dtype) != dtypeSize(b->dtype)) return dtypeSize(a->dtype) > dtypeSize(b->dtype);
        return a->name < b->name;
    });
    for (std::size_t i = 1; i < order.size(); ++i)
        if (order[i]->name == order[i - 1]->name) failFile(file, "tensor '" + order[i]->name + "' appears twice");

    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    for (const auto* t : order) {
        header[t->name] = {{"dtype", dtypeName(t->dtype)}, {"shape", t->shape}, {"data_offsets", {offset, offset + t->nbytes}}};
        offset += t->nbytes;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    std::uint8_t len[8];
    std::uint64_t n = text.size();
    for (int i = 0; i < 8; ++i) len[i] = static_cast<std::uint8_t>(n >> (8 * i));

    AtomicFileWriter writer(file);
    writer.write(len, 8);
    writer.write(text);
    for (const auto* t : order) writer.write(t->data, t->nbytes);
    writer.commit();
}

}  // namespace ls
