#include "core/service/job_queue.h"

#include "core/base/log.h"
#include "core/base/paths.h"
#include "core/media/recipe.h"
#include "core/service/batch.h"
#include "core/service/queue_store.h"
#include "core/service/runner.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <set>

namespace i2v {
namespace {
constexpr std::int64_t kMaxSeed = 2147483647; // the window's seed field is a 32-bit spin box
constexpr int kMaxVariations = 100;
} // namespace

JobQueue::JobQueue(JobCallbacks callbacks, FamilyLookup families)
    : m_callbacks(std::move(callbacks)), m_families(std::move(families)),
      m_seedState(std::random_device{}() ^ static_cast<std::uint64_t>(
                                              std::chrono::steady_clock::now().time_since_epoch().count()))
{
    m_worker = std::thread([this] { workerLoop(); });
}

JobQueue::~JobQueue()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        if (m_running)
            m_running->cancel.cancel();
    }
    m_cv.notify_all();
    if (m_worker.joinable())
        m_worker.join();
    persist(/*finalSave=*/true); // a clean stop: the interrupted job is saved as plainly queued
}

std::string JobQueue::attachStore(const std::filesystem::path& file)
{
    auto store = std::make_unique<QueueStore>(file);
    std::vector<QueuedItem> items = store->load();
    std::string warning = store->warning();
    std::vector<std::shared_ptr<Job>> restored;
    bool crashed = false;
    int unreadable = 0;
    for (const QueuedItem& item : items) {
        auto job = std::make_shared<Job>();
        try {
            job->entry.request = recipeFromJson(item.recipeJson);
        } catch (const I2vError& e) {
            ++unreadable;
            logWarning("queue: item " + item.queueId + " skipped: " + e.what());
            continue;
        }
        job->entry.held = item.paused;
        job->entry.interrupted = item.running;
        crashed = crashed || item.running;
        job->recipe = item.recipeJson;
        restored.push_back(std::move(job));
    }
    if (unreadable > 0 && warning.empty()) {
        const std::filesystem::path backup = store->keepBackup();
        warning = std::to_string(unreadable) + " saved job(s) had settings this version cannot read and were skipped" +
                  (backup.empty() ? std::string(".") : "; the original file was kept as " + backup.string() + ".");
    }
    {
        std::lock_guard save(m_saveMutex);
        std::lock_guard lock(m_mutex);
        for (std::size_t i = 0; i < restored.size(); ++i)
            restored[i]->entry.id = m_nextId++;
        m_jobs.insert(m_jobs.begin(), restored.begin(), restored.end());
        // After a crash, hold everything until the user resumes: the job that was running may be what
        // brought the app down.
        m_paused = m_paused || store->queuePaused() || crashed;
        m_store = std::move(store);
    }
    if (crashed) {
        const std::string note = "I2V Studio did not close normally; the job that was running is back in the queue "
                                 "and the queue is paused.";
        warning = warning.empty() ? note : warning + " " + note;
    }
    persist();
    notifyChanged();
    m_cv.notify_all();
    return warning;
}

void JobQueue::keepPastedImage(GenerationRequest& request)
{
    if (!request.imagePath.empty() || request.image.empty())
        return;
    std::filesystem::path queueFile;
    {
        std::lock_guard save(m_saveMutex);
        if (!m_store)
            return; // not persistent: the pixels in memory are enough
        queueFile = m_store->file();
    }
    std::uint64_t next = 0;
    {
        std::lock_guard lock(m_mutex);
        next = m_nextId;
    }
    try {
        request.imagePath = storePastedImage(request.image, queueFile, next).string();
    } catch (const I2vError& e) {
        if (m_callbacks.storeError)
            m_callbacks.storeError(e.error()); // the job still runs from memory; only a restart would lose it
    }
}

std::uint64_t JobQueue::insertLocked(std::shared_ptr<Job> job, std::size_t index)
{
    job->entry.id = m_nextId++;
    job->entry.state = JobState::Queued;
    if (job->recipe.empty())
        job->recipe = recipeToJson(job->entry.request);
    index = std::min(index, m_jobs.size());
    m_jobs.insert(m_jobs.begin() + static_cast<std::ptrdiff_t>(index), job);
    return job->entry.id;
}

