#pragma once
// What the front ends read from disk, through the service rather than core/media directly: the still to
// animate, and the recipe that made a clip.

#include "core/base/image.h"
#include "core/request/generation_request.h"

#include <filesystem>

namespace i2v {

// Loads the still image of a job (PNG, JPEG, WebP, BMP, TIFF; EXIF orientation and alpha handled), with
// core/media's limits. Throws I2vError: FileNotFound, FileUnreadable, ImageCorrupt, ImageTooLarge, ...
Image loadStill(const std::filesystem::path& path);

// The recipe that made a clip, as a request (image not loaded: imagePath is set). `path` may be a recipe
// JSON file itself ("*.json"), else the clip: its sidecar ("clip.mp4.json", then "clip.json"), else the
// recipe in its container tags ("i2v_recipe", then "comment"). Throws I2vError: UnsupportedFormat when the
// clip carries no recipe, InvalidArgument for a damaged one, the media errors for an unreadable file.
GenerationRequest recipeOfClip(const std::filesystem::path& path);

} // namespace i2v
