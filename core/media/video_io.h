#pragma once
// Video output and probing. Encoding goes through libavformat/libavcodec/libswscale. Every output is
// written to a temp file in the target folder and renamed into place; an existing file is never replaced.

#include "core/base/cancel.h"
#include "core/base/image.h"
#include "core/request/generation_request.h"

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace i2v {

struct EncodeOptions {
    OutputFormat format = OutputFormat::Mp4;
    int fps = 8;
    int crf = 18;                                 // H.264 / VP9 quality (lower = better)
    std::map<std::string, std::string> metadata;  // container tags; the recipe goes under "comment"/"i2v_recipe"
                                                  // (recipeMetadata() in recipe.h); GIF: written as a comment
                                                  // block; PngFrames: written as recipe.json in the folder
    // Called on the calling thread after each frame is handed to the encoder (framesDone 1..total), e.g.
    // for Stage::Writing progress. May cancel the token; the next frame boundary then throws Cancelled.
    std::function<void(int framesDone, int total)> onFrame;
};

// Encodes `frames` (all the same size) to `path`. MP4: H.264 yuv420p, even dimensions (padded by edge
// replication when odd), +faststart. WebM: VP9 yuv420p. GIF: palette per clip. PngFrames: `path` is a
// folder that must not exist yet; frames are frame_0001.png... plus recipe.json.
// Throws I2vError: OutputExists, OutputUnwritable, DiskFull, EncoderFailed, Cancelled (no partial file).
void encodeVideo(const std::vector<Image>& frames, const std::filesystem::path& path, const EncodeOptions& options,
                 const CancelToken& cancel = {});

struct VideoInfo {
    int width = 0;
    int height = 0;
    int frameCount = 0;
    double fps = 0;
    std::string codec;        // "h264", "vp9", "gif"
    std::string pixelFormat;  // "yuv420p", ...
    std::map<std::string, std::string> metadata;
};

// Reads a video's stream facts and container metadata (counts frames by decoding when needed).
VideoInfo probeVideo(const std::filesystem::path& path);
// Decodes every frame to RGB8 (for tests and the preview player).
std::vector<Image> decodeVideo(const std::filesystem::path& path);

} // namespace i2v
