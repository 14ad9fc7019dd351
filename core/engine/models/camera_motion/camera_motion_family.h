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
    // Weight-free: frame buffers only (cameraMotionShape()); ignores `folder`.
    std::optional<ModelShape> memoryShape(const std::string& folder) const override;
};

} // namespace i2v
