#include "core/service/model_download_manager.h"

#include "core/hub/repo_id.h"
#include "core/service/error_report.h"

namespace i2v {

struct ModelDownloadManager::Job {
    DownloadStatus status;
    CancelToken cancel;
    bool discardPartial = false;
    std::thread thread;
};

ModelDownloadManager::ModelDownloadManager(PullFunction pull) : m_pull(pull ? std::move(pull) : PullFunction(pullModel))
{
}

ModelDownloadManager::~ModelDownloadManager()
{
    std::vector<std::shared_ptr<Job>> jobs;
    {
        std::lock_guard lock(m_mutex);
        for (auto& [id, job] : m_jobs) {
            job->cancel.cancel(); // pause: the partial file stays for the next start
            jobs.push_back(job);
        }
    }
    for (auto& job : jobs)
        if (job->thread.joinable())
            job->thread.join();
}

bool ModelDownloadManager::start(const ModelPullRequest& request)
{
    const std::string repoId = hub::parseRepoRef(request.spec).repoId;
    std::shared_ptr<Job> old;
    auto job = std::make_shared<Job>();
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_jobs.find(repoId);
        if (it != m_jobs.end()) {
            const DownloadState s = it->second->status.state;
            if (s == DownloadState::Running || s == DownloadState::Pausing || s == DownloadState::Cancelling)
                return false;
            old = it->second;
        }
        job->status.repoId = repoId;
        job->status.variant = request.variant;
        job->status.generation = ++m_generation;
        m_jobs[repoId] = job;
    }
    if (old && old->thread.joinable())
        old->thread.join(); // finished already: returns at once
    ModelPullRequest r = request;
    job->thread = std::thread([this, job, r] { run(job, r); });
    return true;
}

void ModelDownloadManager::run(const std::shared_ptr<Job>& job, ModelPullRequest request)
{
    request.keepPartialOnCancel = true;
    DownloadState end = DownloadState::Done;
    Error error;
    std::string snapshot;
    try {
        {
            std::lock_guard lock(m_mutex);
            request.keepPartialOnCancel = !job->discardPartial;
        }
        const hub::PullResult r = m_pull(request, [&](const hub::PullProgress& p) {
            std::lock_guard lock(m_mutex);
            job->status.progress = p;
            job->status.generation = ++m_generation;
            if (job->discardPartial) // a cancel asked after the start: the observer runs often enough
                job->cancel.cancel();
        }, job->cancel);
        snapshot = r.snapshot.string();
    } catch (...) {
        error = errorFromCurrentException();
        end = error.code == ErrorCode::Cancelled ? DownloadState::Paused : DownloadState::Failed;
    }
    std::lock_guard lock(m_mutex);
    if (end == DownloadState::Paused && job->discardPartial) {
        end = DownloadState::Cancelled;
        // The downloader kept the partial file (pause semantics at the time it started): remove it now.
        try {
            const hub::HubSettings hub = hubSettings(request.endpoint);
            const auto blobs = hub::repoCacheDir(hub.cacheDir, job->status.repoId) / "blobs";
            std::error_code ec;
            for (const auto& e : std::filesystem::directory_iterator(blobs, ec))
                if (e.path().extension() == ".incomplete")
                    std::filesystem::remove(e.path(), ec);
        } catch (const I2vError&) {
        }
    }
    job->status.state = end;
    job->status.error = end == DownloadState::Failed ? error : Error{};
    job->status.snapshot = snapshot;
    job->status.generation = ++m_generation;
}

void ModelDownloadManager::pause(const std::string& repoId)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_jobs.find(repoId);
    if (it == m_jobs.end() || it->second->status.state != DownloadState::Running)
        return;
    it->second->status.state = DownloadState::Pausing;
    it->second->status.generation = ++m_generation;
    it->second->cancel.cancel();
}

void ModelDownloadManager::cancel(const std::string& repoId)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_jobs.find(repoId);
    if (it == m_jobs.end())
        return;
    Job& job = *it->second;
    if (job.status.state == DownloadState::Running || job.status.state == DownloadState::Pausing) {
        job.status.state = DownloadState::Cancelling;
        job.discardPartial = true;
        job.cancel.cancel();
    } else if (job.status.state == DownloadState::Paused || job.status.state == DownloadState::Failed) {
        job.status.state = DownloadState::Cancelled;
        std::error_code ec;
        try {
            const auto blobs = hub::repoCacheDir(hubSettings().cacheDir, job.status.repoId) / "blobs";
            for (const auto& e : std::filesystem::directory_iterator(blobs, ec))
                if (e.path().extension() == ".incomplete")
                    std::filesystem::remove(e.path(), ec);
        } catch (const I2vError&) {
        }
    }
    job.status.generation = ++m_generation;
}

void ModelDownloadManager::forget(const std::string& repoId)
{
    std::shared_ptr<Job> job;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_jobs.find(repoId);
        if (it == m_jobs.end())
            return;
        const DownloadState s = it->second->status.state;
        if (s == DownloadState::Running || s == DownloadState::Pausing || s == DownloadState::Cancelling)
            return;
        job = it->second;
        m_jobs.erase(it);
        ++m_generation;
    }
    if (job->thread.joinable())
        job->thread.join();
}

std::vector<DownloadStatus> ModelDownloadManager::snapshot() const
{
    std::lock_guard lock(m_mutex);
    std::vector<DownloadStatus> out;
    for (const auto& [id, job] : m_jobs)
        out.push_back(job->status);
    return out;
}

std::uint64_t ModelDownloadManager::generation() const
{
    std::lock_guard lock(m_mutex);
    return m_generation;
}

bool ModelDownloadManager::anyRunning() const
{
    std::lock_guard lock(m_mutex);
    for (const auto& [id, job] : m_jobs) {
        const DownloadState s = job->status.state;
        if (s == DownloadState::Running || s == DownloadState::Pausing || s == DownloadState::Cancelling)
            return true;
    }
    return false;
}

} // namespace i2v