std::uint64_t JobQueue::submit(GenerationRequest request)
{
    keepPastedImage(request);
    auto job = std::make_shared<Job>();
    if (!request.image.empty())
        job->pixels = std::make_shared<const Image>(std::move(request.image));
    request.image = Image();
    job->entry.request = std::move(request);
    std::uint64_t id = 0;
    {
        std::lock_guard lock(m_mutex);
        id = insertLocked(std::move(job), m_jobs.size());
    }
    persist();
    notifyChanged();
    m_cv.notify_all();
    return id;
}

void JobQueue::cancel(std::uint64_t jobId)
{
    std::shared_ptr<Job> cancelled;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& job : m_jobs) {
            if (job->entry.id != jobId)
                continue;
            if (job == m_running) {
                job->cancel.cancel(); // reported when the worker stops at the next step boundary
            } else if (job->entry.state == JobState::Queued) {
                job->entry.state = JobState::Cancelled;
                job->entry.error = {ErrorCode::Cancelled, "cancelled before it started"};
                cancelled = job;
            }
        }
    }
    if (!cancelled)
        return;
    persist();
    JobOutcome outcome;
    outcome.state = JobState::Cancelled;
    outcome.error = cancelled->entry.error;
    if (m_callbacks.finished)
        m_callbacks.finished(jobId, outcome);
    notifyChanged();
    m_idleCv.notify_all();
}

void JobQueue::cancelAll()
{
    std::vector<std::uint64_t> ids;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& job : m_jobs)
            if (job->entry.state == JobState::Queued || job == m_running)
                ids.push_back(job->entry.id);
    }
    for (std::uint64_t id : ids)
        cancel(id);
}

bool JobQueue::remove(std::uint64_t jobId)
{
    {
        std::lock_guard lock(m_mutex);
        const auto it = std::find_if(m_jobs.begin(), m_jobs.end(), [&](const auto& j) { return j->entry.id == jobId; });
        if (it == m_jobs.end())
            return false;
        if (*it == m_running) {
            (*it)->removeWhenDone = true;
            (*it)->cancel.cancel();
        } else {
            m_jobs.erase(it);
        }
    }
    persist();
    notifyChanged();
    m_idleCv.notify_all();
    return true;
}

bool JobQueue::move(std::uint64_t jobId, std::size_t index)
{
    {
        std::lock_guard lock(m_mutex);
        const auto it = std::find_if(m_jobs.begin(), m_jobs.end(), [&](const auto& j) { return j->entry.id == jobId; });
        if (it == m_jobs.end())
            return false;
        std::shared_ptr<Job> job = *it;
        m_jobs.erase(it);
        index = std::min(index, m_jobs.size());
        m_jobs.insert(m_jobs.begin() + static_cast<std::ptrdiff_t>(index), std::move(job));
    }
    persist();
    notifyChanged();
    return true;
}

bool JobQueue::setHeld(std::uint64_t jobId, bool held)
{
    {
        std::lock_guard lock(m_mutex);
        const auto it = std::find_if(m_jobs.begin(), m_jobs.end(), [&](const auto& j) { return j->entry.id == jobId; });
        if (it == m_jobs.end() || (*it)->entry.state != JobState::Queued || *it == m_running)
            return false;
        (*it)->entry.held = held;
    }
    persist();
    notifyChanged();
    m_cv.notify_all();
    m_idleCv.notify_all();
    return true;
}

void JobQueue::setPaused(bool paused)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_paused == paused)
            return;
        m_paused = paused;
    }
    persist();
    notifyChanged();
    m_cv.notify_all();
    m_idleCv.notify_all();
}

bool JobQueue::paused() const
{
    std::lock_guard lock(m_mutex);
    return m_paused;
}

