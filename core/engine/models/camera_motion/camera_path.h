#pragma once
// Camera-motion geometry: which move, how it eases, and where the camera looks in every frame.
// Pure math (no OpenCV, no torch) so tests can check the geometry directly.
//
// Coordinates. The "reference canvas" is the cover-cropped source image scaled so that it spans
// [0, outW] x [0, outH]: one unit = one output pixel at zoom 1. Output coordinates are continuous with
// pixel corners at integers, so output pixel (x, y) covers [x, x+1) x [y, y+1) and its centre is
// (x + 0.5, y + 0.5). The camera of frame i maps an output point u to the reference-canvas point
//     q = c + (1/zoom) * Roll(roll) * P(radial(u - outCentre))
// where P is the perspective of a camera turned by pitch/yaw (focal length = max(outW, outH)), radial()
// is the dolly's centre-weighted magnification (identity on the window's corners), and c is the
// canvas centre plus the pan offset. CameraPath fits every path so the whole window, plus a margin, lies
// inside the canvas: no frame ever samples outside the source image.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace i2v::camera {

enum class CameraMove {
    Static,
    ZoomIn,
    ZoomOut,
    PanLeft,   // the camera moves left: content slides to the right
    PanRight,  // content slides to the left
    PanUp,     // the camera moves up: content slides down
    PanDown,   // content slides up
    TiltUp,    // the camera pitches up (perspective): content moves down and keystones
    TiltDown,
    OrbitLeft, // the camera arcs left around the centre: yaw sweep, banking roll, slight push in
    OrbitRight,
    RotateCw,  // the picture turns clockwise (roll) with a slight push in
    RotateCcw,
    DollyIn,   // push in with the centre growing faster than the edges (parallax-like)
    DollyOut,
    Handheld,  // gentle seeded drift: translation, roll and breathing from smooth noise
};

enum class Easing { EaseInOut, Linear, EaseOut, EaseIn };

// Canonical names ("zoom-in", "ease-in-out"), in declaration order; these are the ParamSpec choices.
const std::vector<std::string>& cameraMoveNames();
const std::vector<std::string>& easingNames();
std::string cameraMoveName(CameraMove move);
std::string easingName(Easing easing);
// Accepts canonical names case-insensitively, with '_' or ' ' for '-'. nullopt when unknown.
std::optional<CameraMove> parseCameraMove(const std::string& name);
std::optional<Easing> parseEasing(const std::string& name);

// Eased progress for t in [0, 1]; e(0) = 0, e(1) = 1, monotonic.
double ease(Easing easing, double t);

// Row-major 3x3 projective matrix acting on column vectors (x, y, 1).
struct Mat3 {
    std::array<double, 9> m{1, 0, 0, 0, 1, 0, 0, 0, 1};
    Mat3 operator*(const Mat3& o) const;
    std::array<double, 2> apply(double x, double y) const; // divides by w
    bool isAffine() const { return m[6] == 0 && m[7] == 0 && m[8] == 1; }
};

// Where the camera looks in one frame (after fitting).
struct CameraPose {
    double zoom = 1;     // magnification relative to the whole canvas (>= 1 after fitting)
    double offsetX = 0;  // window centre minus canvas centre, reference units
    double offsetY = 0;
    double rollRad = 0;  // rotation of the window in the canvas; positive turns it clockwise on
                         // screen (y down), so content appears to turn counter-clockwise
    double pitchRad = 0; // positive looks up
    double yawRad = 0;   // positive looks right
    double radial = 0;   // dolly magnification of the centre relative to the corners, 0..0.5
};

struct PathSpec {
    CameraMove move = CameraMove::ZoomIn;
    Easing easing = Easing::EaseInOut;
    double strength = 1;      // 0 = no movement, 1 = default amount, 3 = maximum
    int frames = 16;          // >= 1
    double fps = 8;           // handheld drift runs in seconds, so it needs the frame rate
    std::uint64_t seed = 0;   // handheld drift
    int outWidth = 512;       // output size in pixels (also the reference canvas size)
    int outHeight = 512;
    double marginRef = 0;     // keep the window this far (reference units) inside the canvas edges
};

class CameraPath {
public:
    // Builds and fits the path. Throws I2vError(InvalidArgument) for a degenerate spec (frames < 1,
    // sizes < 2, strength outside 0..3, negative margin).
    explicit CameraPath(const PathSpec& spec);

    const PathSpec& spec() const { return m_spec; }
    int frameCount() const { return static_cast<int>(m_poses.size()); }
    const CameraPose& pose(int frame) const { return m_poses.at(static_cast<std::size_t>(frame)); }
    // Projective part of frame `frame`: output coordinates -> reference canvas (radial excluded).
    Mat3 projective(int frame) const;
    // Full mapping of an output point (radial included) to the reference canvas.
    std::array<double, 2> map(int frame, double outX, double outY) const;
    // Largest zoom over all frames (the renderer sizes its supersampled canvas from it).
    double maxZoom() const;
    // Zoom factor applied on top of every move to keep the window inside the canvas (>= 1).
    double fitScale() const { return m_fitScale; }

private:
    PathSpec m_spec;
    double m_fitScale = 1;
    std::vector<CameraPose> m_poses;
};

// Dolly's radial factor: output offset d from the centre becomes d * radialFactor(radial, |d|^2 / R^2)
// with R the half diagonal; 1 at the corners, 1 - radial at the centre.
inline double radialFactor(double radial, double rho2) { return 1.0 - radial * (1.0 - rho2); }

} // namespace i2v::camera
