#pragma once
// JobController: the single bridge between the service's worker thread and the widgets. It owns the
// JobQueue; the queue's callbacks run on the worker thread and are re-posted to the GUI thread with
// queued invocations (QMetaObject::invokeMethod). Progress and preview frames are coalesced: while one
// update is waiting for the GUI thread, newer ones replace it (the newest wins), so a slow GUI never
// builds a backlog. Started/finished are never dropped. Signals are emitted on the GUI thread only.
// The queue itself (order, hold, pause, duplicates, persistence) is edited through queue(); views read it
// through QueueModel, which refreshes on queueChanged().

#include "core/base/progress.h"
#include "core/request/generation_request.h"
#include "core/service/job_queue.h"

#include <QImage>
#include <QObject>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

namespace i2v {
namespace ui {

class JobController : public QObject {
    Q_OBJECT
public:
    explicit JobController(QObject* parent = nullptr);
    ~JobController() override; // cancels work and joins the worker before any member goes away

    quint64 submit(GenerationRequest request);
    void cancel(quint64 jobId);
    void cancelAll();
    int pending() const; // queued (held included) + running
    // The one queue. Its methods are thread-safe; call them from the GUI thread.
    JobQueue& queue() { return *m_queue; }
    const JobQueue& queue() const { return *m_queue; }
    // Restores the saved queue from `file` and saves every change there (JobQueue::attachStore).
    // Returns the warning to show the user, empty when all went well.
    QString attachStore(const QString& file);

signals:
    void jobStarted(quint64 jobId);
    // `event.preview` is always null here; previews arrive through previewFrame().
    void jobProgress(quint64 jobId, const i2v::ProgressEvent& event);
    void previewFrame(quint64 jobId, const QImage& frame);
    void jobFinished(quint64 jobId, std::shared_ptr<const i2v::JobOutcome> outcome);
    // The queue's list changed (coalesced: one signal for a burst of changes).
    void queueChanged();
    // Saving the queue file failed; the queue in memory is intact.
    void queueSaveFailed(const i2v::Error& error);

private:
    // Worker-thread side.
    void onWorkerProgress(std::uint64_t jobId, const ProgressEvent& event);
    // GUI-thread side.
    void deliverProgress();

    struct Pending {
        std::optional<std::pair<quint64, ProgressEvent>> progress;
        std::optional<std::pair<quint64, QImage>> preview;
        bool posted = false;
    };
    std::mutex m_mutex;
    Pending m_pending;
    std::atomic<bool> m_changePosted{false};
    std::unique_ptr<JobQueue> m_queue; // last member: destroyed first, joining the worker
};

} // namespace ui
} // namespace i2v
