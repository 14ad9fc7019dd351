#include "core/media/av_util.h"

#include "core/base/log.h"

#include <cstdarg>
#include <cstdio>
#include <mutex>

extern "C" {
#include <libavutil/log.h>
}

namespace i2v::media {
namespace {

void avLogCallback(void* avcl, int level, const char* fmt, va_list args)
{
    if (level > AV_LOG_WARNING)
        return;
    char line[1024];
    int printPrefix = 1;
    av_log_format_line2(avcl, level, fmt, args, line, sizeof line, &printPrefix);
    std::string text(line);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    if (text.empty())
        return;
    logMessage(level <= AV_LOG_ERROR ? LogLevel::Error : LogLevel::Warning, "ffmpeg: " + text);
}

} // namespace

void installAvLogSink()
{
    static std::once_flag once;
    std::call_once(once, [] {
        av_log_set_level(AV_LOG_WARNING);
        av_log_set_callback(avLogCallback);
    });
}

} // namespace i2v::media