std::int64_t JobQueue::freshSeedLocked()
{
    // splitmix64: cheap, well mixed, no shared global state.
    std::uint64_t z = (m_seedState += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return static_cast<std::int64_t>((z ^ (z >> 31)) % static_cast<std::uint64_t>(kMaxSeed));
}

std::shared_ptr<JobQueue::Job> JobQueue::copyWithSeedLocked(const Job& from, std::int64_t seed)
{
    auto job = std::make_shared<Job>();
    job->entry.request = from.entry.request;
    job->entry.request.seed = seed;
    job->entry.request.imageNoiseSeed.reset();
    job->entry.request.output.path.clear(); // a new clip: auto-named when it runs, never clashing
    job->pixels = from.pixels;
    return job;
}

std::uint64_t JobQueue::duplicateWithNewSeed(std::uint64_t jobId)
{
    const std::vector<std::uint64_t> ids = addVariations(jobId, 1);
    return ids.empty() ? 0 : ids.front();
}

std::vector<std::uint64_t> JobQueue::addVariations(std::uint64_t jobId, int count)
{
    std::vector<std::uint64_t> ids;
    count = std::clamp(count, 1, kMaxVariations);
    {
        std::lock_guard lock(m_mutex);
        const auto it = std::find_if(m_jobs.begin(), m_jobs.end(), [&](const auto& j) { return j->entry.id == jobId; });
        if (it == m_jobs.end())
            return ids;
        const std::shared_ptr<Job> source = *it;
        std::size_t index = static_cast<std::size_t>(it - m_jobs.begin()) + 1;
        std::set<std::int64_t> used{source->entry.request.seed};
        while (static_cast<int>(ids.size()) < count) {
            const std::int64_t seed = freshSeedLocked();
            if (!used.insert(seed).second)
                continue;
            ids.push_back(insertLocked(copyWithSeedLocked(*source, seed), index++));
        }
    }
    persist();
    notifyChanged();
    m_cv.notify_all();
    return ids;
}

std::size_t JobQueue::clearFinished()
{
    std::size_t n = 0;
    {
        std::lock_guard lock(m_mutex);
        n = static_cast<std::size_t>(std::erase_if(m_jobs, [&](const auto& j) {
            const JobState s = j->entry.state;
            return j != m_running && (s == JobState::Done || s == JobState::Failed || s == JobState::Cancelled);
        }));
    }
    if (n > 0)
        notifyChanged();
    return n;
}

std::vector<QueueEntry> JobQueue::snapshot() const
{
    std::lock_guard lock(m_mutex);
    std::vector<QueueEntry> rows;
    rows.reserve(m_jobs.size());
    for (const auto& job : m_jobs)
        rows.push_back(job->entry);
    return rows;
}

std::optional<QueueEntry> JobQueue::entry(std::uint64_t jobId) const
{
    std::lock_guard lock(m_mutex);
    for (const auto& job : m_jobs)
        if (job->entry.id == jobId)
            return job->entry;
    return std::nullopt;
}

std::size_t JobQueue::pending() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<std::size_t>(std::count_if(m_jobs.begin(), m_jobs.end(), [](const auto& j) {
        return j->entry.state == JobState::Queued || j->entry.state == JobState::Running;
    }));
}

std::size_t JobQueue::exportJsonl(const std::filesystem::path& file) const
{
    std::vector<std::string> recipes;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& job : m_jobs)
            if (job->entry.state == JobState::Queued || job->entry.state == JobState::Running)
                recipes.push_back(job->recipe);
    }
    writeRecipeLines(file, recipes);
    return recipes.size();
}

QueueImport JobQueue::importJsonl(const std::filesystem::path& file, const std::string& outputDir)
{
    QueueImport report;
    for (GenerationRequest& request : importBatchJobs(file, outputDir, report.failures)) {
        auto job = std::make_shared<Job>();
        job->entry.request = std::move(request);
        std::lock_guard lock(m_mutex);
        report.ids.push_back(insertLocked(std::move(job), m_jobs.size()));
    }
    if (!report.ids.empty()) {
        persist();
        notifyChanged();
        m_cv.notify_all();
    }
    return report;
}

} // namespace i2v
