#include "core/engine/models/camera_motion/camera_renderer.h"

#include "core/base/error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace i2v::camera {

namespace {

// Bicubic reads pixels floor(x)-1 .. floor(x)+2; 2.5 canvas pixels keeps every tap inside, with room for
// OpenCV's 1/32-pixel coordinate rounding.
constexpr double kKernelMarginPx = 2.5;

} // namespace

struct CameraRenderer::Plan {
    PathSpec spec;
    int width = 0;
    int height = 0;
};

CameraRenderer::Plan CameraRenderer::makePlan(const Image& source, PathSpec spec, const RenderOptions& options)
{
    if (source.empty() || source.rgb.size() != static_cast<std::size_t>(source.width) * source.height * 3)
        fail(ErrorCode::InvalidArgument, "camera motion: the input image is empty or inconsistent");
    if (options.supersample < 1)
        fail(ErrorCode::InvalidArgument, "camera motion: supersample must be at least 1");
    spec.marginRef = 0;
    const double zMax = CameraPath(spec).maxZoom();
    const auto crop = coverCrop(source.width, source.height, spec.outWidth, spec.outHeight);
    const double outPixels = static_cast<double>(spec.outWidth) * spec.outHeight;
    const double ss = options.supersample;
    // Enough canvas for the deepest zoom, no more than the source offers beyond the supersampling.
    double k = std::clamp(static_cast<double>(crop[2]) / spec.outWidth, ss, ss * zMax);
    k = std::max(1.0, std::min(k, std::sqrt(options.maxCanvasPixels / outPixels)));
    Plan plan;
    plan.width = std::max(2, static_cast<int>(std::lround(k * spec.outWidth)));
    plan.height = std::max(2, static_cast<int>(std::lround(k * spec.outHeight)));
    const double kMin = std::min(static_cast<double>(plan.width) / spec.outWidth,
                                 static_cast<double>(plan.height) / spec.outHeight);
    spec.marginRef = kKernelMarginPx / kMin;
    plan.spec = spec;
    return plan;
}

namespace {

cv::Mat canvasFrom(const Image& source, int width, int height, int outW, int outH)
{
    const auto crop = coverCrop(source.width, source.height, outW, outH);
    // OpenCV only reads through this header; the const_cast never leads to a write.
    const cv::Mat src(source.height, source.width, CV_8UC3, const_cast<std::uint8_t*>(source.rgb.data()));
    const cv::Mat roi = src(cv::Rect(crop[0], crop[1], crop[2], crop[3]));
    cv::Mat canvas;
    const bool shrinking = width <= roi.cols && height <= roi.rows;
    cv::resize(roi, canvas, cv::Size(width, height), 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_CUBIC);
    return canvas;
}

} // namespace

std::array<int, 4> coverCrop(int w, int h, int outW, int outH)
{
    // Compare w/h with outW/outH exactly in integers.
    const long long lhs = static_cast<long long>(w) * outH;
    const long long rhs = static_cast<long long>(h) * outW;
    int cw = w, ch = h;
    if (lhs > rhs)
        cw = std::clamp(static_cast<int>(std::lround(static_cast<double>(h) * outW / outH)), 1, w);
    else if (lhs < rhs)
        ch = std::clamp(static_cast<int>(std::lround(static_cast<double>(w) * outH / outW)), 1, h);
    return {(w - cw) / 2, (h - ch) / 2, cw, ch};
}

CameraRenderer::CameraRenderer(const Image& source, PathSpec spec, const RenderOptions& options)
    : CameraRenderer(source, makePlan(source, spec, options), options)
{
}

CameraRenderer::CameraRenderer(const Image& source, const Plan& plan, const RenderOptions& options)
    : m_options(options), m_path(plan.spec),
      m_canvas(canvasFrom(source, plan.width, plan.height, plan.spec.outWidth, plan.spec.outHeight))
{
    const PathSpec& spec = plan.spec;
    m_kx = static_cast<double>(m_canvas.cols) / spec.outWidth;
    m_ky = static_cast<double>(m_canvas.rows) / spec.outHeight;
    const double outPixels = static_cast<double>(spec.outWidth) * spec.outHeight;
    m_maxWarpFactor = std::max(options.supersample,
                               static_cast<int>(std::floor(std::sqrt(options.maxWarpPixels / outPixels))));
}

