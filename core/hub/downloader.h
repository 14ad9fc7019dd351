#pragma once
// Downloads a model repository from a Hub-compatible endpoint into the shared Hugging Face cache, in the
// layout huggingface_hub 2.4 writes (file_download.py), so diffusers, ComfyUI and this app share one copy:
//   <cache>/models--ORG--NAME/blobs/<sha256 of LFS files | git blob id of small files>
//   <cache>/models--ORG--NAME/blobs/<name>.incomplete    bytes so far (resumed with HTTP Range, also after a
//                                                          restart or kill -9)
//   <cache>/models--ORG--NAME/snapshots/<commit>/<path>  relative symlinks into blobs/, made once every
//                                                          file is verified (a snapshot is never partial)
//   <cache>/models--ORG--NAME/refs/<revision>            the commit, when the revision is a branch or tag
//   <cache>/.locks/models--ORG--NAME/<name>.lock          flock() per blob, the same lock files
//                                                          huggingface_hub takes
// Every file's SHA-256 (LFS) or git blob hash is checked before the blob gets its final name (an atomic
// rename in the same folder), so no half or wrong file ever appears under a final name. Transient failures
// (connection refused or dropped, timeouts, HTTP 5xx/429/408) are retried with exponential back-off,
// resuming from the byte reached. No Qt; runs on the caller's thread.

#include "core/base/cancel.h"
#include "core/hub/hub_api.h"

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace i2v::hub {

struct PullOptions {
    std::string repoId;
    std::string revision = "main";
    std::string variant;                    // "" or "fp16" (see selectFiles)
    std::vector<std::string> allowPatterns; // the catalogue entry's; empty = every wanted file of the repo
    std::int64_t maxBytesPerSecond = 0;     // bandwidth limit, 0 = none
    int maxRetries = 6;                     // consecutive failed attempts per file without progress
    std::chrono::milliseconds retryBaseDelay{1000}; // 1 s, 2 s, 4 s, ... capped at retryMaxDelay
    std::chrono::milliseconds retryMaxDelay{30000};
    long stallSeconds = 60;                 // a transfer under 1 byte/s this long is dropped and retried
    bool keepPartialOnCancel = true;        // true = pause (the .incomplete stays for a resume); false = cancel
    std::int64_t diskReserveBytes = std::int64_t{1} << 30; // free space to leave on top of the download

    // Seams for tests (empty = the real thing): free bytes of the cache's filesystem, and write(2).
    std::function<std::int64_t(const std::filesystem::path&)> freeSpace;
    std::function<ssize_t(int fd, const void* data, std::size_t size)> writeFn;
};

struct PullProgress {
    enum class Phase { Resolving, Downloading, Verifying, Done };
    Phase phase = Phase::Resolving;
    std::string file;               // repository path of the current file
    int fileIndex = 0;              // 1-based
    int fileCount = 0;
    std::int64_t fileDone = 0, fileTotal = 0;
    std::int64_t totalDone = 0, totalBytes = 0; // over every selected file (already present ones count done)
    double bytesPerSecond = 0;      // over the last few seconds
    double etaSeconds = -1;         // -1 = unknown
    std::string message;            // a note ("retrying in 2 s after: connection reset"), else ""
};
using PullObserver = std::function<void(const PullProgress&)>;

struct PullResult {
    std::string repoId, revision, commit;
    std::filesystem::path snapshot;  // <cache>/models--ORG--NAME/snapshots/<commit>
    int filesDownloaded = 0;         // fetched (fully or the rest of a partial file)
    int filesReused = 0;             // already in blobs/
    std::int64_t bytesDownloaded = 0; // received over the network this run
    std::int64_t totalBytes = 0;      // size of every selected file
    int retries = 0;
    double seconds = 0;
    std::vector<std::filesystem::path> verifiedBlobs; // blobs hashed and renamed by this run
};

class Downloader {
public:
    explicit Downloader(HubSettings hub);

    // GET {endpoint}/api/models/{repo}/revision/{rev}?blobs=true with the token, retried like downloads.
    RepoListing resolve(const std::string& repoId, const std::string& revision, const CancelToken& cancel = {},
                        const PullOptions& retry = {});

    // Resolves, selects the files, checks free space (what is still missing + diskReserveBytes), downloads
    // what is not in blobs/ yet, links the snapshot and writes refs/<revision>. Throws I2vError:
    // AccessDenied (401/403), ModelNotFound (404: repo, revision or file), NetworkFailed (after retries),
    // WeightsCorrupt (hash or size mismatch: that partial file is deleted), DiskFull (before starting, or
    // when a write fails: the bytes written so far stay in .incomplete), OutputUnwritable (cache not
    // writable), Cancelled (pause/cancel through `cancel`), ModelInvalid (no safetensors weights selected).
    PullResult pull(const PullOptions& options, const PullObserver& observer = {}, const CancelToken& cancel = {});

    const HubSettings& settings() const { return m_hub; }

private:
    HubSettings m_hub;
};

// Where a repository lives in the cache: <cache>/models--ORG--NAME.
std::filesystem::path repoCacheDir(const std::filesystem::path& cache, const std::string& repoId);

} // namespace i2v::hub
