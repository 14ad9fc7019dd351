#include "core/service/clip_inputs.h"

#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/media/image_io.h"
#include "core/media/recipe.h"
#include "core/media/video_io.h"

#include <algorithm>
#include <cctype>

namespace i2v {
namespace fs = std::filesystem;

namespace {
constexpr std::uintmax_t kMaxRecipeBytes = 4u << 20;
}

Image loadStill(const fs::path& path) { return loadImage(path); }

GenerationRequest recipeOfClip(const fs::path& path)
{
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".json")
        return recipeFromJson(readFileBytes(path, kMaxRecipeBytes));
    fs::path baseSidecar = path;
    baseSidecar.replace_extension(".json");
    for (const fs::path& sidecar : {sidecarPathFor(path), baseSidecar}) {
        std::error_code ec;
        if (fs::exists(sidecar, ec))
            return recipeFromJson(readFileBytes(sidecar, kMaxRecipeBytes));
    }
    const VideoInfo info = probeVideo(path);
    for (const char* key : {"i2v_recipe", "comment"})
        if (auto it = info.metadata.find(key); it != info.metadata.end() && !it->second.empty())
            return recipeFromJson(it->second);
    fail(ErrorCode::UnsupportedFormat, path.string() + ": carries no I2V Studio recipe");
}

} // namespace i2v
