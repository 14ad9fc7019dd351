#include "core/engine/api/generation.h"

namespace i2v {

const char* outputFormatName(OutputFormat f)
{
    switch (f) {
    case OutputFormat::Mp4: return "mp4";
    case OutputFormat::WebM: return "webm";
    case OutputFormat::Gif: return "gif";
    case OutputFormat::PngFrames: return "png";
    }
    return "mp4";
}

std::optional<OutputFormat> parseOutputFormat(const std::string& name)
{
    if (name == "mp4") return OutputFormat::Mp4;
    if (name == "webm") return OutputFormat::WebM;
    if (name == "gif") return OutputFormat::Gif;
    if (name == "png" || name == "frames") return OutputFormat::PngFrames;
    return std::nullopt;
}

} // namespace i2v
