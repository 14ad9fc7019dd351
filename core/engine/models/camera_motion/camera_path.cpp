#include "core/engine/models/camera_motion/camera_path.h"

#include "core/base/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>

namespace i2v::camera {

namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

// Amounts at strength 1 (strength scales them; zooms scale in log space).
constexpr double kZoomPerStrength = 1.30;      // zoom-in ends at 1.3x
constexpr double kPanTravel = 0.15;            // window widths travelled
constexpr double kTiltSweepRad = 5.0 * kDeg;   // total pitch sweep
constexpr double kOrbitYawRad = 8.0 * kDeg;    // total yaw sweep
constexpr double kOrbitBankRad = 3.0 * kDeg;   // total roll sweep
constexpr double kOrbitZoom = 1.06;
constexpr double kRotateRad = 8.0 * kDeg;
constexpr double kRotateZoom = 1.05;
constexpr double kDollyZoom = 1.22;
constexpr double kDollyRadial = 0.06;          // centre magnification relative to the corners
constexpr double kDollyRadialMax = 0.2;
constexpr double kHandheldShift = 0.015;       // of the shorter side
constexpr double kHandheldRollRad = 0.5 * kDeg;
constexpr double kHandheldBreath = 0.012;      // log zoom
constexpr double kMaxStrength = 3.0;

const std::vector<std::string> kMoveNames = {
    "static",     "zoom-in",     "zoom-out",  "pan-left",   "pan-right", "pan-up",
    "pan-down",   "tilt-up",     "tilt-down", "orbit-left", "orbit-right", "rotate-cw",
    "rotate-ccw", "dolly-in",    "dolly-out", "handheld",
};
const std::vector<std::string> kEasingNames = {"ease-in-out", "linear", "ease-out", "ease-in"};

std::string normalizedName(const std::string& name)
{
    std::string out;
    for (char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        out += (c == '_' || c == ' ') ? '-' : static_cast<char>(std::tolower(c));
    }
    return out;
}

// splitmix64: a tiny, fully specified generator, so drift is identical on every platform and stdlib.
struct SplitMix {
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform(double lo, double hi) { return lo + (hi - lo) * static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

// Smooth noise in [-1, 1]: three sines with seeded frequencies (Hz) and phases, weights 1, 1/2, 1/4.
struct SmoothNoise {
    std::array<double, 3> freqHz{};
    std::array<double, 3> phase{};
    explicit SmoothNoise(SplitMix& rng)
    {
        for (int k = 0; k < 3; ++k) {
            freqHz[k] = rng.uniform(0.12, 0.55) * (1 << k) * 0.6 + 0.05;
            phase[k] = rng.uniform(0, 2 * std::numbers::pi);
        }
    }
    double at(double seconds) const
    {
        double sum = 0;
        double weight = 1;
        for (int k = 0; k < 3; ++k, weight *= 0.5)
            sum += weight * std::sin(2 * std::numbers::pi * freqHz[k] * seconds + phase[k]);
        return sum / 1.75;
    }
};

double lerp(double a, double b, double t) { return a + (b - a) * t; }

// The move before fitting: zoom/offset/angles as the move describes them.
CameraPose rawPose(const PathSpec& s, double e, double seconds, const std::array<SmoothNoise, 4>* noise)
{
    const double k = s.strength;
    const double w = s.outWidth;
    const double h = s.outHeight;
    CameraPose p;
    switch (s.move) {
    case CameraMove::Static: break;
    case CameraMove::ZoomIn: p.zoom = std::pow(kZoomPerStrength, k * e); break;
    case CameraMove::ZoomOut: p.zoom = std::pow(kZoomPerStrength, k * (1 - e)); break;
    case CameraMove::PanLeft:
    case CameraMove::PanRight:
    case CameraMove::PanUp:
    case CameraMove::PanDown: {
        // A window of 1/(1+travel) of the canvas sweeps the whole slack, centred on the canvas.
        const double travel = kPanTravel * k;
        p.zoom = 1 + travel;
        const bool horizontal = s.move == CameraMove::PanLeft || s.move == CameraMove::PanRight;
        const double half = travel * (horizontal ? w : h) / (2 * p.zoom);
        const double from = (s.move == CameraMove::PanLeft || s.move == CameraMove::PanUp) ? half : -half;
        (horizontal ? p.offsetX : p.offsetY) = lerp(from, -from, e);
        break;
    }
    case CameraMove::TiltUp: p.pitchRad = lerp(-0.5, 0.5, e) * kTiltSweepRad * k; break;
    case CameraMove::TiltDown: p.pitchRad = lerp(0.5, -0.5, e) * kTiltSweepRad * k; break;
    case CameraMove::OrbitLeft:
    case CameraMove::OrbitRight: {
        const double dir = s.move == CameraMove::OrbitLeft ? 1.0 : -1.0;
        p.yawRad = dir * lerp(0.5, -0.5, e) * kOrbitYawRad * k;
        p.rollRad = dir * lerp(-0.5, 0.5, e) * kOrbitBankRad * k;
        p.zoom = std::pow(kOrbitZoom, k * e);
        break;
    }
    case CameraMove::RotateCw:
    case CameraMove::RotateCcw:
        // Content turning clockwise = the window turning counter-clockwise = negative roll.
        p.rollRad = (s.move == CameraMove::RotateCw ? -1.0 : 1.0) * kRotateRad * k * e;
        p.zoom = std::pow(kRotateZoom, k * e);
        break;
    case CameraMove::DollyIn:
    case CameraMove::DollyOut: {
        const double d = s.move == CameraMove::DollyIn ? e : 1 - e;
        p.zoom = std::pow(kDollyZoom, k * d);
        p.radial = std::min(kDollyRadial * k, kDollyRadialMax) * d;
        break;
    }
    case CameraMove::Handheld: {
        const auto& n = *noise;
        const double shift = kHandheldShift * k * std::min(w, h);
        p.offsetX = shift * n[0].at(seconds);
        p.offsetY = shift * n[1].at(seconds);
        p.rollRad = kHandheldRollRad * k * n[2].at(seconds);
        p.zoom = std::exp(kHandheldBreath * k * (1 + n[3].at(seconds)));
        break;
    }
    }
    return p;
}

// Output -> reference canvas for `p`, radial excluded.
Mat3 poseMatrix(const PathSpec& s, const CameraPose& p)
{
    const double cx = s.outWidth / 2.0;
    const double cy = s.outHeight / 2.0;
    const double f = std::max(s.outWidth, s.outHeight);
    // Camera rotation: pitch about x (positive looks up, y down), then yaw about y (positive looks right).
    const double ca = std::cos(p.pitchRad), sa = std::sin(p.pitchRad);
    const double cb = std::cos(p.yawRad), sb = std::sin(p.yawRad);
    const Mat3 pitch{{1, 0, 0, 0, ca, -sa, 0, sa, ca}};
    const Mat3 yaw{{cb, 0, sb, 0, 1, 0, -sb, 0, cb}};
    const Mat3 kMat{{f, 0, 0, 0, f, 0, 0, 0, 1}};
    const Mat3 kInv{{1 / f, 0, 0, 0, 1 / f, 0, 0, 0, 1}};
    const double cr = std::cos(p.rollRad), sr = std::sin(p.rollRad);
    const Mat3 rollZoom{{cr / p.zoom, -sr / p.zoom, 0, sr / p.zoom, cr / p.zoom, 0, 0, 0, 1}};
    const Mat3 toCentre{{1, 0, -cx, 0, 1, -cy, 0, 0, 1}};
    const Mat3 fromCentre{{1, 0, cx + p.offsetX, 0, 1, cy + p.offsetY, 0, 0, 1}};
    Mat3 persp;
    if (p.pitchRad != 0 || p.yawRad != 0)
        persp = kMat * yaw * pitch * kInv;
    return fromCentre * rollZoom * persp * toCentre;
}

// Smallest zoom multiplier that keeps the four corners of frame `p` inside the canvas minus `margin`.
double requiredScale(const PathSpec& s, const CameraPose& p)
{
    CameraPose unit = p;
    unit.zoom = 1;
    const Mat3 m = poseMatrix(s, unit);
    const double w = s.outWidth, h = s.outHeight, mg = s.marginRef;
    const double cx = w / 2 + p.offsetX, cy = h / 2 + p.offsetY;
    if (cx - mg <= 0 || cx + mg >= w || cy - mg <= 0 || cy + mg >= h)
        fail(ErrorCode::Internal, "camera path: window centre leaves the canvas");
    double need = 0;
    for (const auto& [x, y] : {std::array<double, 2>{0, 0}, {w, 0}, {0, h}, {w, h}}) {
        const double den = m.m[6] * x + m.m[7] * y + m.m[8];
        if (den <= 1e-6)
            fail(ErrorCode::Internal, "camera path: perspective turns past the horizon");
        const auto q = m.apply(x, y);
        const double dx = q[0] - cx, dy = q[1] - cy;
        need = std::max(need, dx > 0 ? dx / (w - mg - cx) : -dx / (cx - mg));
        need = std::max(need, dy > 0 ? dy / (h - mg - cy) : -dy / (cy - mg));
    }
    return need / p.zoom;
}

} // namespace

const std::vector<std::string>& cameraMoveNames() { return kMoveNames; }
const std::vector<std::string>& easingNames() { return kEasingNames; }
std::string cameraMoveName(CameraMove move) { return kMoveNames.at(static_cast<std::size_t>(move)); }
std::string easingName(Easing easing) { return kEasingNames.at(static_cast<std::size_t>(easing)); }

std::optional<CameraMove> parseCameraMove(const std::string& name)
{
    const std::string n = normalizedName(name);
    for (std::size_t i = 0; i < kMoveNames.size(); ++i)
        if (kMoveNames[i] == n)
            return static_cast<CameraMove>(i);
    return std::nullopt;
}

std::optional<Easing> parseEasing(const std::string& name)
{
    const std::string n = normalizedName(name);
    for (std::size_t i = 0; i < kEasingNames.size(); ++i)
        if (kEasingNames[i] == n)
            return static_cast<Easing>(i);
    return std::nullopt;
}

double ease(Easing easing, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    switch (easing) {
    case Easing::Linear: return t;
    case Easing::EaseInOut: return t * t * (3 - 2 * t);
    case Easing::EaseOut: return 1 - (1 - t) * (1 - t);
    case Easing::EaseIn: return t * t;
    }
    return t;
}

Mat3 Mat3::operator*(const Mat3& o) const
{
    Mat3 r;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            r.m[i * 3 + j] = m[i * 3] * o.m[j] + m[i * 3 + 1] * o.m[3 + j] + m[i * 3 + 2] * o.m[6 + j];
    return r;
}

std::array<double, 2> Mat3::apply(double x, double y) const
{
    const double w = m[6] * x + m[7] * y + m[8];
    return {(m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w};
}

CameraPath::CameraPath(const PathSpec& spec) : m_spec(spec)
{
    if (spec.frames < 1)
        fail(ErrorCode::InvalidArgument, "frames = " + std::to_string(spec.frames) + " must be at least 1");
    if (spec.outWidth < 2 || spec.outHeight < 2)
        fail(ErrorCode::InvalidArgument, "output size " + std::to_string(spec.outWidth) + "x" +
                                             std::to_string(spec.outHeight) + " is too small");
    if (!(spec.strength >= 0 && spec.strength <= kMaxStrength))
        fail(ErrorCode::InvalidArgument, "strength = " + std::to_string(spec.strength) + " is outside 0..3");
    if (!(spec.fps > 0))
        fail(ErrorCode::InvalidArgument, "fps must be positive");
    if (!(spec.marginRef >= 0 && 4 * spec.marginRef < std::min(spec.outWidth, spec.outHeight)))
        fail(ErrorCode::InvalidArgument, "camera margin " + std::to_string(spec.marginRef) + " is out of range");

    SplitMix rng{spec.seed};
    const std::array<SmoothNoise, 4> noise{SmoothNoise(rng), SmoothNoise(rng), SmoothNoise(rng), SmoothNoise(rng)};
    m_poses.reserve(static_cast<std::size_t>(spec.frames));
    for (int i = 0; i < spec.frames; ++i) {
        const double t = spec.frames > 1 ? static_cast<double>(i) / (spec.frames - 1) : 0.0;
        m_poses.push_back(rawPose(spec, ease(spec.easing, t), i / spec.fps, &noise));
    }
    // One zoom multiplier for the whole clip (a per-frame one would make the picture breathe).
    for (const CameraPose& p : m_poses)
        m_fitScale = std::max(m_fitScale, requiredScale(spec, p));
    for (CameraPose& p : m_poses)
        p.zoom *= m_fitScale;
}

Mat3 CameraPath::projective(int frame) const { return poseMatrix(m_spec, pose(frame)); }

std::array<double, 2> CameraPath::map(int frame, double outX, double outY) const
{
    const CameraPose& p = pose(frame);
    double x = outX, y = outY;
    if (p.radial != 0) {
        const double cx = m_spec.outWidth / 2.0, cy = m_spec.outHeight / 2.0;
        const double dx = x - cx, dy = y - cy;
        const double f = radialFactor(p.radial, (dx * dx + dy * dy) / (cx * cx + cy * cy));
        x = cx + dx * f;
        y = cy + dy * f;
    }
    return projective(frame).apply(x, y);
}

double CameraPath::maxZoom() const
{
    double z = 1;
    for (const CameraPose& p : m_poses)
        z = std::max(z, p.zoom);
    return z;
}

} // namespace i2v::camera
