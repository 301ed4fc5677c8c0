// Loading training data: JSON / JSONL detection, bounded line reading, UTF-8 and row checks.
#include <fstream>
#include <istream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lorastudio/dataset.h"
#include "lorastudio/error.h"
#include "utf8.h"

namespace ls {

using nlohmann::json;

namespace {

[[noreturn]] void failLine(const std::filesystem::path& file, int line, const std::string& problem) {
    failFile(file, "line " + std::to_string(line) + ": " + problem);
}

int lineOfOffset(const std::string& s, size_t offset) {
    int line = 1;
    for (size_t i = 0; i < offset && i < s.size(); ++i)
        if (s[i] == '\n') ++line;
    return line;
}

std::string typeName(const json& j) { return j.type_name(); }

// Classifies and checks one row object; returns its format.
DataFormat readRow(const json& j, const std::filesystem::path& file, int line, DataRow& row) {
    if (!j.is_object()) failLine(file, line, "a row must be a JSON object, not " + typeName(j));
    row.line = line;
    auto stringField = [&](const char* name, std::string& out, const char* rule) {
        auto it = j.find(name);
        if (it == j.end()) failLine(file, line, std::string("no '") + name + "' field (" + rule + ")");
        if (!it->is_string())
            failLine(file, line, std::string("'") + name + "' must be a string, not " + typeName(*it));
        out = it->get<std::string>();
    };
    if (j.contains("messages")) {
        const json& msgs = j["messages"];
        if (!msgs.is_array() || msgs.empty())
            failLine(file, line, "'messages' must be a non-empty array of {role, content}");
        bool assistant = false;
        for (const json& m : msgs) {
            if (!m.is_object()) failLine(file, line, "each message must be an object with role and content");
            ChatMessage cm;
            auto r = m.find("role");
            auto c = m.find("content");
            if (r == m.end() || !r->is_string()) failLine(file, line, "a message has no 'role' string");
            if (c == m.end() || !c->is_string()) failLine(file, line, "a message has no 'content' string");
            cm.role = r->get<std::string>();
            cm.content = c->get<std::string>();
            if (cm.role != "system" && cm.role != "user" && cm.role != "assistant")
                failLine(file, line, "unknown role '" + cm.role + "' (system, user or assistant)");
            if (cm.role == "assistant") assistant = true;
            row.messages.push_back(std::move(cm));
        }
        if (!assistant) failLine(file, line, "no assistant message (chat rows need a response to train on)");
        return DataFormat::Chat;
    }
    if (j.contains("instruction") || j.contains("output")) {
        const char* rule = "alpaca rows need instruction and output";
        stringField("instruction", row.instruction, rule);
        stringField("output", row.output, rule);
        if (j.contains("input")) {
            const json& in = j["input"];
            if (in.is_string())
                row.input = in.get<std::string>();
            else if (!in.is_null())
                failLine(file, line, "'input' must be a string, not " + typeName(in));
        }
        return DataFormat::Alpaca;
    }
    if (j.contains("text")) {
        stringField("text", row.text, "text rows need a text field");
        return DataFormat::Text;
    }
    failLine(file, line,
             "unknown row: expected 'instruction' and 'output' (alpaca), 'messages' (chat) or 'text' (raw text)");
}

void addRow(Dataset& ds, const json& j, int line) {
    DataRow row;
    DataFormat f = readRow(j, ds.file, line, row);
    if (ds.rows.empty())
        ds.format = f;
    else if (f != ds.format)
        failLine(ds.file, line,
                 dataFormatName(f) + " row in a file of " + dataFormatName(ds.format) + " rows (line " +
                     std::to_string(ds.rows.front().line) + "); all rows must have one format");
    ds.rows.push_back(std::move(row));
}

bool isBlank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

void parseLine(Dataset& ds, std::string& line, int lineNo) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (lineNo == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    if (firstInvalidUtf8(line) != std::string::npos) failLine(ds.file, lineNo, "invalid UTF-8");
    if (isBlank(line)) return;
    json j;
    try {
        j = json::parse(line);
    } catch (const json::parse_error& e) {
        failLine(ds.file, lineNo, std::string("not valid JSON (") + e.what() + ")");
    } catch (const json::exception& e) {
        // e.g. out_of_range 406: a number beyond double range ("1e999") is not a parse_error.
        failLine(ds.file, lineNo, std::string("not valid JSON (") + e.what() + ")");
    }
    addRow(ds, j, lineNo);
}

void readJsonl(Dataset& ds, std::istream& in, const DataOptions& opt) {
    std::string pending;
    std::vector<char> buf(1 << 16);
    int lineNo = 1;
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        std::streamsize got = in.gcount();
        if (got <= 0) break;
        size_t start = 0;
        for (size_t i = 0; i < size_t(got); ++i) {
            if (buf[i] != '\n') continue;
            if (pending.size() + (i - start) > opt.maxLineBytes)
                failLine(ds.file, lineNo, "line longer than " + std::to_string(opt.maxLineBytes) + " bytes");
            pending.append(buf.data() + start, i - start);
            parseLine(ds, pending, lineNo);
            pending.clear();
            ++lineNo;
            start = i + 1;
        }
        if (pending.size() + (size_t(got) - start) > opt.maxLineBytes)
            failLine(ds.file, lineNo, "line longer than " + std::to_string(opt.maxLineBytes) + " bytes");
        pending.append(buf.data() + start, size_t(got) - start);
    }
    if (!pending.empty()) parseLine(ds, pending, lineNo);
}

// Offsets where the elements of the top-level array start.
std::vector<size_t> topLevelElementOffsets(const std::string& s) {
    std::vector<size_t> out;
    int depth = 0;
    bool inString = false, expectElement = false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (depth == 1 && expectElement && c != ']') {
            out.push_back(i);
            expectElement = false;
        }
        if (c == '"')
            inString = true;
        else if (c == '[' || c == '{') {
            ++depth;
            if (depth == 1) expectElement = true;
        } else if (c == ']' || c == '}')
            --depth;
        else if (c == ',' && depth == 1)
            expectElement = true;
    }
    return out;
}

