// safetensors reader/writer: round trip, fixture files, and one test per validation rule.
#include <cstring>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "lorastudio/atomic_file.h"
#include "lorastudio/error.h"
#include "lorastudio/safetensors.h"

namespace fs = std::filesystem;

namespace {

fs::path tempDir() {
    static fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("ls_test_safetensors_" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

// Builds a file from a raw header text and a data section.
std::string makeFile(const std::string& header, std::size_t dataBytes, std::uint64_t claimedLength = ~0ull) {
    std::uint64_t n = claimedLength == ~0ull ? header.size() : claimedLength;
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[i] = static_cast<char>(n >> (8 * i));
    out += header;
    out.append(dataBytes, '\x01');
    return out;
}

void expectHeaderError(const std::string& file, const std::string& problem) {
    CHECK_THROWS_WITH(ls::parseSafetensorsHeader(reinterpret_cast<const std::uint8_t*>(file.data()), file.size(), "x.safetensors"),
                      problem);
    CHECK_THROWS_WITH(ls::parseSafetensorsHeader(reinterpret_cast<const std::uint8_t*>(file.data()), file.size(), "x.safetensors"),
                      "x.safetensors: ");
}

}  // namespace

TEST_CASE("round trip keeps names, dtypes, shapes, bytes and metadata") {
    std::vector<float> a = {1.f, -2.f, 3.5f, 0.f, 1e-30f, 7.f};
    std::vector<std::uint16_t> b = {0x3f80, 0xbf80, 0x0000};
    std::vector<std::uint8_t> c = {1, 2, 3, 4, 5};
    fs::path file = tempDir() / "rt.safetensors";
    ls::writeSafetensors(file,
                         {{"b.half", ls::DType::BF16, {3}, b.data(), b.size() * 2},
                          {"a.weight", ls::DType::F32, {2, 3}, a.data(), a.size() * 4},
                          {"c.bytes", ls::DType::U8, {5, 1}, c.data(), c.size()},
                          {"empty", ls::DType::F32, {0, 4}, nullptr, 0}},
                         {{"format", "pt"}, {"note", "hello"}});
    auto f = ls::SafetensorsFile::open(file);
    REQUIRE(f->tensors().size() == 4);
    CHECK_EQ(f->metadata().at("note"), std::string("hello"));
    const auto& ta = f->get("a.weight");
    CHECK(ta.dtype == ls::DType::F32);
    CHECK((ta.shape == std::vector<int64_t>{2, 3}));
    CHECK(std::memcmp(ta.data, a.data(), 24) == 0);
    CHECK(std::memcmp(f->get("b.half").data, b.data(), 6) == 0);
    CHECK(std::memcmp(f->get("c.bytes").data, c.data(), 5) == 0);
    CHECK_EQ(f->get("empty").numel(), 0);
    // Layout as the safetensors library writes it: F32 first, BF16, then U8; header padded to 8 bytes.
    CHECK(f->tensors()[0].dtype == ls::DType::F32);
    CHECK(f->get("a.weight").offset < f->get("b.half").offset);
    CHECK(f->get("b.half").offset < f->get("c.bytes").offset);
    std::ifstream raw(file, std::ios::binary);
    unsigned char len[8];
    raw.read(reinterpret_cast<char*>(len), 8);
    CHECK_EQ(len[0] % 8, 0);
    CHECK_THROWS_WITH(f->get("nope"), "no tensor named 'nope'");
}

TEST_CASE("writer leaves no temporary file and replaces atomically") {
    fs::path file = tempDir() / "atomic.safetensors";
    std::vector<float> v(16, 1.f);
    ls::writeSafetensors(file, {{"v", ls::DType::F32, {16}, v.data(), 64}});
    ls::writeSafetensors(file, {{"w", ls::DType::F32, {4}, v.data(), 16}});
    auto f = ls::SafetensorsFile::open(file);
    CHECK(f->find("w") != nullptr);
    CHECK(f->find("v") == nullptr);
    int leftovers = 0;
    for (const auto& e : fs::directory_iterator(tempDir()))
        if (e.path().string().find(".tmp-") != std::string::npos) ++leftovers;
    CHECK_EQ(leftovers, 0);
}

TEST_CASE("writer refuses a byte count that does not match dtype x shape") {
    std::vector<float> v(4);
    CHECK_THROWS_WITH(ls::writeSafetensors(tempDir() / "bad.safetensors", {{"v", ls::DType::F32, {5}, v.data(), 16}}),
                      "its dtype and shape need 20");
}

TEST_CASE("reads the fixture written by transformers") {
    auto f = ls::SafetensorsFile::open(ls::test::fixtures() / "models/llama3/model.safetensors");
    CHECK_EQ(f->metadata().at("format"), std::string("pt"));
    const auto& emb = f->get("model.embed_tokens.weight");
    CHECK((emb.shape == std::vector<int64_t>{700, 64}));
    CHECK(emb.dtype == ls::DType::F32);
}

TEST_CASE("validation: file shorter than 8 bytes") { expectHeaderError(std::string(5, '\0'), "shorter than its 8-byte header"); }

TEST_CASE("validation: header length beyond the end of the file") {
    expectHeaderError(makeFile("{}", 0, 1000), "beyond the end of the file");
}

TEST_CASE("validation: header that is not JSON") { expectHeaderError(makeFile("{not json", 0), "not valid JSON"); }

TEST_CASE("validation: header that is not an object") { expectHeaderError(makeFile("[1,2]   ", 0), "not a JSON object"); }

TEST_CASE("validation: unknown dtype") {
    expectHeaderError(makeFile(R"({"t":{"dtype":"F8_XX","shape":[1],"data_offsets":[0,1]}})", 1), "unknown dtype 'F8_XX'");
}

TEST_CASE("validation: negative dimension") {
    expectHeaderError(makeFile(R"({"t":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4), "negative dimension");
}

TEST_CASE("validation: absurd shape cannot overflow") {
    expectHeaderError(makeFile(R"({"t":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}})", 4),
                      "absurd shape");
}

TEST_CASE("validation: offsets outside the data section") {
    expectHeaderError(makeFile(R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", 4), "outside the data section");
}

TEST_CASE("validation: size differs from dtype x shape") {
    expectHeaderError(makeFile(R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", 4), "need 8");
}

TEST_CASE("validation: overlapping tensors") {
    expectHeaderError(makeFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8),
                      "overlaps");
}

TEST_CASE("validation: gap and trailing bytes") {
    expectHeaderError(makeFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8), "gap in the data section");
    expectHeaderError(makeFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 8), "belong to no tensor");
}

TEST_CASE("validation: offsets that end before they begin, or are negative") {
    expectHeaderError(makeFile(R"({"a":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}})", 4), "end before they begin");
    expectHeaderError(makeFile(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[-1,0]}})", 1), "not non-negative");
}

TEST_CASE("validation: missing fields and bad metadata") {
    expectHeaderError(makeFile(R"({"a":{"shape":[1],"data_offsets":[0,1]}})", 1), "no dtype");
    expectHeaderError(makeFile(R"({"a":{"dtype":"U8","data_offsets":[0,1]}})", 1), "no shape");
    expectHeaderError(makeFile(R"({"a":{"dtype":"U8","shape":[1]}})", 1), "no data_offsets");
    expectHeaderError(makeFile(R"({"__metadata__":{"k":1}})", 0), "is not a string");
}

TEST_CASE("errors stay on one printable line when a tensor name holds control characters") {
    // Found by fuzz_safetensors: a tensor name with "\n" in it split the error over two lines.
    const std::string header = "{\"a\\nb\\u0007\":{\"dtype\":\"F32\",\"shape\":[1]}}";
    const std::string file = makeFile(header, 0);
    try {
        ls::parseSafetensorsHeader(reinterpret_cast<const std::uint8_t*>(file.data()), file.size(), "x.safetensors");
        CHECK(false);
    } catch (const ls::Error& e) {
        const std::string m = e.what();
        CHECK(m == "x.safetensors: tensor 'a\\nb\\x07' has no data_offsets pair");
    }
}

TEST_CASE("open refuses a missing file, a folder and a named pipe") {
    CHECK_THROWS_WITH(ls::SafetensorsFile::open(tempDir() / "missing.safetensors"), "cannot open");
    CHECK_THROWS_WITH(ls::SafetensorsFile::open(tempDir()), "not a regular file");
    fs::path fifo = tempDir() / "pipe.safetensors";
    fs::remove(fifo);
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THROWS_WITH(ls::SafetensorsFile::open(fifo), "not a regular file");
}

TEST_CASE("truncated fixture is refused with the file named") {
    const fs::path src = ls::test::fixtures() / "models/llama3/model.safetensors";
    const fs::path cut = tempDir() / "truncated.safetensors";
    std::ifstream in(src, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    ls::writeFileAtomic(cut, bytes.substr(0, bytes.size() / 2));
    CHECK_THROWS_WITH(ls::SafetensorsFile::open(cut), "truncated.safetensors: ");
}

int main(int argc, char** argv) {
    int rc = ls::test::runAll(argc, argv);
    ls::test::removeTree(tempDir());
    return rc;
}
