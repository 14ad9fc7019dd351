#pragma once
// Renders the frames of a CameraPath from a still image with OpenCV.
//
// The source is cover-cropped to the output aspect (centred, no distortion) and resampled once into a
// supersampled canvas (enough pixels that the deepest zoom still has ~`supersample` canvas pixels per
// output pixel, but never more than the source offers beyond that). Each frame is warped from the canvas
// at `r` x the output size (r >= supersample, chosen per frame so the warp never minifies; bicubic,
// sub-pixel exact) and box-filtered down to the output size (INTER_AREA), so motion is smooth and free
// of aliasing. The path is fitted with a margin covering the bicubic kernel's reach, so no frame reads
// a single pixel outside the source: there are no borders to fill.

#include "core/base/image.h"
#include "core/engine/models/camera_motion/camera_path.h"

#include <opencv2/core/mat.hpp>

#include <array>
#include <cstdint>
#include <optional>

namespace i2v::camera {

struct RenderOptions {
    int supersample = 2;                 // >= 1; output pixels are averaged from supersample^2 or more samples
    double maxCanvasPixels = 40e6;       // cap on the supersampled canvas
    double maxWarpPixels = 16e6;         // cap on one frame's supersampled warp target
    // Verification hook: when set, reads outside the canvas return this colour (BORDER_CONSTANT) instead of
    // mirrored pixels. Renders must not depend on it; tests compare two colours to prove that.
    std::optional<std::array<std::uint8_t, 3>> padding;
};

class CameraRenderer {
public:
    // Throws I2vError(InvalidArgument) for an empty source or a bad spec. `spec.marginRef` is replaced by
    // the margin the interpolation needs.
    CameraRenderer(const Image& source, PathSpec spec, const RenderOptions& options = {});

    const CameraPath& path() const { return m_path; }
    int canvasWidth() const { return m_canvas.cols; }
    int canvasHeight() const { return m_canvas.rows; }
    // Samples per output pixel along each axis used for `frame`.
    int warpFactor(int frame) const;
    // Frame `frame` (0-based), exactly outWidth x outHeight.
    Image render(int frame) const;

private:
    struct Plan; // canvas size and the path spec with its margin
    static Plan makePlan(const Image& source, PathSpec spec, const RenderOptions& options);
    CameraRenderer(const Image& source, const Plan& plan, const RenderOptions& options);

    RenderOptions m_options;
    CameraPath m_path;
    cv::Mat m_canvas;     // CV_8UC3 RGB, the cover crop resampled to (kx * outW, ky * outH)
    double m_kx = 1;      // canvas pixels per reference unit
    double m_ky = 1;
    int m_maxWarpFactor = 2;
};

// Centred crop of a w x h source with the aspect of outW x outH, as large as possible: {x, y, width, height}.
std::array<int, 4> coverCrop(int w, int h, int outW, int outH);

} // namespace i2v::camera
