#include "core/service/batch_lines.h"

#include <nlohmann/json.hpp>

namespace i2v {
namespace {

constexpr std::size_t kMaxObjectLines = 500;        // a pretty-printed recipe is ~40 lines
constexpr std::size_t kMaxObjectBytes = 256u << 10; // ... and a few KB

std::string trim(const std::string& s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

// Brackets outside strings, counted across lines: where the value that opens a line closes again.
struct BracketScan {
    long depth = 0;
    bool inString = false;
    bool escaped = false;
    // Scans `line`; returns the index just past the bracket that brings the depth back to 0, or npos.
    std::size_t feed(const std::string& line)
    {
        for (std::size_t k = 0; k < line.size(); ++k) {
            const char c = line[k];
            if (inString) {
                if (escaped)
                    escaped = false;
                else if (c == '\\')
                    escaped = true;
                else if (c == '"')
                    inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return k + 1;
            }
        }
        return std::string::npos;
    }
};

} // namespace

std::vector<RawBatchObject> splitBatchObjects(const std::string& bytes)
{
    std::vector<std::string> lines;
    for (std::size_t start = 0; start <= bytes.size();) {
        std::size_t end = bytes.find('\n', start);
        if (end == std::string::npos)
            end = bytes.size();
        lines.push_back(bytes.substr(start, end - start));
        start = end + 1;
    }
    std::vector<RawBatchObject> objects;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string text = trim(lines[i]);
        if (text.empty() || text[0] == '#')
            continue;
        const int lineNumber = static_cast<int>(i) + 1;
        // One scan of the following lines finds the line where the object closes; only that candidate
        // is parsed, so a line costs one pass over the window (500 lines, 256 KiB), not one per line.
        BracketScan scan;
        std::size_t closeLine = lines.size();
        std::size_t bytesSeen = 0;
        for (std::size_t j = i; text[0] == '{' && j < lines.size() && j <= i + kMaxObjectLines; ++j) {
            bytesSeen += lines[j].size() + 1;
            if (bytesSeen > kMaxObjectBytes)
                break;
            const std::size_t end = scan.feed(lines[j]);
            if (end != std::string::npos) {
                // Anything after the closing bracket on that line makes it no single value.
                if (lines[j].find_first_not_of(" \t\r", end) == std::string::npos)
                    closeLine = j;
                break;
            }
        }
        if (closeLine == lines.size() || closeLine == i) {
            objects.push_back({lineNumber, text}); // one line (valid or not), or an object that never closes
            continue;
        }
        std::string joined = text;
        for (std::size_t j = i + 1; j <= closeLine; ++j)
            joined += "\n" + lines[j];
        joined = trim(joined);
        if (!nlohmann::json::accept(joined)) {
            objects.push_back({lineNumber, text}); // reported as invalid; reading goes on at the next line
            continue;
        }
        objects.push_back({lineNumber, joined});
        i = closeLine;
    }
    return objects;
}

} // namespace i2v
