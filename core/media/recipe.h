#pragma once
// The recipe: everything needed to make a clip again, as JSON text. Embedded in every output's metadata
// and written as a sidecar "<output>.json". The same object is one line of `i2v batch` input.

#include "core/engine/api/generation.h"

#include <string>

namespace i2v {

// JSON object with schema_version, app_version, prompt, negative_prompt, seed, image_noise_seed, family,
// model (id, path, revision), width, height, frames, fps, steps, guidance, strength, motion,
// decode_chunk, image (path), output (format, path) and the result's details.
std::string recipeToJson(const GenerationRequest& request, const GenerationResult* result = nullptr);
// Parses a recipe (or batch line) back into a request (image not loaded: imagePath is set).
// Unknown keys are ignored; wrong types throw I2vError(InvalidArgument) naming the key.
GenerationRequest recipeFromJson(const std::string& json);

} // namespace i2v
