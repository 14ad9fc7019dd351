#include "core/engine/models/camera_motion/camera_motion_family.h"

#include "core/engine/models/camera_motion/camera_motion_pipeline.h"
#include "core/engine/models/camera_motion/camera_path.h"
#include "core/engine/models/camera_motion/motion_prompt.h"

#include <algorithm>
#include <array>

namespace i2v {

std::string CameraMotionFamily::description() const
{
    return "Moves a virtual camera over your image: zoom, pan, tilt, orbit, rotate, dolly or a gentle handheld "
           "drift. Needs no model download and runs in seconds on any computer. The move comes from the Motion "
           "setting or, on Auto, from words in the prompt (\"zoom in\", \"pan left\", \"推近\", \"向左平移\").";
}

bool CameraMotionFamily::probe(const std::string& /*folder*/) const { return false; }

std::unique_ptr<Pipeline> CameraMotionFamily::load(const std::string& /*folder*/, const LoadOptions& /*options*/) const
{
    return std::make_unique<camera::CameraMotionPipeline>(*this);
}

std::optional<ModelShape> CameraMotionFamily::memoryShape(const std::string& /*folder*/) const
{
    return cameraMotionShape();
}

void CameraMotionFamily::varyForBestOf(GenerationRequest& request, int index) const
{
    if (index <= 0)
        return;
    static const std::array<const char*, 6> kBestOfMoves = {"zoom-out", "pan-left",   "pan-right",
                                                            "dolly-in", "orbit-left", "tilt-up"};
    static const std::array<double, 5> kStrengthFactors = {1.0, 0.6, 1.4, 0.8, 1.2};
    const bool moveNamed = (!request.motion.empty() && request.motion != "auto") ||
                           camera::motionFromPrompt(request.prompt).has_value();
    const auto k = static_cast<std::size_t>(index);
    double factor = kStrengthFactors[k % kStrengthFactors.size()];
    if (!moveNamed) {
        request.motion = kBestOfMoves[(k - 1) % kBestOfMoves.size()];
        factor = kStrengthFactors[((k - 1) / kBestOfMoves.size()) % kStrengthFactors.size()];
    }
    request.strength = std::clamp(request.strength * factor, 0.0, 3.0);
}

std::vector<ParamSpec> CameraMotionFamily::parameters() const
{
    std::vector<std::string> motions{"auto"};
    for (const std::string& name : camera::cameraMoveNames())
        motions.push_back(name);
    std::vector<ParamSpec> specs{
        {"width", "Width", ParamKind::Int, 16, 2048, 512, 2, {},
         "Output width in pixels (even, as H.264 needs). The image is cropped to the output shape, never "
         "stretched."},
        {"height", "Height", ParamKind::Int, 16, 2048, 512, 2, {},
         "Output height in pixels (even, as H.264 needs). The image is cropped to the output shape, never "
         "stretched."},
        {"frames", "Frames", ParamKind::Int, 2, 240, 16, 1, {},
         "Number of frames in the clip. Clip length in seconds = frames / fps."},
        {"fps", "Frames per second", ParamKind::Int, 1, 60, 8, 1, {},
         "Playback speed of the clip. More frames per second gives smoother motion for the same length."},
        {"strength", "Motion strength", ParamKind::Float, 0, 3, 1, 0.1, {},
         "How far the camera moves: 0 keeps it still, 1 is a gentle move, 3 is a strong one. Stronger moves "
         "crop deeper into the image."},
        {"seed", "Seed", ParamKind::Int, 0, 4294967295.0, 0, 1, {},
         "The same seed gives exactly the same clip. Only the handheld drift uses it."},
        {"motion", "Camera move", ParamKind::Choice, 0, static_cast<double>(motions.size() - 1), 0, 1, motions,
         "The camera move. Auto picks it from the prompt (for example \"zoom in\", \"pan left\", \"orbit\", "
         "\"推近\", \"向左平移\"); with no match it zooms in gently."},
        {"easing", "Easing", ParamKind::Choice, 0, static_cast<double>(camera::easingNames().size() - 1), 0, 1,
         camera::easingNames(),
         "How the move speeds up and slows down: ease-in-out starts and ends softly, linear keeps a constant "
         "speed, ease-out starts fast and settles, ease-in starts slowly and speeds up."},
    };
    for (ParamSpec& p : specs)
        if (p.name == "width" || p.name == "height") { // the schema's own entries: H.264 needs even sizes
            p.multipleOf = 2;
            p.multipleReason = "H.264 video needs even sizes";
        }
    return specs;
}

} // namespace i2v
