#pragma once
// What is in the Hub cache (any model repository, downloaded by this app, huggingface_hub or another tool):
// each snapshot with its size and state, a full re-hash of a snapshot (`i2v models verify`), and removal.
// Which blobs have been hashed is remembered in a small record (path, size, mtime), so `list` can say
// "verified" without reading tens of GB.

#include "core/base/cancel.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace i2v::hub {

// Blobs whose hash matched their name, keyed by absolute path, valid while size and mtime are unchanged.
// Stored as JSON (default file: <user data>/hub_verified.json). A damaged file counts as empty.
class VerifiedBlobs {
public:
    explicit VerifiedBlobs(std::filesystem::path file);
    static std::filesystem::path defaultFile(); // userDataDir() / "hub_verified.json"
    bool isVerified(const std::filesystem::path& blob) const;
    void markVerified(const std::filesystem::path& blob);
    void forget(const std::filesystem::path& blob);
    // Writes the record atomically (read again and merged first, so two processes lose nothing but a race).
    void save() const;

private:
    struct Stamp {
        std::int64_t size = 0;
        std::int64_t mtimeNs = 0;
    };
    static std::optional<Stamp> stampOf(const std::filesystem::path& blob);
    std::filesystem::path m_file;
    std::map<std::string, Stamp> m_entries;
    std::map<std::string, bool> m_removed;
};

enum class InstallState {
    Complete,   // every file of the snapshot is there
    Incomplete, // links whose blob is missing, or (commit "") a download that has not finished yet: no
                // snapshot, only blobs and partial files (pull again to resume)
};

struct InstalledModel {
    std::string repoId;
    std::string commit;                // snapshot folder name
    std::vector<std::string> refs;     // revisions pointing to it ("main", ...)
    std::filesystem::path snapshot;
    int files = 0;
    int missingFiles = 0;
    std::int64_t bytes = 0;            // sizes of the files present
    std::int64_t partialBytes = 0;     // bytes in blobs/*.incomplete of this repository (shared by snapshots)
    InstallState state = InstallState::Complete;
    bool verified = false;             // every file's blob is in the VerifiedBlobs record
};

// Every snapshot of every models--ORG--NAME in `cache`, sorted by repo id then commit; a repository with
// partial files (blobs/*.incomplete) but no snapshot is one Incomplete entry with an empty commit.
std::vector<InstalledModel> listInstalled(const std::filesystem::path& cache, const VerifiedBlobs& record);

struct VerifyProblem {
    std::string path;   // file inside the snapshot
    std::string detail; // "missing", "hash mismatch (expected ..., got ...)", ...
};

struct VerifyReport {
    std::string repoId, commit;
    int filesChecked = 0;     // hashed against their blob name
    int filesUnverifiable = 0; // real files (not links into blobs/) or blobs not named by a hash
    std::int64_t bytesHashed = 0;
    double seconds = 0;
    std::vector<VerifyProblem> problems;
};

// Re-hashes every file of each snapshot of `repoId` (all snapshots) and records the good blobs in
// `record` (saved). `onFile(path, index, count)` is called before each file. Throws ModelNotFound when the
// repository is not in the cache, Cancelled through `cancel`.
std::vector<VerifyReport> verifyInstalled(const std::filesystem::path& cache, const std::string& repoId,
                                          VerifiedBlobs& record,
                                          const std::function<void(const std::string&, int, int)>& onFile = {},
                                          const CancelToken& cancel = {});

// Deletes models--ORG--NAME (every snapshot, blob and partial download) and its lock folder. Returns the
// bytes freed. Throws ModelNotFound when absent, OutputUnwritable when it cannot delete.
std::int64_t removeInstalled(const std::filesystem::path& cache, const std::string& repoId);

} // namespace i2v::hub
