#pragma once
// The job queue: ONE worker thread owns all engine work (torch is only ever touched there). The queue is
// an ordered list the user edits (add, move, remove, hold, pause, duplicate with a new seed, N
// variations); the worker always takes the first Queued item that is not held, unless the whole queue is
// paused (the running job then finishes, no new one starts). Finished items stay in the list (Done,
// Failed, Cancelled) until removed or cleared, so a view can show them.
//
// Persistence (attachStore): the unfinished items (Queued and Running) are written atomically to a
// JSON Lines file (core/service/queue_store.h) on every change, so closing the app or a crash loses
// nothing. On restore a job that was running goes back to Queued (its output never exists: outputs are
// written atomically); after a crash the queue comes back paused, so a job that crashed the app cannot
// crash it again on every start.
//
// Callbacks are invoked on the worker thread (started, progress, finished) or on the thread that made
// the change (changed, storeError), never with the queue's lock held: the UI's JobController re-posts
// them to the GUI thread.

#include "core/base/cancel.h"
#include "core/base/error.h"
#include "core/base/progress.h"
#include "core/request/generation_request.h"
#include "core/service/job_types.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace i2v {

// One row of the queue as a view sees it (no pixels: request.image is always empty here).
struct QueueEntry {
    std::uint64_t id = 0;
    JobState state = JobState::Queued;
    bool held = false;        // per-item hold: the worker skips it until released (Queued items only)
    bool interrupted = false; // restored after the app stopped while this job was running
    GenerationRequest request;
    ProgressEvent progress;   // latest event of a running job (preview dropped); stage Queued otherwise
    Error error;              // when Failed
    std::string output;       // first written file when Done
};

class QueueStore;

struct JobCallbacks {
    std::function<void(std::uint64_t jobId)> started;
    std::function<void(std::uint64_t jobId, const ProgressEvent&)> progress;
    std::function<void(std::uint64_t jobId, const JobOutcome&)> finished;
    // The list changed (items, order, states, progress, paused). Cheap; coalesce on the receiving side.
    std::function<void()> changed;
    // Saving the queue file failed (the in-memory queue is intact; the next change tries again).
    std::function<void(const Error&)> storeError;
};

struct QueueImport {
    std::vector<std::uint64_t> ids;    // added, in file order
    std::vector<std::string> failures; // "line 3: recipe key \"width\": ..." for lines not added
};

class JobQueue {
public:
    explicit JobQueue(JobCallbacks callbacks, FamilyLookup families = {});
    // Stops the worker (the running job is cancelled and, in the saved file, goes back to Queued) and
    // saves the queue one last time. Queued items stay in the file.
    ~JobQueue();

    // Loads the saved queue from `file` (items go before anything already queued) and from then on saves
    // every change there. Pasted images (no imagePath) are stored as PNG in "<file's folder>/queue-inputs".
    // Returns a warning for the user (damaged lines skipped and the file kept as a backup, or a crash
    // detected); empty when all went well. Call once, before or after submitting.
    std::string attachStore(const std::filesystem::path& file);

    // Appends a request; returns its id. The request is validated when it runs (errors arrive as Failed).
    std::uint64_t submit(GenerationRequest request);
    // Cancels a queued or running job (running: stops at the next step boundary; queued: Cancelled now).
    void cancel(std::uint64_t jobId);
    void cancelAll(); // every queued job and the running one
    // Removes an item. A running item is cancelled and disappears when it stops. false if unknown.
    bool remove(std::uint64_t jobId);
    // Moves an item to `index` (0 = first; clamped to the list). false if unknown.
    bool move(std::uint64_t jobId, std::size_t index);
    // Holds or releases a Queued item. false if unknown or not Queued.
    bool setHeld(std::uint64_t jobId, bool held);
    // Pauses the whole queue: the running job finishes, no new job starts until resumed.
    void setPaused(bool paused);
    bool paused() const;
    // A copy of the item with a fresh random seed and an automatic output name, placed right after it.
    // Returns the new id, 0 if unknown.
    std::uint64_t duplicateWithNewSeed(std::uint64_t jobId);
    // `count` copies (1..100) with distinct fresh seeds (none equal to the item's), right after it.
    std::vector<std::uint64_t> addVariations(std::uint64_t jobId, int count);
    // Drops Done, Failed and Cancelled items from the list; returns how many.
    std::size_t clearFinished();

    std::vector<QueueEntry> snapshot() const;
    std::optional<QueueEntry> entry(std::uint64_t jobId) const;
    std::size_t pending() const; // queued (held included) + running

    // Writes the unfinished items, in order, as `i2v batch` input (one recipe JSON per line, no queue
    // keys). Never overwrites (OutputExists); other write failures as writeFileAtomic. Returns the count.
    std::size_t exportJsonl(const std::filesystem::path& file) const;
    // Appends every valid line of an `i2v batch` file (relative image paths resolved against the file's
    // folder). Output paths in lines are dropped: outputs are auto-named in `outputDir` when it is given,
    // else in the line's own output_dir. Throws I2vError when the file cannot be read.
    QueueImport importJsonl(const std::filesystem::path& file, const std::string& outputDir);

    // Blocks until nothing runs and nothing can start (queue empty, all held, or paused). CLI and tests.
    void waitIdle();

    // The loaded model stays resident between jobs. unloadModel() frees it (and its GPU memory) on the
    // worker thread as soon as no job runs; setIdleUnload() does the same after `idle` without a job
    // (0 = never). Both take effect on the worker, which owns every torch call.
    void unloadModel();
    void setIdleUnload(std::chrono::milliseconds idle);

private:
    struct Job {
        QueueEntry entry;                    // request without pixels
        std::shared_ptr<const Image> pixels; // the image when it came in memory; else loaded from its path
        std::string recipe;                  // recipeToJson(entry.request), cached for saving and export
        CancelToken cancel;
        bool removeWhenDone = false;
    };
    void workerLoop();
    std::shared_ptr<Job> nextRunnableLocked() const;
    std::uint64_t insertLocked(std::shared_ptr<Job> job, std::size_t index);
    std::shared_ptr<Job> copyWithSeedLocked(const Job& from, std::int64_t seed);
    std::int64_t freshSeedLocked();
    void keepPastedImage(GenerationRequest& request);
    void persist(bool finalSave = false);
    void notifyChanged();

    JobCallbacks m_callbacks;
    FamilyLookup m_families;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::condition_variable m_idleCv;
    std::vector<std::shared_ptr<Job>> m_jobs; // the list, in order
    std::shared_ptr<Job> m_running;
    std::uint64_t m_nextId = 1;
    std::uint64_t m_seedState;
    bool m_paused = false;
    bool m_stopping = false;
    bool m_unloadRequested = false;
    std::chrono::milliseconds m_idleUnload{0};
    std::uint64_t m_idleGeneration = 0; // bumped by setIdleUnload: the worker restarts its idle wait
    std::mutex m_saveMutex; // taken before m_mutex, never inside it
    std::unique_ptr<QueueStore> m_store;
    std::thread m_worker;
};

} // namespace i2v
