#pragma once
// Preview: live frames while a clip is generating (from ProgressEvent previews), then inline looping
// playback of the result with play/pause, a scrub slider, frame step and playback fps. Frames are
// converted to QImage once when a result arrives; playback only paints.

#include <QImage>
#include <QVector>
#include <QWidget>

class QLabel;
class QSlider;
class QSpinBox;
class QTimer;
class QToolButton;

namespace i2v {
namespace ui {

class FrameView;

class PreviewPanel : public QWidget {
    Q_OBJECT
public:
    explicit PreviewPanel(QWidget* parent = nullptr);

    void showLiveFrame(const QImage& frame);
    // Shows a finished clip and starts looping playback at `fps` (or the user's fps when set).
    void setClip(QVector<QImage> frames, int fps);
    void clear(const QString& placeholder = {});
    int frameCount() const { return m_frames.size(); }
    int currentFrame() const { return m_index; }
    bool isPlaying() const;
    int playbackFps() const;
    void setPlaybackFps(int fps);
    const QImage& shownFrame() const;

public slots:
    void togglePlay();
    void play();
    void pause();
    void stepFrame(int delta);
    void showFrame(int index);

signals:
    void playbackFpsChanged(int fps);

private:
    void updateControls();

    FrameView* m_view;
    QToolButton* m_playButton;
    QToolButton* m_prevButton;
    QToolButton* m_nextButton;
    QSlider* m_scrub;
    QLabel* m_position;
    QSpinBox* m_fps;
    QTimer* m_timer;
    QVector<QImage> m_frames;
    int m_index = 0;
};

} // namespace ui
} // namespace i2v
