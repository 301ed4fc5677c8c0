// Typed access to tokenizer.json values: every wrong or missing value is an ls::Error "<file>: <problem>".
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace ls::tok {

using nlohmann::json;

class JsonReader {
public:
    explicit JsonReader(std::string source) : m_source(std::move(source)) {}

    const std::string& source() const { return m_source; }
    [[noreturn]] void fail(const std::string& problem) const;

    // `where` names the value in messages, e.g. "model.vocab".
    const json& object(const json& v, const std::string& where) const;
    const json& array(const json& v, const std::string& where) const;
    std::string string(const json& v, const std::string& where) const;
    int64_t integer(const json& v, const std::string& where, int64_t lo, int64_t hi) const;
    bool boolean(const json& v, const std::string& where) const;

    // A required member of an object.
    const json& field(const json& obj, const char* key, const std::string& where) const;
    // A member that may be missing or null (then nullptr).
    const json* optional(const json& obj, const char* key, const std::string& where) const;
    std::string stringOr(const json& obj, const char* key, const std::string& where, const std::string& def) const;
    bool boolOr(const json& obj, const char* key, const std::string& where, bool def) const;
    int64_t integerOr(const json& obj, const char* key, const std::string& where, int64_t def, int64_t lo,
                      int64_t hi) const;
    // obj["type"] as a string.
    std::string type(const json& obj, const std::string& where) const;

private:
    std::string m_source;
};

}  // namespace ls::tok