int CameraRenderer::warpFactor(int frame) const
{
    // Canvas pixels per output pixel in this frame; sampling at least that densely means the bicubic
    // warp never skips canvas pixels, and INTER_AREA then averages them.
    const double density = std::min(m_kx, m_ky) / m_path.pose(frame).zoom;
    const int r = static_cast<int>(std::ceil(density - 1e-6));
    return std::clamp(r, m_options.supersample, m_maxWarpFactor);
}

Image CameraRenderer::render(int frame) const
{
    const PathSpec& spec = m_path.spec();
    const int r = warpFactor(frame);
    const cv::Size warpSize(spec.outWidth * r, spec.outHeight * r);
    const Mat3 h = m_path.projective(frame);
    // Warp pixel (X, Y) (OpenCV: centre at integers) -> output (X + 0.5) / r -> reference canvas via h ->
    // canvas pixel units -> OpenCV source coordinates (centre at integers, hence the -0.5).
    const Mat3 toOutput{{1.0 / r, 0, 0.5 / r, 0, 1.0 / r, 0.5 / r, 0, 0, 1}};
    const Mat3 toCanvas{{m_kx, 0, -0.5, 0, m_ky, -0.5, 0, 0, 1}};
    const int borderMode = m_options.padding ? cv::BORDER_CONSTANT : cv::BORDER_REFLECT_101;
    const cv::Scalar borderValue = m_options.padding
                                       ? cv::Scalar((*m_options.padding)[0], (*m_options.padding)[1], (*m_options.padding)[2])
                                       : cv::Scalar();
    cv::Mat warped;
    const double radial = m_path.pose(frame).radial;
    if (radial != 0) {
        // The dolly's radial term is not projective: build the sampling maps explicitly.
        const Mat3 m = toCanvas * h;
        const double cx = spec.outWidth / 2.0, cy = spec.outHeight / 2.0;
        const double invR2 = 1.0 / (cx * cx + cy * cy);
        cv::Mat mapX(warpSize, CV_32FC1), mapY(warpSize, CV_32FC1);
        cv::parallel_for_(cv::Range(0, warpSize.height), [&](const cv::Range& rows) {
            for (int y = rows.start; y < rows.end; ++y) {
                auto* px = mapX.ptr<float>(y);
                auto* py = mapY.ptr<float>(y);
                const double dy = (y + 0.5) / r - cy;
                for (int x = 0; x < warpSize.width; ++x) {
                    const double dx = (x + 0.5) / r - cx;
                    const double f = radialFactor(radial, (dx * dx + dy * dy) * invR2);
                    const auto q = m.apply(cx + dx * f, cy + dy * f);
                    px[x] = static_cast<float>(q[0]);
                    py[x] = static_cast<float>(q[1]);
                }
            }
        });
        cv::remap(m_canvas, warped, mapX, mapY, cv::INTER_CUBIC, borderMode, borderValue);
    } else {
        const Mat3 m = toCanvas * h * toOutput;
        const int flags = cv::INTER_CUBIC | cv::WARP_INVERSE_MAP;
        if (m.isAffine()) {
            const cv::Mat a = (cv::Mat_<double>(2, 3) << m.m[0], m.m[1], m.m[2], m.m[3], m.m[4], m.m[5]);
            cv::warpAffine(m_canvas, warped, a, warpSize, flags, borderMode, borderValue);
        } else {
            const cv::Mat p(3, 3, CV_64F, const_cast<double*>(m.m.data()));
            cv::warpPerspective(m_canvas, warped, p, warpSize, flags, borderMode, borderValue);
        }
    }
    Image out(spec.outWidth, spec.outHeight);
    cv::Mat dst(out.height, out.width, CV_8UC3, out.rgb.data());
    if (r == 1)
        warped.copyTo(dst);
    else
        cv::resize(warped, dst, dst.size(), 0, 0, cv::INTER_AREA);
    return out;
}

} // namespace i2v::camera
