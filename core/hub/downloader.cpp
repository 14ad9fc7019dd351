// Reference: huggingface_hub 2.4 file_download.py (hf_hub_download / _download_to_tmp_and_move /
// _create_symlink / _cache_commit_hash_for_specific_revision) and _snapshot_download.py. Deviations: the
// file list and hashes come from one ?blobs=true listing instead of a HEAD per file (same names: the
// X-Linked-Etag of an LFS file is its sha256, the ETag of a small file its git blob id), and every blob is
// hashed before its rename (huggingface_hub checks sizes only).

#include "core/hub/downloader.h"

#include "core/base/error.h"
#include "core/base/sha256.h"
#include "core/hub/blob_hash.h"
#include "core/hub/repo_id.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <optional>
#include <thread>

namespace i2v::hub {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string gb(std::int64_t bytes)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f GB", static_cast<double>(bytes) / 1e9);
    return buf;
}

class Fd {
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    void reset(int fd = -1)
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd;
};

// flock() on <cache>/.locks/models--ORG--NAME/<blob>.lock: waits while another process (this app or
// huggingface_hub) downloads the same blob, polling the cancel token.
class BlobLock {
public:
    BlobLock(const fs::path& lockFile, const CancelToken& cancel)
    {
        std::error_code ec;
        fs::create_directories(lockFile.parent_path(), ec);
        m_fd.reset(::open(lockFile.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
        if (m_fd.get() < 0)
            fail(ErrorCode::OutputUnwritable, lockFile.string() + ": cannot create the lock file: " + std::strerror(errno));
        while (::flock(m_fd.get(), LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK && errno != EINTR)
                fail(ErrorCode::OutputUnwritable, lockFile.string() + ": cannot lock: " + std::strerror(errno));
            cancel.throwIfCancelled();
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }

private:
    Fd m_fd;
};

void sleepCancellable(std::chrono::milliseconds delay, const CancelToken& cancel)
{
    const auto end = Clock::now() + delay;
    while (Clock::now() < end) {
        cancel.throwIfCancelled();
        std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(50), end - Clock::now()));
    }
    cancel.throwIfCancelled();
}

std::chrono::milliseconds backoff(const PullOptions& o, int attempt)
{
    auto d = o.retryBaseDelay;
    for (int i = 1; i < attempt && d < o.retryMaxDelay; ++i)
        d *= 2;
    return std::min(d, o.retryMaxDelay);
}

bool retryableStatus(long status)
{
    return status >= 500 || status == 429 || status == 408;
}

std::int64_t fileSize(const fs::path& p)
{
    std::error_code ec;
    const auto s = fs::file_size(p, ec);
    return ec ? -1 : static_cast<std::int64_t>(s);
}

// Rate over the last few seconds and the remaining time, for the progress events.
class RateMeter {
public:
    void add(std::int64_t total)
    {
        const auto now = Clock::now();
        m_samples.emplace_back(now, total);
        while (m_samples.size() > 2 && now - m_samples.front().first > std::chrono::seconds(3))
            m_samples.pop_front();
    }
    double bytesPerSecond() const
    {
        if (m_samples.size() < 2)
            return 0;
        const double dt = std::chrono::duration<double>(m_samples.back().first - m_samples.front().first).count();
        return dt > 0.05 ? static_cast<double>(m_samples.back().second - m_samples.front().second) / dt : 0;
    }

private:
    std::deque<std::pair<Clock::time_point, std::int64_t>> m_samples;
};

struct PullState {
    const PullOptions& options;
    const PullObserver& observer;
    const CancelToken& cancel;
    PullProgress progress;
    RateMeter rate;
    Clock::time_point lastEmit{};
    std::int64_t receivedThisRun = 0;
    int retries = 0;

