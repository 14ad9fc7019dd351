#include "core/base/log_file.h"

#include "core/base/log.h"
#include "core/base/paths.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <unistd.h>
#include <vector>

namespace i2v {
namespace fs = std::filesystem;

int rotateLogFiles(const fs::path& dir, const std::string& app, int keep)
{
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(app + "-", 0) == 0 && entry.path().extension() == ".log")
            files.push_back(entry.path());
    }
    // Names embed the start time, so lexical order is chronological.
    std::sort(files.begin(), files.end());
    int removed = 0;
    while (static_cast<int>(files.size()) > std::max(0, keep)) {
        if (fs::remove(files.front(), ec))
            ++removed;
        files.erase(files.begin());
    }
    return removed;
}

fs::path installLogFile(const fs::path& dir, const std::string& app, const LogFileOptions& options)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    rotateLogFiles(dir, app, options.keepFiles - 1);
    const fs::path path = dir / (app + "-" + formatNow("%Y%m%d-%H%M%S") + "-" + std::to_string(::getpid()) + ".log");
    std::FILE* raw = std::fopen(path.c_str(), "a");
    if (!raw)
        return {};
    auto file = std::shared_ptr<std::FILE>(raw, [](std::FILE* f) { std::fclose(f); });
    auto written = std::make_shared<std::uintmax_t>(0);
    const std::uintmax_t cap = options.maxBytes;
    const bool alsoStderr = options.alsoStderr;
    setLogSink([file, written, cap, alsoStderr](LogLevel level, const std::string& message) {
        static const char* names[] = {"debug", "info", "warning", "error"};
        const char* name = names[static_cast<int>(level)];
        if (alsoStderr && level >= LogLevel::Warning)
            std::fprintf(stderr, "i2v %s: %s\n", name, message.c_str());
        if (*written >= cap)
            return;
        const std::string ts = formatNow("%Y-%m-%d %H:%M:%S");
        const std::string line = ts + " [" + name + "] " + message + "\n";
        const std::string last = ts + " [info] log size limit reached; further messages are dropped\n";
        // The closing line always fits: a message is written only if the closing line still fits after it.
        if (*written + line.size() + last.size() <= cap) {
            std::fwrite(line.data(), 1, line.size(), file.get());
            *written += line.size();
        } else {
            if (*written + last.size() <= cap)
                std::fwrite(last.data(), 1, last.size(), file.get());
            *written = cap;
        }
        std::fflush(file.get());
    });
    logInfo("log started: " + path.string());
    return path;
}

} // namespace i2v
