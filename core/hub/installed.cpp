#include "core/hub/installed.h"

#include "core/base/error.h"
#include "core/base/hf_home.h"
#include "core/base/json_limits.h"
#include "core/base/paths.h"
#include "core/hub/blob_hash.h"
#include "core/hub/repo_id.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>

namespace i2v::hub {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool isHexName(const std::string& s, std::size_t n)
{
    return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::string repoIdFromFolder(const std::string& name)
{
    if (name.rfind("models--", 0) != 0)
        return {};
    const std::string rest = name.substr(8);
    const auto sep = rest.find("--");
    if (sep == std::string::npos)
        return {};
    const std::string id = rest.substr(0, sep) + "/" + rest.substr(sep + 2);
    return isValidRepoId(id) ? id : std::string();
}

// Every regular entry (file or link) under a snapshot, as repository paths.
std::vector<std::string> snapshotFiles(const fs::path& snapshot)
{
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(snapshot, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        const auto st = it->symlink_status(ec);
        if (fs::is_symlink(st) || fs::is_regular_file(st))
            out.push_back(it->path().lexically_relative(snapshot).generic_string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The blob a snapshot entry points to (canonical), or nullopt when it is not a link into <repo>/blobs/.
std::optional<fs::path> blobOf(const fs::path& entry, const fs::path& blobsDir)
{
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(entry, ec)))
        return std::nullopt;
    const fs::path target = fs::weakly_canonical(entry.parent_path() / fs::read_symlink(entry, ec), ec);
    const fs::path blobs = fs::weakly_canonical(blobsDir, ec);
    if (target.parent_path() != blobs)
        return std::nullopt;
    return target;
}

std::map<std::string, std::vector<std::string>> refsByCommit(const fs::path& repoDir)
{
    std::map<std::string, std::vector<std::string>> out;
    const fs::path refs = repoDir / "refs";
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(refs, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (!it->is_regular_file(ec))
            continue;
        std::ifstream in(it->path());
        std::string commit;
        std::getline(in, commit);
        out[commit].push_back(it->path().lexically_relative(refs).generic_string());
    }
    return out;
}

std::int64_t treeBytes(const fs::path& dir)
{
    std::int64_t total = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
        if (!it->is_symlink(ec) && it->is_regular_file(ec))
            total += static_cast<std::int64_t>(it->file_size(ec));
    return total;
}

} // namespace

// --- VerifiedBlobs ------------------------------------------------------------------------------------

VerifiedBlobs::VerifiedBlobs(fs::path file) : m_file(std::move(file))
{
    std::error_code ec;
    if (!fs::is_regular_file(m_file, ec))
        return;
    std::string text;
    try {
        text = readFileBytes(m_file, 64u << 20);
    } catch (const I2vError&) {
        return;
    }
    const json j = parseJsonLimited(text);
    if (!j.is_object() || !j.contains("blobs") || !j["blobs"].is_object())
        return;
    for (const auto& [path, v] : j["blobs"].items())
        if (v.is_object() && v.contains("size") && v["size"].is_number_integer() && v.contains("mtime_ns") &&
            v["mtime_ns"].is_number_integer())
            m_entries[path] = Stamp{v["size"].get<std::int64_t>(), v["mtime_ns"].get<std::int64_t>()};
}

fs::path VerifiedBlobs::defaultFile()
{
    return userDataDir() / "hub_verified.json";
}

std::optional<VerifiedBlobs::Stamp> VerifiedBlobs::stampOf(const fs::path& blob)
{
    struct stat st {};
    if (::stat(blob.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return std::nullopt;
    return Stamp{static_cast<std::int64_t>(st.st_size),
                 static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

bool VerifiedBlobs::isVerified(const fs::path& blob) const
{
    const auto it = m_entries.find(blob.string());
    const auto now = stampOf(blob);
    return it != m_entries.end() && now && now->size == it->second.size && now->mtimeNs == it->second.mtimeNs;
}

void VerifiedBlobs::markVerified(const fs::path& blob)
{
    if (const auto s = stampOf(blob)) {
        m_entries[blob.string()] = *s;
        m_removed.erase(blob.string());
    }
}

void VerifiedBlobs::forget(const fs::path& blob)
{
    m_entries.erase(blob.string());
    m_removed[blob.string()] = true;
}

void VerifiedBlobs::save() const
{
    VerifiedBlobs onDisk(m_file); // merge with what another process wrote meanwhile
    std::map<std::string, Stamp> merged = onDisk.m_entries;
    for (const auto& [k, v] : m_entries)
        merged[k] = v;
    for (const auto& [k, v] : m_removed)
        merged.erase(k);
    json blobs = json::object();
    for (const auto& [k, v] : merged) {
        std::error_code ec;
        if (fs::exists(k, ec)) // drop records of blobs that are gone
            blobs[k] = {{"size", v.size}, {"mtime_ns", v.mtimeNs}};
    }
    ensureWritableDir(m_file.parent_path(), true);
    writeFileAtomic(m_file, json{{"schema_version", 1}, {"blobs", blobs}}.dump(1), /*overwrite=*/true);
}

// --- listing, verifying, removing ------------------------------------------------------------------------

std::vector<InstalledModel> listInstalled(const fs::path& cache, const VerifiedBlobs& record)
{
    std::vector<InstalledModel> out;
    std::error_code ec;
    for (const auto& repoEntry : fs::directory_iterator(cache, ec)) {
        const std::string repoId = repoIdFromFolder(repoEntry.path().filename().string());
        if (repoId.empty() || !repoEntry.is_directory(ec))
            continue;
        const fs::path repoDir = repoEntry.path();
        const fs::path blobsDir = repoDir / "blobs";
        std::int64_t partial = 0;
        for (const auto& b : fs::directory_iterator(blobsDir, ec))
            if (b.path().extension() == ".incomplete")
                partial += static_cast<std::int64_t>(b.file_size(ec));
        const auto refs = refsByCommit(repoDir);
        bool anySnapshot = false;
        for (const auto& snap : fs::directory_iterator(repoDir / "snapshots", ec)) {
            if (!snap.is_directory(ec))
                continue;
            InstalledModel m;
            m.repoId = repoId;
            m.commit = snap.path().filename().string();
            m.snapshot = snap.path();
            m.partialBytes = partial;
            if (const auto r = refs.find(m.commit); r != refs.end())
                m.refs = r->second;
            bool allVerified = true;
            for (const std::string& f : snapshotFiles(m.snapshot)) {
                ++m.files;
                const fs::path entry = m.snapshot / f;
                if (!fs::is_regular_file(entry, ec)) { // a dangling link: the blob is not there yet
                    ++m.missingFiles;
                    allVerified = false;
                    continue;
                }
                m.bytes += static_cast<std::int64_t>(fs::file_size(entry, ec));
                const auto blob = blobOf(entry, blobsDir);
                if (!blob || !record.isVerified(*blob))
                    allVerified = false;
            }
            m.state = m.missingFiles > 0 ? InstallState::Incomplete : InstallState::Complete;
            m.verified = m.files > 0 && allVerified;
            anySnapshot = true;
            out.push_back(std::move(m));
        }
        if (!anySnapshot && partial > 0) { // a first download under way or paused
            InstalledModel m;
            m.repoId = repoId;
            m.partialBytes = partial;
            m.state = InstallState::Incomplete;
            out.push_back(std::move(m));
        }
    }
    std::sort(out.begin(), out.end(), [](const InstalledModel& a, const InstalledModel& b) {
        return a.repoId != b.repoId ? a.repoId < b.repoId : a.commit < b.commit;
    });
    return out;
}

std::vector<VerifyReport> verifyInstalled(const fs::path& cache, const std::string& repoId, VerifiedBlobs& record,
                                          const std::function<void(const std::string&, int, int)>& onFile,
                                          const CancelToken& cancel)
{
    if (!isValidRepoId(repoId))
        fail(ErrorCode::InvalidArgument, "\"" + repoId + "\" is not a model repository name (ORG/NAME)");
    const fs::path repoDir = cache / hubRepoFolderName(repoId);
    std::error_code ec;
    if (!fs::is_directory(repoDir / "snapshots", ec))
        fail(ErrorCode::ModelNotFound, repoId + " is not in the Hugging Face cache " + cache.string() +
                                           " (run `i2v models list`)");
    std::vector<VerifyReport> reports;
    std::vector<fs::path> snapshots;
    for (const auto& snap : fs::directory_iterator(repoDir / "snapshots", ec))
        if (snap.is_directory(ec))
            snapshots.push_back(snap.path());
    std::sort(snapshots.begin(), snapshots.end());
    for (const fs::path& snapshot : snapshots) {
        const auto started = std::chrono::steady_clock::now();
        VerifyReport rep;
        rep.repoId = repoId;
        rep.commit = snapshot.filename().string();
        const auto files = snapshotFiles(snapshot);
        for (std::size_t i = 0; i < files.size(); ++i) {
            cancel.throwIfCancelled();
            if (onFile)
                onFile(files[i], static_cast<int>(i) + 1, static_cast<int>(files.size()));
            const fs::path entry = snapshot / files[i];
            if (!fs::is_regular_file(entry, ec)) {
                rep.problems.push_back({files[i], "missing (the download is incomplete: pull again to resume)"});
                continue;
            }
            const auto blob = blobOf(entry, repoDir / "blobs");
            const std::string name = blob ? blob->filename().string() : std::string();
            const bool lfs = isHexName(name, 64);
            if (!blob || (!lfs && !isHexName(name, 40))) {
                ++rep.filesUnverifiable;
                continue;
            }
            const std::string got = blobHashOfFile(*blob, lfs, [&] { return cancel.isCancelled(); });
            cancel.throwIfCancelled();
            rep.bytesHashed += static_cast<std::int64_t>(fs::file_size(*blob, ec));
            ++rep.filesChecked;
            if (got == name) {
                record.markVerified(*blob);
            } else {
                record.forget(*blob);
                rep.problems.push_back({files[i], std::string(lfs ? "SHA-256" : "git blob hash") + " mismatch (expected " +
                                                      name + ", got " + got + ")"});
            }
        }
        rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        reports.push_back(std::move(rep));
    }
    record.save();
    return reports;
}

std::int64_t removeInstalled(const fs::path& cache, const std::string& repoId)
{
    if (!isValidRepoId(repoId))
        fail(ErrorCode::InvalidArgument, "\"" + repoId + "\" is not a model repository name (ORG/NAME)");
    const fs::path repoDir = cache / hubRepoFolderName(repoId);
    std::error_code ec;
    if (!fs::is_directory(repoDir, ec))
        fail(ErrorCode::ModelNotFound, repoId + " is not in the Hugging Face cache " + cache.string());
    const std::int64_t bytes = treeBytes(repoDir);
    fs::remove_all(repoDir, ec);
    if (ec)
        fail(ErrorCode::OutputUnwritable, repoDir.string() + ": cannot delete: " + ec.message());
    fs::remove_all(cache / ".locks" / hubRepoFolderName(repoId), ec);
    return bytes;
}

} // namespace i2v::hub
