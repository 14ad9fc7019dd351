#include "core/media/recipe.h"

#include "core/base/paths.h"

#include <nlohmann/json.hpp>

namespace i2v {

using nlohmann::json;

std::map<std::string, std::string> recipeMetadata(const std::string& recipeJson)
{
    // One line in the container: tools that list tags (ffprobe, players) show it without a page of indent.
    std::string compact = recipeJson;
    const json j = json::parse(recipeJson, nullptr, false);
    if (!j.is_discarded())
        compact = j.dump(-1, ' ', false, json::error_handler_t::replace);
    return {{"comment", compact}, {"i2v_recipe", compact}};
}

std::filesystem::path sidecarPathFor(const std::filesystem::path& output)
{
    std::filesystem::path p = output;
    if (!p.has_filename()) // "frames/" names the folder "frames"
        p = p.parent_path();
    // "clip.mp4" -> "clip.mp4.json". A legal clip name of up to 255 bytes (NAME_MAX) would give a sidecar
    // name that is too long, so the part before the extension is shortened (on a UTF-8 character boundary)
    // until "<stem><ext>.json" fits; every reader finds sidecars through this function.
    constexpr std::size_t kNameMax = 255;
    const std::string name = p.filename().string();
    if (name.size() + 5 <= kNameMax)
        return p += ".json";
    const std::string ext = p.extension().string().size() < 32 ? p.extension().string() : std::string();
    std::string stem = name.substr(0, name.size() - ext.size());
    std::size_t keep = kNameMax - 5 - ext.size();
    while (keep > 0 && (static_cast<unsigned char>(stem[keep]) & 0xC0) == 0x80)
        --keep;
    stem.resize(keep);
    return p.parent_path() / (stem + ext + ".json");
}

void writeSidecar(const std::filesystem::path& output, const std::string& recipeJson)
{
    writeFileAtomic(sidecarPathFor(output), recipeJson);
}

} // namespace i2v
