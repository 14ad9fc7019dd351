#pragma once
// The built-in, weight-free "camera-motion" family: renders real camera moves (zoom, pan, tilt, orbit,
// rotate, dolly, handheld drift, static) from the still image with OpenCV. Always available; the
// default engine when no model is installed. Registered in core/engine/api/registry.cpp.

#include "core/engine/api/model_family.h"

namespace i2v {

class CameraMotionFamily final : public ModelFamily {
public:
    std::string id() const override { return "camera-motion"; }
    std::string displayName() const override { return "Camera motion (built-in)"; }
    std::string description() const override;
    bool needsWeights() const override { return false; }
    // Weight-free: no folder belongs to this family.
    bool probe(const std::string& folder) const override;
    // Ignores `folder` and `options` (renders on the CPU); never throws.
    std::unique_ptr<Pipeline> load(const std::string& folder, const LoadOptions& options) const override;
    std::vector<ParamSpec> parameters() const override;
    // Seeds only change the handheld drift, so variations differ in move and strength: when no move is
    // named (motion empty or "auto" and the prompt names none), variation k takes kBestOfMoves[k - 1 mod 6]
    // (zoom-out, pan-left, pan-right, dolly-in, orbit-left, tilt-up; variation 0 keeps the default zoom-in),
    // and from the 7th on also a strength factor; when a move is named, only the strength changes:
    // strength x {1, 0.6, 1.4, 0.8, 1.2}[k mod 5], clamped to 0..3.
    void varyForBestOf(GenerationRequest& request, int index) const override;
    // Weight-free: frame buffers only (cameraMotionShape()); ignores `folder`.
    std::optional<ModelShape> memoryShape(const std::string& folder) const override;
};

} // namespace i2v
