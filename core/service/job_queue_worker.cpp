// JobQueue's worker loop and persistence (the list operations are in job_queue.cpp).
#include "core/service/job_queue.h"

#include "core/base/log.h"
#include "core/service/queue_store.h"
#include "core/service/runner.h"

#include <algorithm>

namespace i2v {

std::shared_ptr<JobQueue::Job> JobQueue::nextRunnableLocked() const
{
    if (m_paused)
        return nullptr;
    for (const auto& job : m_jobs)
        if (job->entry.state == JobState::Queued && !job->entry.held)
            return job;
    return nullptr;
}

void JobQueue::workerLoop()
{
    for (;;) {
        std::shared_ptr<Job> job;
        {
            std::unique_lock lock(m_mutex);
            // Sleeps until there is work (a job, an unload request, stopping); with an idle-unload time it
            // wakes up after that long without work to release a resident model, and a changed idle time
            // restarts the wait with the new value.
            for (;;) {
                const std::uint64_t idleGeneration = m_idleGeneration;
                const auto ready = [&] {
                    return m_stopping || m_unloadRequested || m_idleGeneration != idleGeneration ||
                           (job = nextRunnableLocked()) != nullptr;
                };
                if (m_idleUnload.count() > 0) {
                    if (!m_cv.wait_for(lock, m_idleUnload, ready)) {
                        const auto idle = m_idleUnload;
                        lock.unlock();
                        releasePipelineIfIdle(idle);
                        lock.lock();
                        continue;
                    }
                } else {
                    m_cv.wait(lock, ready);
                }
                if (m_stopping || m_unloadRequested || job)
                    break;
            }
            if (m_stopping)
                break;
            if (m_unloadRequested) {
                m_unloadRequested = false;
                lock.unlock();
                releasePipelineCache();
                notifyChanged();
                continue;
            }
            job->entry.state = JobState::Running;
            job->entry.interrupted = false;
            job->entry.progress = ProgressEvent{};
            job->entry.progress.stage = Stage::Loading;
            m_running = job;
        }
        persist(); // "running" on disk: if the app dies now, the next start knows which job it was
        notifyChanged();
        const std::uint64_t id = job->entry.id;
        if (m_callbacks.started)
            m_callbacks.started(id);
        GenerationRequest request;
        {
            std::lock_guard lock(m_mutex);
            request = job->entry.request;
        }
        if (job->pixels)
            request.image = *job->pixels;
        const ProgressObserver observer = [this, &job, id](const ProgressEvent& e) {
            {
                std::lock_guard lock(m_mutex);
                job->entry.progress = e;
                job->entry.progress.preview.reset();
            }
            if (m_callbacks.progress)
                m_callbacks.progress(id, e);
            notifyChanged();
        };
        const JobOutcome outcome = runJob(request, observer, job->cancel, m_families);
        bool stopping = false;
        {
            std::lock_guard lock(m_mutex);
            stopping = m_stopping;
            if (stopping && outcome.state == JobState::Cancelled) {
                // Interrupted by closing the app, not by the user: it stays in the queue for next time.
                job->entry.state = JobState::Queued;
                job->entry.progress = ProgressEvent{};
            } else {
                job->entry.state = outcome.state;
                job->entry.error = outcome.error;
                if (outcome.state == JobState::Done && !outcome.files.empty())
                    job->entry.output = outcome.files.front();
                if (!job->entry.request.imagePath.empty())
                    job->pixels.reset(); // a later duplicate reads the file again
            }
            if (job->removeWhenDone)
                std::erase(m_jobs, job);
            m_running.reset();
        }
        if (!stopping)
            persist();
        if (m_callbacks.finished)
            m_callbacks.finished(id, outcome);
        notifyChanged();
        m_idleCv.notify_all();
    }
    {
        std::lock_guard lock(m_mutex);
        m_running.reset();
    }
    m_idleCv.notify_all();
}

void JobQueue::unloadModel()
{
    {
        std::lock_guard lock(m_mutex);
        m_unloadRequested = true;
    }
    m_cv.notify_all();
}

void JobQueue::setIdleUnload(std::chrono::milliseconds idle)
{
    {
        std::lock_guard lock(m_mutex);
        m_idleUnload = std::max(idle, std::chrono::milliseconds{0});
        ++m_idleGeneration;
    }
    m_cv.notify_all();
}

void JobQueue::waitIdle()
{
    std::unique_lock lock(m_mutex);
    m_idleCv.wait(lock, [this] { return m_stopping || (!m_running && !nextRunnableLocked()); });
}

void JobQueue::persist(bool finalSave)
{
    std::lock_guard save(m_saveMutex);
    if (!m_store)
        return;
    std::vector<QueuedItem> items;
    bool paused = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping && !finalSave)
            return; // the destructor writes the final state once the worker has stopped
        for (const auto& job : m_jobs) {
            const JobState s = job->entry.state;
            if (s != JobState::Queued && s != JobState::Running)
                continue;
            items.push_back({std::to_string(job->entry.id), job->recipe, job->entry.held,
                             s == JobState::Running && !finalSave});
        }
        paused = m_paused;
    }
    try {
        m_store->save(items, paused);
    } catch (const I2vError& e) {
        logWarning(std::string("queue: could not save ") + m_store->file().string() + ": " + e.what());
        if (m_callbacks.storeError)
            m_callbacks.storeError(e.error());
    }
}

void JobQueue::notifyChanged()
{
    if (m_callbacks.changed)
        m_callbacks.changed();
}

} // namespace i2v
