#pragma once
// Paints one frame scaled to fit (aspect kept, centred) on a neutral background, with an optional badge
// ("LIVE") and a placeholder text when empty. Only paints: never converts or decodes.

#include <QImage>
#include <QWidget>

namespace i2v {
namespace ui {

class FrameView : public QWidget {
    Q_OBJECT
public:
    explicit FrameView(QWidget* parent = nullptr);
    void setFrame(const QImage& frame);
    const QImage& frame() const { return m_frame; }
    void setBadge(const QString& text);
    void setPlaceholder(const QString& text);
    QSize sizeHint() const override { return {640, 480}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage m_frame;
    QString m_badge;
    QString m_placeholder;
};

} // namespace ui
} // namespace i2v
