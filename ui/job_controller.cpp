#include "ui/job_controller.h"

#include "ui/image_convert.h"

#include <QMetaObject>

namespace i2v {
namespace ui {
namespace {
constexpr int kMaxPreviewSide = 768; // live previews are shown at most this large
}

JobController::JobController(QObject* parent) : QObject(parent)
{
    JobCallbacks callbacks;
    callbacks.started = [this](std::uint64_t id) {
        QMetaObject::invokeMethod(this, [this, id] { emit jobStarted(id); }, Qt::QueuedConnection);
    };
    callbacks.progress = [this](std::uint64_t id, const ProgressEvent& event) { onWorkerProgress(id, event); };
    callbacks.finished = [this](std::uint64_t id, const JobOutcome& outcome) {
        auto shared = std::make_shared<const JobOutcome>(outcome);
        QMetaObject::invokeMethod(
            this,
            [this, id, shared] {
                deliverProgress(); // flush the last coalesced update so it never arrives after "finished"
                emit jobFinished(id, shared);
            },
            Qt::QueuedConnection);
    };
    callbacks.changed = [this] {
        if (m_changePosted.exchange(true))
            return; // one refresh already on its way reads the newest state
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_changePosted = false;
                emit queueChanged();
            },
            Qt::QueuedConnection);
    };
    callbacks.storeError = [this](const Error& error) {
        QMetaObject::invokeMethod(this, [this, error] { emit queueSaveFailed(error); }, Qt::QueuedConnection);
    };
    m_queue = std::make_unique<JobQueue>(std::move(callbacks));
}

JobController::~JobController()
{
    m_queue.reset(); // cancels, joins; queued lambdas die with `this` (context object)
}

quint64 JobController::submit(GenerationRequest request) { return m_queue->submit(std::move(request)); }
void JobController::cancel(quint64 jobId) { m_queue->cancel(jobId); }
void JobController::cancelAll() { m_queue->cancelAll(); }
int JobController::pending() const { return static_cast<int>(m_queue->pending()); }

QString JobController::attachStore(const QString& file)
{
    return QString::fromStdString(m_queue->attachStore(file.toStdString()));
}

void JobController::onWorkerProgress(std::uint64_t jobId, const ProgressEvent& event)
{
    // Convert the preview here, on the worker thread, so the GUI thread only paints.
    // Scaled down here too: a live preview never needs more than kMaxPreviewSide pixels.
    QImage preview;
    if (event.preview && !event.preview->empty()) {
        preview = toQImage(*event.preview);
        if (std::max(preview.width(), preview.height()) > kMaxPreviewSide)
            preview = preview.scaled(kMaxPreviewSide, kMaxPreviewSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    }
    ProgressEvent light = event;
    light.preview.reset();

    bool post = false;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_pending.progress = std::make_pair(quint64(jobId), std::move(light));
        if (!preview.isNull())
            m_pending.preview = std::make_pair(quint64(jobId), std::move(preview));
        if (!m_pending.posted) {
            m_pending.posted = true;
            post = true;
        }
    }
    if (post)
        QMetaObject::invokeMethod(this, [this] { deliverProgress(); }, Qt::QueuedConnection);
}

void JobController::deliverProgress()
{
    Pending taken;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        taken = std::move(m_pending);
        m_pending = Pending{};
    }
    if (taken.preview)
        emit previewFrame(taken.preview->first, taken.preview->second);
    if (taken.progress)
        emit jobProgress(taken.progress->first, taken.progress->second);
}

} // namespace ui
} // namespace i2v
