#include "core/request/generation_request.h"

namespace i2v {

const std::vector<OutputFormat>& outputFormats()
{
    static const std::vector<OutputFormat> formats = {OutputFormat::Mp4, OutputFormat::WebM, OutputFormat::Gif,
                                                      OutputFormat::PngFrames};
    return formats;
}

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
    for (OutputFormat f : outputFormats())
        if (name == outputFormatName(f))
            return f;
    if (name == "frames")
        return OutputFormat::PngFrames;
    return std::nullopt;
}

std::string outputFormatExtension(OutputFormat f)
{
    return f == OutputFormat::PngFrames ? std::string() : std::string(".") + outputFormatName(f);
}

} // namespace i2v
