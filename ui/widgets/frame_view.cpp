#include "ui/widgets/frame_view.h"

#include <QPainter>
#include <QPainterPath>

namespace i2v {
namespace ui {

FrameView::FrameView(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("frameView"));
    setMinimumSize(320, 240);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void FrameView::setFrame(const QImage& frame)
{
    m_frame = frame;
    update();
}

void FrameView::setBadge(const QString& text)
{
    m_badge = text;
    update();
}

void FrameView::setPlaceholder(const QString& text)
{
    m_placeholder = text;
    update();
}

void FrameView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    // A neutral surround a little darker than the window, in either theme.
    const QColor window = palette().color(QPalette::Window);
    p.fillRect(rect(), window.darker(window.lightness() < 128 ? 135 : 110));
    if (m_frame.isNull()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 1.2);
        p.setFont(f);
        p.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    const QSize fitted = m_frame.size().scaled(size() - QSize(16, 16), Qt::KeepAspectRatio);
    const QRect target(QPoint((width() - fitted.width()) / 2, (height() - fitted.height()) / 2), fitted);
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    p.drawImage(target, m_frame);
    if (!m_badge.isEmpty()) {
        QFont f = font();
        f.setBold(true);
        p.setFont(f);
        const QRect textRect = p.fontMetrics().boundingRect(m_badge).adjusted(-8, -3, 8, 3);
        const QRect badge(target.topLeft() + QPoint(10, 10), textRect.size());
        QPainterPath path;
        path.addRoundedRect(badge, 4, 4);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.fillPath(path, QColor(0xe5, 0x53, 0x4b, 220));
        p.setPen(Qt::white);
        p.drawText(badge, Qt::AlignCenter, m_badge);
    }
}

} // namespace ui
} // namespace i2v
