#pragma once
// The recipe: everything needed to make a clip again, as JSON text. Embedded in every output's metadata
// and written as a sidecar "<output>.json". The same object is one line of `i2v batch` input.

#include "core/engine/api/generation.h"

#include <filesystem>
#include <map>
#include <string>

namespace i2v {

// JSON object with schema_version, app_version, prompt, negative_prompt, seed, image_noise_seed, family,
// model (id, path, revision), width, height, frames, fps, steps, guidance, strength, motion,
// decode_chunk, image (path), output (format, path) and the result's details.
std::string recipeToJson(const GenerationRequest& request, const GenerationResult* result = nullptr);
// Parses a recipe (or batch line) back into a request (image not loaded: imagePath is set).
// Unknown keys are ignored; wrong types throw I2vError(InvalidArgument) naming the key.
GenerationRequest recipeFromJson(const std::string& json);

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