    void emit(bool force = false)
    {
        const auto now = Clock::now();
        rate.add(progress.totalDone);
        if (!observer || (!force && now - lastEmit < std::chrono::milliseconds(100)))
            return;
        lastEmit = now;
        progress.bytesPerSecond = rate.bytesPerSecond();
        progress.etaSeconds = progress.bytesPerSecond > 0
                                  ? static_cast<double>(progress.totalBytes - progress.totalDone) / progress.bytesPerSecond
                                  : -1;
        observer(progress);
        progress.message.clear();
    }
};

std::int64_t freeBytes(const PullOptions& o, const fs::path& dir)
{
    if (o.freeSpace)
        return o.freeSpace(dir);
    std::error_code ec;
    const auto info = fs::space(dir, ec);
    return ec ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(info.available);
}

// Relative target from the link's folder to the blob, as huggingface_hub's _create_symlink writes it.
void linkIntoSnapshot(const fs::path& blob, const fs::path& link)
{
    std::error_code ec;
    fs::create_directories(link.parent_path(), ec);
    if (ec)
        fail(ErrorCode::OutputUnwritable, link.parent_path().string() + ": cannot create the folder: " + ec.message());
    const fs::path target = blob.lexically_relative(link.parent_path());
    if (fs::is_symlink(fs::symlink_status(link, ec)) && fs::read_symlink(link, ec) == target)
        return;
    const fs::path temp = link.parent_path() / ("." + link.filename().string() + ".link-" + std::to_string(::getpid()));
    fs::remove(temp, ec);
    fs::create_symlink(target, temp, ec);
    if (ec)
        fail(ErrorCode::OutputUnwritable, link.string() + ": cannot create the link: " + ec.message());
    fs::rename(temp, link, ec); // atomic replace of an older link
    if (ec) {
        fs::remove(temp, ec);
        fail(ErrorCode::OutputUnwritable, link.string() + ": cannot create the link: " + ec.message());
    }
}

void writeRef(const fs::path& repoDir, const std::string& revision, const std::string& commit)
{
    if (revision == commit)
        return;
    const fs::path ref = repoDir / "refs" / revision;
    std::error_code ec;
    fs::create_directories(ref.parent_path(), ec);
    {
        std::ifstream in(ref);
        std::string current;
        if (in && std::getline(in, current) && current == commit)
            return;
    }
    const fs::path temp = ref.parent_path() / (ref.filename().string() + "." + std::to_string(::getpid()) + ".tmp");
    {
        std::ofstream out(temp, std::ios::trunc);
        out << commit; // no newline, as huggingface_hub writes it
        if (!out)
            fail(ErrorCode::OutputUnwritable, ref.string() + ": cannot write the revision reference");
    }
    fs::rename(temp, ref, ec);
    if (ec) {
        fs::remove(temp, ec);
        fail(ErrorCode::OutputUnwritable, ref.string() + ": cannot write the revision reference: " + ec.message());
    }
}

// Downloads one file into blobs/<name>.incomplete (resuming), verifies it and renames it to blobs/<name>.
void fetchBlob(HttpClient& http, const HubSettings& hub, const RepoListing& listing, const RepoFile& file,
               const fs::path& blob, PullState& st)
{
    const PullOptions& o = st.options;
    const fs::path partial = blob.string() + ".incomplete";
    const std::string url = resolveUrl(hub, listing.repoId, listing.commit, file.path);
    const std::string what = listing.repoId + "/" + file.path;
    const std::int64_t baseDone = st.progress.totalDone; // totalDone before this file's bytes
    int failures = 0;

    while (true) {
        Fd fd(::open(partial.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
        if (fd.get() < 0)
            fail(errno == ENOSPC ? ErrorCode::DiskFull : ErrorCode::OutputUnwritable,
                 partial.string() + ": cannot open for writing: " + std::strerror(errno));
        std::int64_t offset = ::lseek(fd.get(), 0, SEEK_END);
        if (offset > file.size) { // longer than the file can be: start over
            if (::ftruncate(fd.get(), 0) != 0)
                fail(ErrorCode::OutputUnwritable, partial.string() + ": cannot truncate: " + std::strerror(errno));
            offset = 0;
        }
        // Hash what is already there, then the new bytes as they arrive: one read of the file in total.
        BlobHasher hasher(file.isLfs(), file.size);
        if (offset > 0 && !hasher.addFilePrefix(fd.get(), offset, [&] { return st.cancel.isCancelled(); }))
            st.cancel.throwIfCancelled();
        ::lseek(fd.get(), offset, SEEK_SET);
        st.progress.fileDone = offset;
        st.progress.totalDone = baseDone + offset;
        st.progress.phase = PullProgress::Phase::Downloading;
        st.emit(true);

        int writeErrno = 0;
        bool oversize = false;
        bool restarted = false;
        std::int64_t receivedThisAttempt = 0;
        HttpResponse r;
        if (offset < file.size || file.size == 0) {
            HttpRequest req;
            req.url = url;
            if (!hub.token.empty())
                req.headers.push_back("Authorization: Bearer " + hub.token);
            req.rangeStart = offset > 0 ? offset : -1;
            const std::int64_t askedFrom = offset;
            req.maxBytesPerSecond = o.maxBytesPerSecond;
            req.stallSeconds = o.stallSeconds;
            auto sink = [&](long status, const char* data, std::size_t size) {
                if (status == 200 && askedFrom > 0 && !restarted) { // the server ignored our Range: start over
                    restarted = true;
                    if (::ftruncate(fd.get(), 0) != 0 || ::lseek(fd.get(), 0, SEEK_SET) != 0) {
                        writeErrno = errno;
                        return false;
                    }
                    hasher = BlobHasher(file.isLfs(), file.size);
                    offset = 0;
                }
                if (offset + static_cast<std::int64_t>(size) > file.size) {
                    oversize = true;
                    return false;
                }
                std::size_t done = 0;
                while (done < size) {
                    const ssize_t n = o.writeFn ? o.writeFn(fd.get(), data + done, size - done)
                                                : ::write(fd.get(), data + done, size - done);
                    if (n < 0 && errno == EINTR)
                        continue;
                    if (n <= 0) {
                        writeErrno = n < 0 ? errno : ENOSPC;
                        // Keep the file an exact prefix: what was written is hashed and counted below.
                        break;
                    }
                    hasher.update(data + done, static_cast<std::size_t>(n));
                    done += static_cast<std::size_t>(n);
                }
                offset += static_cast<std::int64_t>(done);
                receivedThisAttempt += static_cast<std::int64_t>(done);
                st.receivedThisRun += static_cast<std::int64_t>(done);
                st.progress.fileDone = offset;
                st.progress.totalDone = baseDone + offset;
                return writeErrno == 0;
            };
            auto onProgress = [&](std::int64_t) {
                if (st.cancel.isCancelled())
                    return false;
                st.emit();
                return true;
            };
            r = http.get(req, sink, onProgress);
        } else {
            r.status = 206; // nothing left to fetch: verify what is there
        }

        if (r.abortedByProgress || st.cancel.isCancelled()) {
            fd.reset();
            std::error_code ec;
            if (!o.keepPartialOnCancel)
                fs::remove(partial, ec);
            fail(ErrorCode::Cancelled, what + ": download " + (o.keepPartialOnCancel ? "paused" : "cancelled") +
                                           " at " + std::to_string(offset) + " of " + std::to_string(file.size) +
                                           " bytes" + (o.keepPartialOnCancel ? " (kept; run again to resume)" : ""));
        }
        if (writeErrno != 0) {
            ::ftruncate(fd.get(), offset); // never more than the hashed prefix
            fd.reset();
            const bool full = writeErrno == ENOSPC || writeErrno == EDQUOT;
            fail(full ? ErrorCode::DiskFull : ErrorCode::OutputUnwritable,
                 partial.string() + ": " + (full ? "the disk is full" : std::string("cannot write: ") +
                                                                          std::strerror(writeErrno)) +
                     " after " + std::to_string(offset) + " of " + std::to_string(file.size) +
                     " bytes (kept: free some space and run again to resume)");
        }
        if (oversize) {
            fd.reset();
            std::error_code ec;
            fs::remove(partial, ec);
            fail(ErrorCode::WeightsCorrupt, what + ": the server sent more than the " + std::to_string(file.size) +
                                                " bytes the Hub lists; the partial file was deleted");
        }

        std::string problem;
        if (!r.transportOk()) {
            if (!HttpClient::isTransientCurlCode(r.curlCode))
                fail(ErrorCode::NetworkFailed, what + ": " + r.curlError + " (" + hub.endpoint + ")");
            problem = r.curlError;
        } else if (r.status == 416) {
            if (offset != file.size) { // our partial file does not fit the server's: start over
                fd.reset();
                std::error_code ec;
                fs::remove(partial, ec);
                problem = "the server refused to resume (HTTP 416); starting the file again";
            }
        } else if (retryableStatus(r.status)) {
            problem = "HTTP " + std::to_string(r.status);
        } else if (r.status >= 300) {
            failForStatus(r, what, hub);
        } else if (offset != file.size) {
            problem = "the connection ended at " + std::to_string(offset) + " of " + std::to_string(file.size) + " bytes";
        }
        if (!problem.empty()) {
            if (receivedThisAttempt > 0)
                failures = 0; // progress was made: only consecutive fruitless attempts count
            ++failures;
            if (failures > o.maxRetries)
                fail(ErrorCode::NetworkFailed, what + ": giving up after " + std::to_string(o.maxRetries) +
                                                   " retries: " + problem + " (" + std::to_string(offset) + " of " +
                                                   std::to_string(file.size) + " bytes kept; run again to resume)");
            const auto delay = backoff(o, failures);
            ++st.retries;
            st.progress.message = "retrying " + file.path + " in " + std::to_string(delay.count()) + " ms after: " + problem;
            st.emit(true);
            fd.reset();
            sleepCancellable(delay, st.cancel);
            continue;
        }

        // Complete: check size and hash before the blob gets its final name.
        st.progress.phase = PullProgress::Phase::Verifying;
        st.emit(true);
        const std::string got = hasher.hexDigest();
        if (got != file.blobName()) {
            fd.reset();
            std::error_code ec;
            fs::remove(partial, ec);
            fail(ErrorCode::WeightsCorrupt,
                 what + ": " + (file.isLfs() ? "SHA-256" : "git blob hash") + " mismatch (expected " + file.blobName() +
                     ", got " + got + "); the download was deleted. Run again to download it afresh");
        }
        if (::fsync(fd.get()) != 0 && (errno == ENOSPC || errno == EDQUOT))
            fail(ErrorCode::DiskFull, partial.string() + ": the disk is full (kept: free some space and run again)");
        fd.reset();
        std::error_code ec;
        fs::rename(partial, blob, ec);
        if (ec)
            fail(ErrorCode::OutputUnwritable, blob.string() + ": cannot rename the verified download: " + ec.message());
        return;
    }
}

} // namespace

fs::path repoCacheDir(const fs::path& cache, const std::string& repoId)
{
    return cache / hubRepoFolderName(repoId);
}

Downloader::Downloader(HubSettings hub) : m_hub(std::move(hub)) {}

RepoListing Downloader::resolve(const std::string& repoId, const std::string& revision, const CancelToken& cancel,
                                const PullOptions& retry)
{
    if (!isValidRepoId(repoId))
        fail(ErrorCode::InvalidArgument, "\"" + repoId + "\" is not a model repository name (ORG/NAME)");
    if (!isValidRevision(revision))
        fail(ErrorCode::InvalidArgument, "\"" + revision + "\" is not a valid revision");
    HttpClient http;
    const std::string what = repoId + "@" + revision;
    for (int failures = 1;; ++failures) {
        HttpRequest req;
        req.url = listingUrl(m_hub, repoId, revision);
        if (!m_hub.token.empty())
            req.headers.push_back("Authorization: Bearer " + m_hub.token);
        req.stallSeconds = retry.stallSeconds;
        const HttpResponse r = http.get(req, {}, [&](std::int64_t) { return !cancel.isCancelled(); });
        cancel.throwIfCancelled();
        std::string problem;
        if (!r.transportOk()) {
            if (!HttpClient::isTransientCurlCode(r.curlCode))
                fail(ErrorCode::NetworkFailed, what + ": " + r.curlError + " (" + m_hub.endpoint + ")");
            problem = r.curlError;
        } else if (retryableStatus(r.status)) {
            problem = "HTTP " + std::to_string(r.status);
        } else if (r.status != 200) {
            failForStatus(r, what, m_hub);
        } else {
            return parseRepoListing(r.body, repoId, revision);
        }
        if (failures > retry.maxRetries)
            fail(ErrorCode::NetworkFailed, what + ": cannot reach " + m_hub.endpoint + " after " +
                                               std::to_string(retry.maxRetries) + " retries: " + problem);
        sleepCancellable(backoff(retry, failures), cancel);
    }
}

PullResult Downloader::pull(const PullOptions& o, const PullObserver& observer, const CancelToken& cancel)
{
    const auto started = Clock::now();
    PullState st{o, observer, cancel, {}, {}, {}, 0, 0};
    st.progress.phase = PullProgress::Phase::Resolving;
    st.emit(true);
    const RepoListing listing = resolve(o.repoId, o.revision, cancel, o);
    const std::vector<RepoFile> files = selectFiles(listing.files, o.allowPatterns, o.variant);
    const bool hasWeights = std::any_of(files.begin(), files.end(), [](const RepoFile& f) {
        return f.path.size() > 12 && f.path.compare(f.path.size() - 12, 12, ".safetensors") == 0;
    });
    if (!hasWeights)
        fail(ErrorCode::ModelInvalid, o.repoId + "@" + listing.commit.substr(0, 12) +
                                          ": no .safetensors weights among the repository's files (this app never "
                                          "downloads pickle checkpoints)");

    const fs::path repoDir = repoCacheDir(m_hub.cacheDir, o.repoId);
    const fs::path blobs = repoDir / "blobs";
    const fs::path snapshot = repoDir / "snapshots" / listing.commit;
    const fs::path locks = m_hub.cacheDir / ".locks" / hubRepoFolderName(o.repoId);
    std::error_code ec;
    fs::create_directories(blobs, ec);
    if (ec)
        fail(ec.value() == ENOSPC ? ErrorCode::DiskFull : ErrorCode::OutputUnwritable,
             blobs.string() + ": cannot create the cache folder: " + ec.message() +
                 " (set HF_HUB_CACHE or HF_HOME to a writable folder)");

    // Plan: what is missing, and does it fit on the disk?
    PullResult result;
    result.repoId = o.repoId;
    result.revision = o.revision;
    result.commit = listing.commit;
    result.snapshot = snapshot;
    std::int64_t missing = 0;
    std::vector<bool> present(files.size(), false);
    for (std::size_t i = 0; i < files.size(); ++i) {
        result.totalBytes += files[i].size;
        const fs::path blob = blobs / files[i].blobName();
        const std::int64_t have = fileSize(blob);
        if (have == files[i].size) {
            present[i] = true;
            continue;
        }
        const std::int64_t partial = fileSize(blob.string() + ".incomplete");
        missing += files[i].size - (partial >= 0 && partial <= files[i].size ? partial : 0);
    }
    const std::int64_t free = freeBytes(o, blobs);
    if (missing + o.diskReserveBytes > free)
        fail(ErrorCode::DiskFull, o.repoId + ": needs " + gb(missing) + " more (plus " + gb(o.diskReserveBytes) +
                                      " to spare) but only " + gb(free) + " is free on the disk of " +
                                      m_hub.cacheDir.string() + ". Free some space or set HF_HUB_CACHE to another disk");

    st.progress.fileCount = static_cast<int>(files.size());
    st.progress.totalBytes = result.totalBytes;
    for (std::size_t i = 0; i < files.size(); ++i)
        if (present[i])
            st.progress.totalDone += files[i].size;

    HttpClient http;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const RepoFile& f = files[i];
        cancel.throwIfCancelled();
        st.progress.fileIndex = static_cast<int>(i) + 1;
        st.progress.file = f.path;
        st.progress.fileTotal = f.size;
        const fs::path blob = blobs / f.blobName();
        if (!present[i]) {
            BlobLock lock(locks / (f.blobName() + ".lock"), cancel);
            const std::int64_t have = fileSize(blob); // another process may have finished it meanwhile
            if (have == f.size) {
                st.progress.totalDone += f.size;
                ++result.filesReused;
            } else {
                if (have >= 0) // a blob of the wrong size under a final name: not ours to trust
                    fs::remove(blob, ec);
                fetchBlob(http, m_hub, listing, f, blob, st);
                result.verifiedBlobs.push_back(blob);
                st.progress.totalDone = 0;
                for (std::size_t k = 0; k <= i; ++k)
                    st.progress.totalDone += files[k].size;
                for (std::size_t k = i + 1; k < files.size(); ++k)
                    if (present[k])
                        st.progress.totalDone += files[k].size;
                ++result.filesDownloaded;
            }
        } else {
            ++result.filesReused;
        }
        st.progress.fileDone = f.size;
        st.emit(true);
    }
    // Only now, with every blob verified, does the snapshot appear: a snapshot folder is always complete
    // (the model finder would otherwise pick up half a model), and the ref names it last.
    for (const RepoFile& f : files)
        linkIntoSnapshot(blobs / f.blobName(), snapshot / f.path);
    writeRef(repoDir, o.revision, listing.commit);

    result.bytesDownloaded = st.receivedThisRun;
    result.retries = st.retries;
    result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    st.progress.phase = PullProgress::Phase::Done;
    st.progress.message.clear();
    st.emit(true);
    return result;
}

} // namespace i2v::hub
