#include "tokenizer/json_reader.h"

#include "lorastudio/error.h"

namespace ls::tok {
namespace {
const char* typeName(const json& v) { return v.type_name(); }
}  // namespace

void JsonReader::fail(const std::string& problem) const { failFile(m_source, problem); }

const json& JsonReader::object(const json& v, const std::string& where) const {
    if (!v.is_object()) fail(where + " must be an object, not " + typeName(v));
    return v;
}

const json& JsonReader::array(const json& v, const std::string& where) const {
    if (!v.is_array()) fail(where + " must be an array, not " + typeName(v));
    return v;
}

std::string JsonReader::string(const json& v, const std::string& where) const {
    if (!v.is_string()) fail(where + " must be a string, not " + typeName(v));
    return v.get<std::string>();
}

int64_t JsonReader::integer(const json& v, const std::string& where, int64_t lo, int64_t hi) const {
    int64_t x = 0;
    if (v.is_number_unsigned()) {
        const uint64_t u = v.get<uint64_t>();
        if (u > static_cast<uint64_t>(hi)) fail(where + " is out of range (" + std::to_string(u) + ")");
        x = static_cast<int64_t>(u);
    } else if (v.is_number_integer()) {
        x = v.get<int64_t>();
    } else {
        fail(where + " must be an integer, not " + typeName(v));
    }
    if (x < lo || x > hi)
        fail(where + " is out of range (" + std::to_string(x) + ", expected " + std::to_string(lo) + ".." +
             std::to_string(hi) + ")");
    return x;
}

bool JsonReader::boolean(const json& v, const std::string& where) const {
    if (!v.is_boolean()) fail(where + " must be true or false, not " + typeName(v));
    return v.get<bool>();
}

const json& JsonReader::field(const json& obj, const char* key, const std::string& where) const {
    object(obj, where);
    auto it = obj.find(key);
    if (it == obj.end()) fail(where + " is missing \"" + key + "\"");
    return *it;
}

const json* JsonReader::optional(const json& obj, const char* key, const std::string& where) const {
    object(obj, where);
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
}

std::string JsonReader::stringOr(const json& obj, const char* key, const std::string& where,
                                 const std::string& def) const {
    const json* v = optional(obj, key, where);
    return v ? string(*v, where + "." + key) : def;
}

bool JsonReader::boolOr(const json& obj, const char* key, const std::string& where, bool def) const {
    const json* v = optional(obj, key, where);
    return v ? boolean(*v, where + "." + key) : def;
}

int64_t JsonReader::integerOr(const json& obj, const char* key, const std::string& where, int64_t def, int64_t lo,
                              int64_t hi) const {
    const json* v = optional(obj, key, where);
    return v ? integer(*v, where + "." + key, lo, hi) : def;
}

std::string JsonReader::type(const json& obj, const std::string& where) const {
    return string(field(obj, "type", where), where + ".type");
}

}  // namespace ls::tok