void readJsonArray(Dataset& ds, const std::string& text, const DataOptions& opt) {
    size_t bad = firstInvalidUtf8(text);
    if (bad != std::string::npos) failLine(ds.file, lineOfOffset(text, bad), "invalid UTF-8");
    // The same bound per row as a JSONL line, checked before the parser builds anything: one 50 MB row
    // would otherwise be parsed and tokenized whole (over a GiB of memory).
    std::vector<size_t> offsets = topLevelElementOffsets(text);
    for (size_t i = 0; i < offsets.size(); ++i) {
        const size_t end = i + 1 < offsets.size() ? offsets[i + 1] : text.size();
        if (end - offsets[i] > opt.maxLineBytes)
            failLine(ds.file, lineOfOffset(text, offsets[i]),
                     "row longer than " + std::to_string(opt.maxLineBytes) + " bytes");
    }
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        size_t at = e.byte > 0 ? e.byte - 1 : 0;
        failLine(ds.file, lineOfOffset(text, at), std::string("not valid JSON (") + e.what() + ")");
    } catch (const json::exception& e) {
        // A number beyond double range: no byte position comes with it; name the line that holds it.
        size_t at = 0;
        const std::string what = e.what();
        const size_t q = what.find("parsing '");
        if (q != std::string::npos) {
            const std::string number = what.substr(q + 9, what.find('\'', q + 9) - q - 9);
            if (!number.empty() && text.find(number) != std::string::npos) at = text.find(number);
        }
        failLine(ds.file, lineOfOffset(text, at), std::string("not valid JSON (") + e.what() + ")");
    }
    if (!j.is_array()) failFile(ds.file, "a JSON data file must hold one array of row objects");
    for (size_t i = 0; i < j.size(); ++i) {
        int line = i < offsets.size() ? lineOfOffset(text, offsets[i]) : 1;
        addRow(ds, j[i], line);
    }
}

Dataset readStream(std::istream& in, const std::filesystem::path& source, const DataOptions& opt) {
    Dataset ds;
    ds.file = source;
    // The first non-blank byte (after a UTF-8 byte order mark) tells JSON from JSONL.
    char first = 0;
    size_t seen = 0;
    char c;
    while (in.get(c)) {
        ++seen;
        if (seen <= 3 && (c == '\xEF' || c == '\xBB' || c == '\xBF')) continue;
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            first = c;
            break;
        }
    }
    if (first == 0) failFile(source, seen == 0 ? "the file is empty" : "the file holds only blank lines");
    in.clear();
    in.seekg(0);
    if (first == '[') {
        in.seekg(0, std::ios::end);
        auto size = static_cast<size_t>(in.tellg());
        in.seekg(0);
        if (size > opt.maxJsonFileBytes)
            failFile(source, "JSON file larger than " + std::to_string(opt.maxJsonFileBytes) +
                                 " bytes (use JSONL, one row per line, for large data)");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        readJsonArray(ds, text, opt);
    } else {
        readJsonl(ds, in, opt);
    }
    if (ds.rows.empty()) failFile(source, "no rows");
    return ds;
}

}  // namespace

std::string dataFormatName(DataFormat f) {
    switch (f) {
        case DataFormat::Alpaca:
            return "alpaca";
        case DataFormat::Chat:
            return "chat";
        case DataFormat::Text:
            return "text";
    }
    return "?";
}

Dataset loadDataset(const std::filesystem::path& file, const DataOptions& options) {
    std::ifstream in(file, std::ios::binary);
    if (!in) failFile(file, "cannot open the file");
    std::error_code ec;
    auto size = std::filesystem::file_size(file, ec);
    if (!ec && size == 0) failFile(file, "the file is empty");
    in.seekg(0, std::ios::beg);
    return readStream(in, file, options);
}

Dataset parseDataset(const std::string& content, const std::filesystem::path& source, const DataOptions& options) {
    std::istringstream in(content);
    return readStream(in, source, options);
}

}  // namespace ls
