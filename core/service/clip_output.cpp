#include "core/service/clip_output.h"

#include "core/base/error.h"
#include "core/base/log.h"
#include "core/media/recipe.h"
#include "core/media/video_io.h"

#include <ctime>

namespace i2v {
namespace fs = std::filesystem;

std::vector<std::string> writeClip(const std::vector<Image>& frames, int fps, const GenerationRequest& request,
                                   const OutputPaths& paths, const std::string& recipeJson, const CancelToken& cancel,
                                   const WriteProgress& progress)
{
    std::vector<fs::path> created;
    try {
        EncodeOptions encode;
        encode.format = request.output.format;
        encode.fps = fps > 0 ? fps : request.fps;
        encode.crf = request.output.crf;
        encode.metadata = recipeMetadata(recipeJson);
        const int total = static_cast<int>(frames.size());
        if (progress) {
            encode.onFrame = [&](int done, int all) { progress(paths.video, done, all); };
            progress(paths.video, 0, total);
        }
        encodeVideo(frames, paths.video, encode, cancel);
        created.push_back(paths.video);
        if (!paths.sidecar.empty()) {
            writeSidecar(paths.video, recipeJson);
            created.push_back(paths.sidecar);
        }
        if (!paths.framesDir.empty()) {
            EncodeOptions png = encode;
            png.format = OutputFormat::PngFrames;
            if (progress)
                png.onFrame = [&](int done, int all) { progress(paths.framesDir, done, all); };
            encodeVideo(frames, paths.framesDir, png, cancel);
            created.push_back(paths.framesDir);
        }
    } catch (...) {
        for (const fs::path& p : created) { // never anything that existed before: those paths were refused
            std::error_code ec;
            fs::remove_all(p, ec);
            if (ec)
                logWarning("could not remove partial output " + p.string() + ": " + ec.message());
        }
        throw;
    }
    std::vector<std::string> files;
    for (const fs::path& p : created)
        files.push_back(p.string());
    return files;
}

std::vector<std::string> exportClip(const JobOutcome& outcome, const fs::path& path, OutputFormat format,
                                    const CancelToken& cancel)
{
    if (outcome.state != JobState::Done || outcome.result.frames.empty())
        fail(ErrorCode::InvalidArgument, "there is no finished clip to export");
    GenerationRequest request = outcome.used;
    request.image = Image();
    request.output.format = format;
    request.output.path = path.string();
    request.output.framesDir.clear();
    request.output.writeSidecar = true;
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    const OutputPaths paths = pickOutputPaths(request, local);
    const std::string recipe = recipeToJson(request, &outcome.result);
    return writeClip(outcome.result.frames, outcome.result.fps, request, paths, recipe, cancel);
}

} // namespace i2v
