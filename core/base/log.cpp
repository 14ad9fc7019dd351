#include "core/base/log.h"

#include <cstdio>
#include <mutex>

namespace i2v {
namespace {
std::mutex g_mutex;
LogSink g_sink;
const char* levelName(LogLevel l)
{
    switch (l) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warning: return "warning";
    case LogLevel::Error: return "error";
    }
    return "info";
}
} // namespace

void setLogSink(LogSink sink)
{
    std::lock_guard lock(g_mutex);
    g_sink = std::move(sink);
}

void logMessage(LogLevel level, const std::string& message)
{
    std::lock_guard lock(g_mutex);
    if (g_sink) {
        g_sink(level, message);
        return;
    }
    if (level >= LogLevel::Warning)
        std::fprintf(stderr, "i2v %s: %s\n", levelName(level), message.c_str());
}

} // namespace i2v
