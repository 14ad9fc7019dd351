#include "ui/panels/preview_panel.h"

#include "ui/widgets/frame_view.h"
#include "ui/style.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace i2v {
namespace ui {

PreviewPanel::PreviewPanel(QWidget* parent)
    : QWidget(parent), m_view(new FrameView(this)), m_playButton(new QToolButton(this)), m_prevButton(new QToolButton(this)),
      m_nextButton(new QToolButton(this)), m_scrub(new QSlider(Qt::Horizontal, this)), m_position(new QLabel(this)),
      m_fps(new QSpinBox(this)), m_timer(new QTimer(this))
{
    m_view->setPlaceholder(tr("Your clip appears here.\nDrop an image, pick a template and press Generate."));
    m_playButton->setObjectName(QStringLiteral("playButton"));
    m_playButton->setIcon(themedIcon(QStringLiteral("play")));
    m_playButton->setToolTip(tr("Play / pause (Space)"));
    m_prevButton->setIcon(themedIcon(QStringLiteral("step-back")));
    m_prevButton->setToolTip(tr("Previous frame (Left)"));
    m_nextButton->setIcon(themedIcon(QStringLiteral("step-forward")));
    m_nextButton->setToolTip(tr("Next frame (Right)"));
    for (QToolButton* b : {m_playButton, m_prevButton, m_nextButton})
        b->setIconSize(QSize(20, 20));
    m_scrub->setObjectName(QStringLiteral("scrubSlider"));
    m_position->setObjectName(QStringLiteral("framePosition"));
    m_position->setMinimumWidth(70);
    m_fps->setRange(1, 60);
    m_fps->setSuffix(tr(" fps"));
    m_fps->setToolTip(tr("Playback speed (does not change the saved clip)"));
    m_fps->setObjectName(QStringLiteral("playbackFps"));

    auto* controls = new QHBoxLayout;
    controls->setSpacing(6);
    controls->addWidget(m_prevButton);
    controls->addWidget(m_playButton);
    controls->addWidget(m_nextButton);
    controls->addWidget(m_scrub, 1);
    controls->addWidget(m_position);
    controls->addWidget(m_fps);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 4);
    layout->addWidget(m_view, 1);
    layout->addLayout(controls);

    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, [this] { showFrame((m_index + 1) % std::max(1, int(m_frames.size()))); });
    connect(m_playButton, &QToolButton::clicked, this, &PreviewPanel::togglePlay);
    connect(m_prevButton, &QToolButton::clicked, this, [this] { stepFrame(-1); });
    connect(m_nextButton, &QToolButton::clicked, this, [this] { stepFrame(1); });
    connect(m_scrub, &QSlider::valueChanged, this, [this](int v) {
        if (v != m_index)
            showFrame(v);
    });
    connect(m_scrub, &QSlider::sliderPressed, this, &PreviewPanel::pause);
    connect(m_fps, &QSpinBox::valueChanged, this, [this](int fps) {
        m_timer->setInterval(1000 / std::max(1, fps));
        emit playbackFpsChanged(fps);
    });
    m_fps->setValue(8);
    updateControls();
}

void PreviewPanel::showLiveFrame(const QImage& frame)
{
    pause();
    m_frames.clear();
    m_view->setBadge(tr("LIVE"));
    m_view->setFrame(frame);
    updateControls();
}

void PreviewPanel::setClip(QVector<QImage> frames, int fps)
{
    m_frames = std::move(frames);
    m_view->setBadge({});
    if (fps > 0) {
        QSignalBlocker block(m_fps);
        m_fps->setValue(fps);
        m_timer->setInterval(1000 / fps);
    }
    m_index = 0;
    updateControls();
    showFrame(0);
    play();
}

void PreviewPanel::clear(const QString& placeholder)
{
    pause();
    m_frames.clear();
    m_index = 0;
    m_view->setBadge({});
    m_view->setFrame({});
    if (!placeholder.isEmpty())
        m_view->setPlaceholder(placeholder);
    updateControls();
}

bool PreviewPanel::isPlaying() const { return m_timer->isActive(); }
int PreviewPanel::playbackFps() const { return m_fps->value(); }
void PreviewPanel::setPlaybackFps(int fps) { m_fps->setValue(fps); }
const QImage& PreviewPanel::shownFrame() const { return m_view->frame(); }

void PreviewPanel::togglePlay() { isPlaying() ? pause() : play(); }

void PreviewPanel::play()
{
    if (m_frames.size() < 2)
        return;
    m_timer->start(1000 / std::max(1, m_fps->value()));
    m_playButton->setIcon(themedIcon(QStringLiteral("pause")));
}

void PreviewPanel::pause()
{
    m_timer->stop();
    m_playButton->setIcon(themedIcon(QStringLiteral("play")));
}

void PreviewPanel::stepFrame(int delta)
{
    if (m_frames.isEmpty())
        return;
    pause();
    const int n = m_frames.size();
    showFrame(((m_index + delta) % n + n) % n);
}

void PreviewPanel::showFrame(int index)
{
    if (index < 0 || index >= m_frames.size())
        return;
    m_index = index;
    m_view->setFrame(m_frames[index]);
    QSignalBlocker block(m_scrub);
    m_scrub->setValue(index);
    m_position->setText(tr("%1 / %2").arg(index + 1).arg(m_frames.size()));
}

void PreviewPanel::updateControls()
{
    const bool hasClip = !m_frames.isEmpty();
    for (QWidget* w : std::initializer_list<QWidget*>{m_playButton, m_prevButton, m_nextButton, m_scrub})
        w->setEnabled(hasClip);
    m_scrub->setRange(0, std::max(0, int(m_frames.size()) - 1));
    if (!hasClip)
        m_position->setText(QStringLiteral("–"));
}

} // namespace ui
} // namespace i2v
