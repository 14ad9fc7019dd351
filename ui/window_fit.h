#pragma once
// Where the studio window goes on a real screen. Pure geometry (tested in tests/ui_fit): the first-start
// size from the screen's available area (minus panels and task bars), and a restored geometry clamped to
// the screen it lands on. Sizes are in device-independent pixels, as QScreen reports them.

#include <QRect>
#include <QSize>

namespace i2v {
namespace ui {

// The preferred first-start size on a large screen, and the smallest size the layout is designed for
// (every control reachable, the result preview at least 480 px wide).
inline constexpr QSize kPreferredWindowSize{1440, 900};
inline constexpr QSize kSmallestSupportedSize{1280, 720};
inline constexpr int kMinPreviewWidth = 480; // the result preview at the smallest supported size

struct InitialPlacement {
    QRect frame;          // the window's frame geometry (decorations included), inside `available`
    bool maximized = false; // the screen is too small for the preferred size: use all of it
};

// First start: `preferred` centred when it fits inside `available` with a small margin for decorations,
// else all of `available` (maximized). Never larger than `available`.
InitialPlacement initialPlacement(const QRect& available, const QSize& preferred = kPreferredWindowSize);

// `frame` shrunk to fit `available` (size first), then moved the least so that it lies inside. An empty
// `available` returns `frame` unchanged.
QRect clampToArea(const QRect& frame, const QRect& available);

} // namespace ui
} // namespace i2v
