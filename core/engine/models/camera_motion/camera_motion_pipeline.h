#pragma once
// The camera-motion pipeline: resolves the move (parameter, else prompt, else a gentle zoom-in), renders
// every frame with CameraRenderer, reports one Denoising event per frame and checks cancellation between
// frames. CPU only; deterministic for a request (handheld drift is seeded).

#include "core/engine/api/model_family.h"
#include "core/engine/api/pipeline.h"
#include "core/engine/models/camera_motion/camera_path.h"

#include <string>

namespace i2v::camera {

struct MotionChoice {
    CameraMove move = CameraMove::ZoomIn;
    std::string source; // "parameter", "prompt" or "default"
    std::string phrase; // the prompt words that chose it (source == "prompt")
};

// `motion` empty or "auto" -> from the prompt -> zoom-in. Throws I2vError(InvalidArgument) naming the
// accepted values when `motion` is not a known move.
MotionChoice resolveMotion(const std::string& motion, const std::string& prompt);
// Empty -> ease-in-out. Throws I2vError(InvalidArgument) for an unknown name.
Easing resolveEasing(const std::string& easing);

class CameraMotionPipeline final : public Pipeline {
public:
    explicit CameraMotionPipeline(const ModelFamily& family) : m_family(family) {}
    // Throws I2vError: InvalidArgument (request outside the family's schema, unknown motion/easing, result
    // too large), Cancelled (between frames), OutOfMemory, Internal (an OpenCV failure).
    GenerationResult run(const GenerationRequest& request, const ProgressObserver& observer,
                         const CancelToken& cancel) override;

private:
    const ModelFamily& m_family;
};

} // namespace i2v::camera
