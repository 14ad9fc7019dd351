#pragma once
// The recipe: everything needed to make a clip again, as JSON text, written and read through the one
// field table (core/request/request_fields.h). Embedded in every output's metadata and written as a
// sidecar "<output>.json" (core/media/recipe.h); the same object is one line of `i2v batch` input and one
// line of the window's queue file.

#include "core/request/generation_request.h"

#include <string>

namespace i2v {

// JSON object with schema_version, app, app_version, every stored field of the table at its JSON key
// (dotted keys are nested objects: "output.format" -> {"output": {"format": ...}}), model.id and
// model.revision from the result, and the result's family, frame count, fps and details.
std::string recipeToJson(const GenerationRequest& request, const GenerationResult* result = nullptr);
// Parses a recipe (or batch line) back into a request (image not loaded: imagePath is set). Absent or
// null keys keep the defaults; unknown keys are ignored; "engine" is read as "family" (which wins when
// both are present); an object key given as text stands for its "path" ("model": "/m", "image": "a.png",
// "output": "clip.gif"). Wrong types and values outside a fixed range (device, dtype, output.format,
// output.crf) throw I2vError(InvalidArgument) naming the key.
GenerationRequest recipeFromJson(const std::string& json);

} // namespace i2v
