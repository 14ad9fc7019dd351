#pragma once
// Downloads that outlive the window that started them: one worker thread per repository being pulled,
// with pause (stop, keep the partial file), resume (pull again: it continues from the bytes on disk) and
// cancel (stop, delete the partial file). The window reads snapshot() (thread-safe) on a timer; nothing
// here touches Qt. Destroying the manager pauses every download and joins the threads.

#include "core/base/cancel.h"
#include "core/base/error.h"
#include "core/hub/downloader.h"
#include "core/service/model_downloads.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace i2v {

enum class DownloadState { Running, Pausing, Paused, Cancelling, Cancelled, Failed, Done };

struct DownloadStatus {
    std::string repoId;
    std::string variant;
    DownloadState state = DownloadState::Running;
    hub::PullProgress progress;  // the last event
    Error error;                 // when Failed
    std::string snapshot;        // when Done
    std::uint64_t generation = 0; // bumps on every change (cheap "did anything change?" for pollers)
};

class ModelDownloadManager {
public:
    // `pull` is the function that downloads (default: pullModel); tests pass one against a fake Hub.
    using PullFunction =
        std::function<hub::PullResult(const ModelPullRequest&, const hub::PullObserver&, const CancelToken&)>;
    explicit ModelDownloadManager(PullFunction pull = {});
    ~ModelDownloadManager();
    ModelDownloadManager(const ModelDownloadManager&) = delete;
    ModelDownloadManager& operator=(const ModelDownloadManager&) = delete;

    // Starts (or resumes) pulling `request.spec`'s repository. Returns false when it is already running.
    bool start(const ModelPullRequest& request);
    void pause(const std::string& repoId);  // keeps the partial file
    void cancel(const std::string& repoId); // deletes the partial file of the file in progress
    // Forgets a finished/failed/paused entry (not a running one).
    void forget(const std::string& repoId);

    std::vector<DownloadStatus> snapshot() const;
    std::uint64_t generation() const;
    bool anyRunning() const;

private:
    struct Job;
    void run(const std::shared_ptr<Job>& job, ModelPullRequest request);

    PullFunction m_pull;
    mutable std::mutex m_mutex;
    std::map<std::string, std::shared_ptr<Job>> m_jobs;
    std::uint64_t m_generation = 0;
};

} // namespace i2v
