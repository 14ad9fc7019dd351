#pragma once
// Picks a camera move from a free-text prompt (English and Chinese keywords).
//
// Two tiers: explicit camera language ("zoom in", "pan to the left", "推近", "向左平移", "orbit", "手持")
// beats scene cues that merely suggest motion ("walking forward" -> dolly-in, "waves"/"wind"/"微风" ->
// handheld drift). Within a tier the phrase that starts earliest in the prompt wins (the longer one on
// a tie), so "zoom out, then pan left" is a zoom-out. English phrases match whole words, case-insensitively,
// and may have filler words between their words ("pans slowly to the left"); Chinese phrases match as
// substrings. No match -> nullopt (the caller falls back to a gentle zoom-in).

#include "core/engine/models/camera_motion/camera_path.h"

#include <optional>
#include <string>

namespace i2v::camera {

struct PromptMotion {
    CameraMove move = CameraMove::ZoomIn;
    std::string phrase; // the words of the prompt that matched (for the recipe and logs)
};

std::optional<PromptMotion> motionFromPrompt(const std::string& prompt);

} // namespace i2v::camera
