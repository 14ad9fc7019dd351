#include "core/engine/models/camera_motion/camera_motion_pipeline.h"

#include "core/base/error.h"
#include "core/engine/api/registry.h"
#include "core/engine/models/camera_motion/camera_renderer.h"
#include "core/engine/models/camera_motion/motion_prompt.h"

#include <opencv2/core.hpp>

#include <chrono>
#include <cstdio>
#include <memory>
#include <new>

namespace i2v::camera {

namespace {

// Frames are returned in memory; refuse requests whose frames alone would exceed this.
constexpr double kMaxResultBytes = 2.0 * 1024 * 1024 * 1024;

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string formatStrength(double strength)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", strength);
    return buf;
}

} // namespace

MotionChoice resolveMotion(const std::string& motion, const std::string& prompt)
{
    if (!motion.empty() && motion != "auto") {
        const auto move = parseCameraMove(motion);
        if (!move)
            fail(ErrorCode::InvalidArgument,
                 "motion \"" + motion + "\" is not a camera move; use auto, " + joined(cameraMoveNames()));
        return {*move, "parameter", {}};
    }
    if (const auto fromPrompt = motionFromPrompt(prompt))
        return {fromPrompt->move, "prompt", fromPrompt->phrase};
    return {CameraMove::ZoomIn, "default", {}};
}

Easing resolveEasing(const std::string& easing)
{
    if (easing.empty())
        return Easing::EaseInOut;
    const auto parsed = parseEasing(easing);
    if (!parsed)
        fail(ErrorCode::InvalidArgument,
             "easing \"" + easing + "\" is not known; use " + joined(easingNames()));
    return *parsed;
}

GenerationResult CameraMotionPipeline::run(const GenerationRequest& request, const ProgressObserver& observer,
                                           const CancelToken& cancel)
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const auto elapsedMs = [&] { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); };
    const auto emit = [&](ProgressEvent event) {
        if (observer)
            observer(event);
    };

    validateRequest(m_family, request);
    const MotionChoice motion = resolveMotion(request.motion, request.prompt);
    const Easing easing = resolveEasing(request.easing);
    const double resultBytes = 3.0 * request.width * request.height * request.frames;
    if (resultBytes > kMaxResultBytes)
        fail(ErrorCode::InvalidArgument, "width x height x frames = " + std::to_string(request.width) + "x" +
                                             std::to_string(request.height) + "x" + std::to_string(request.frames) +
                                             " needs more than 2 GiB of frames; lower the size or the frame count");
    cancel.throwIfCancelled();

    PathSpec spec;
    spec.move = motion.move;
    spec.easing = easing;
    spec.strength = request.strength;
    spec.frames = request.frames;
    spec.fps = request.fps;
    spec.seed = static_cast<std::uint64_t>(request.seed);
    spec.outWidth = request.width;
    spec.outHeight = request.height;

    GenerationResult result;
    try {
        const CameraRenderer renderer(request.image, spec);
        emit({Stage::EncodingImage, 1, 1, elapsedMs(), 0,
              "source cropped to " + std::to_string(renderer.canvasWidth()) + "x" +
                  std::to_string(renderer.canvasHeight()) + " for " + cameraMoveName(motion.move),
              nullptr});
        result.frames.reserve(static_cast<std::size_t>(request.frames));
        for (int i = 0; i < request.frames; ++i) {
            cancel.throwIfCancelled();
            result.frames.push_back(renderer.render(i));
            ProgressEvent event{Stage::Denoising, i + 1, request.frames, elapsedMs(), 0,
                                "frame " + std::to_string(i + 1) + "/" + std::to_string(request.frames), nullptr};
            const bool last = i + 1 == request.frames;
            if (request.previewEvery > 0 && ((i + 1) % request.previewEvery == 0 || last))
                event.preview = std::make_shared<const Image>(result.frames.back());
            emit(event);
        }
        result.details["canvas"] = std::to_string(renderer.canvasWidth()) + "x" + std::to_string(renderer.canvasHeight());
    } catch (const std::bad_alloc&) {
        fail(ErrorCode::OutOfMemory, "camera motion: out of memory rendering " + std::to_string(request.width) + "x" +
                                         std::to_string(request.height) + " frames");
    } catch (const cv::Exception& e) {
        if (e.code == cv::Error::StsNoMem)
            fail(ErrorCode::OutOfMemory, std::string("camera motion: OpenCV ran out of memory: ") + e.what());
        fail(ErrorCode::Internal, std::string("camera motion: OpenCV failed: ") + e.what());
    }

    result.fps = request.fps;
    result.family = m_family.id();
    result.modelId = m_family.id();
    result.details["motion"] = cameraMoveName(motion.move);
    result.details["motion_source"] = motion.source;
    if (!motion.phrase.empty())
        result.details["motion_phrase"] = motion.phrase;
    result.details["easing"] = easingName(easing);
    result.details["strength"] = formatStrength(request.strength);
    return result;
}

} // namespace i2v::camera
