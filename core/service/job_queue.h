#pragma once
// The job queue: ONE worker thread owns all engine work (torch is only ever touched there). Jobs run in
// order; each produces progress events and ends Done, Failed or Cancelled. Callbacks are invoked on the
// worker thread: the UI's JobController re-posts them to the GUI thread.

#include "core/base/cancel.h"
#include "core/base/error.h"
#include "core/base/progress.h"
#include "core/engine/api/generation.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace i2v {

enum class JobState { Queued, Running, Done, Failed, Cancelled };
const char* jobStateName(JobState s);

struct JobOutcome {
    JobState state = JobState::Queued;
    Error error;                     // set when Failed
    std::vector<std::string> files;  // written outputs (video, sidecar, frames folder)
    GenerationResult result;         // frames kept for preview/export when Done
    double durationMs = 0;           // all attempts together
    std::int64_t peakMemoryBytes = 0;
    // What was actually run (image pixels dropped): the request as asked, or the smaller one the
    // out-of-memory retry used. recipeJson is the recipe written with the output (empty unless Done).
    GenerationRequest used;
    std::string recipeJson;
    bool retriedSmaller = false;     // true when `used` is the out-of-memory retry's smaller setting
    std::vector<std::string> log;    // notes for the job's log and history ("out of memory at ...")
};

class ModelFamily;
// Finds a family by id; empty = the registry (core/engine/api/registry.h). Tests inject fake families.
using FamilyLookup = std::function<const ModelFamily*(const std::string& familyId)>;

struct JobCallbacks {
    std::function<void(std::uint64_t jobId)> started;
    std::function<void(std::uint64_t jobId, const ProgressEvent&)> progress;
    std::function<void(std::uint64_t jobId, const JobOutcome&)> finished;
};

class JobQueue {
public:
    explicit JobQueue(JobCallbacks callbacks, FamilyLookup families = {});
    ~JobQueue(); // cancels the running job, drops queued ones, joins the worker

    // Queues a request; returns its id. The request is validated when it runs (errors arrive as Failed).
    std::uint64_t submit(GenerationRequest request);
    // Cancels a queued or running job (running: stops at the next step boundary).
    void cancel(std::uint64_t jobId);
    void cancelAll(); // every queued job and the running one
    std::size_t pending() const; // queued + running
    // Blocks until the queue is empty (CLI and tests).
    void waitIdle();

private:
    struct Job;
    void workerLoop();

    JobCallbacks m_callbacks;
    FamilyLookup m_families;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::condition_variable m_idleCv;
    std::deque<std::shared_ptr<Job>> m_queue;
    std::shared_ptr<Job> m_running;
    std::uint64_t m_nextId = 1;
    bool m_stopping = false;
    std::thread m_worker;
};

} // namespace i2v
