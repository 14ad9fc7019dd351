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
    p += ".json";
    return p;
}

void writeSidecar(const std::filesystem::path& output, const std::string& recipeJson)
{
    writeFileAtomic(sidecarPathFor(output), recipeJson);
}

} // namespace i2v
