#pragma once
// JobController: the single bridge between the service's worker thread and the widgets. It owns the
// JobQueue; the queue's callbacks run on the worker thread and are re-posted to the GUI thread with
// queued invocations (QMetaObject::invokeMethod). Progress and preview frames are coalesced: while one
// update is waiting for the GUI thread, newer ones replace it (the newest wins), so a slow GUI never
// builds a backlog. Started/finished are never dropped. Signals are emitted on the GUI thread only.

#include "core/base/progress.h"
#include "core/engine/api/generation.h"
#include "core/service/job_queue.h"

#include <QImage>
#include <QObject>

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
    int pending() const; // queued + running

signals:
    void jobStarted(quint64 jobId);
    // `event.preview` is always null here; previews arrive through previewFrame().
    void jobProgress(quint64 jobId, const i2v::ProgressEvent& event);
    void previewFrame(quint64 jobId, const QImage& frame);
    void jobFinished(quint64 jobId, std::shared_ptr<const i2v::JobOutcome> outcome);

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
    std::unique_ptr<JobQueue> m_queue; // last member: destroyed first, joining the worker
};

} // namespace ui
} // namespace i2v
