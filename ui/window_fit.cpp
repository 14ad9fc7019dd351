#include "ui/window_fit.h"

#include <algorithm>

namespace i2v {
namespace ui {
namespace {
// Room left around a non-maximized window for the window manager's title bar and borders.
constexpr int kDecorationMargin = 48;
} // namespace

InitialPlacement initialPlacement(const QRect& available, const QSize& preferred)
{
    InitialPlacement p;
    if (available.isEmpty()) {
        p.frame = QRect(QPoint(0, 0), preferred);
        return p;
    }
    if (preferred.width() + kDecorationMargin > available.width() ||
        preferred.height() + kDecorationMargin > available.height()) {
        p.frame = available;
        p.maximized = true;
        return p;
    }
    p.frame = QRect(QPoint(0, 0), preferred);
    p.frame.moveCenter(available.center());
    return p;
}

QRect clampToArea(const QRect& frame, const QRect& available)
{
    if (available.isEmpty())
        return frame;
    QRect r(frame.topLeft(), frame.size().boundedTo(available.size()));
    r.moveLeft(std::clamp(r.left(), available.left(), available.right() - r.width() + 1));
    r.moveTop(std::clamp(r.top(), available.top(), available.bottom() - r.height() + 1));
    return r;
}

} // namespace ui
} // namespace i2v
