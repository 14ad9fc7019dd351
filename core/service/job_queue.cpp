#include "core/service/job_queue.h"

#include "core/service/runner.h"

#include <algorithm>

namespace i2v {

const char* jobStateName(JobState s)
{
    switch (s) {
    case JobState::Queued: return "queued";
    case JobState::Running: return "running";
    case JobState::Done: return "done";
    case JobState::Failed: return "failed";
    case JobState::Cancelled: return "cancelled";
    }
    return "unknown";
}

struct JobQueue::Job {
    std::uint64_t id = 0;
    GenerationRequest request;
    CancelToken cancel;
};

JobQueue::JobQueue(JobCallbacks callbacks, FamilyLookup families)
    : m_callbacks(std::move(callbacks)), m_families(std::move(families))
{
    m_worker = std::thread([this] { workerLoop(); });
}

JobQueue::~JobQueue()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_queue.clear();
        if (m_running)
            m_running->cancel.cancel();
    }
    m_cv.notify_all();
    if (m_worker.joinable())
        m_worker.join();
}

std::uint64_t JobQueue::submit(GenerationRequest request)
{
    auto job = std::make_shared<Job>();
    job->request = std::move(request);
    std::uint64_t id = 0;
    {
        std::lock_guard lock(m_mutex);
        id = job->id = m_nextId++;
        m_queue.push_back(std::move(job));
    }
    m_cv.notify_all();
    return id;
}

void JobQueue::cancel(std::uint64_t jobId)
{
    std::lock_guard lock(m_mutex);
    if (m_running && m_running->id == jobId)
        m_running->cancel.cancel();
    for (const auto& job : m_queue)
        if (job->id == jobId)
            job->cancel.cancel(); // reported as Cancelled, without running, when its turn comes
}

void JobQueue::cancelAll()
{
    std::lock_guard lock(m_mutex);
    if (m_running)
        m_running->cancel.cancel();
    for (const auto& job : m_queue)
        job->cancel.cancel();
}

std::size_t JobQueue::pending() const
{
    std::lock_guard lock(m_mutex);
    return m_queue.size() + (m_running ? 1 : 0);
}

void JobQueue::waitIdle()
{
    std::unique_lock lock(m_mutex);
    m_idleCv.wait(lock, [this] { return m_queue.empty() && !m_running; });
}

void JobQueue::workerLoop()
{
    for (;;) {
        std::shared_ptr<Job> job;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_stopping)
                break;
            job = m_queue.front();
            m_queue.pop_front();
            m_running = job;
        }
        JobOutcome outcome;
        if (job->cancel.isCancelled()) {
            outcome.state = JobState::Cancelled;
            outcome.error = {ErrorCode::Cancelled, "cancelled before it started"};
        } else {
            if (m_callbacks.started)
                m_callbacks.started(job->id);
            const std::uint64_t id = job->id;
            const ProgressObserver observer = [this, id](const ProgressEvent& e) {
                if (m_callbacks.progress)
                    m_callbacks.progress(id, e);
            };
            outcome = runJob(job->request, observer, job->cancel, m_families);
        }
        if (m_callbacks.finished)
            m_callbacks.finished(job->id, outcome);
        {
            std::lock_guard lock(m_mutex);
            m_running.reset();
        }
        m_idleCv.notify_all();
    }
    // Wake waitIdle() callers when stopping with work dropped.
    {
        std::lock_guard lock(m_mutex);
        m_running.reset();
    }
    m_idleCv.notify_all();
}

} // namespace i2v
