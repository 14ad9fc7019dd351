#pragma once
// The recipe on disk: the container tags and the sidecar "<output>.json". The recipe JSON itself
// (recipeToJson / recipeFromJson) is core/request/recipe_json.h, driven by the one field table.

#include "core/request/recipe_json.h"

#include <filesystem>
#include <map>
#include <string>

namespace i2v {

// Container tags carrying the recipe, re-printed on one line: {"comment": json, "i2v_recipe": json}. "comment" is what players
// and ffprobe show; "i2v_recipe" is the key the app looks for. Pass as EncodeOptions::metadata.
std::map<std::string, std::string> recipeMetadata(const std::string& recipeJson);

// The sidecar of an output: "<output>.json" ("clip.mp4" -> "clip.mp4.json", a PNG frame folder "frames" ->
// "frames.json"), so exports of one clip in several formats never share a sidecar.
std::filesystem::path sidecarPathFor(const std::filesystem::path& output);
// Writes the sidecar atomically next to `output`; never overwrites (OutputExists), OutputUnwritable /
// DiskFull as writeFileAtomic. encodeVideo does not write it: the caller does, after the video succeeded.
void writeSidecar(const std::filesystem::path& output, const std::string& recipeJson);

} // namespace i2v
