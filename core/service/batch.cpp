#include "core/service/batch.h"
#include "core/service/batch_lines.h"

#include "core/base/json_limits.h"

#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/engine/api/registry.h"
#include "core/request/request_fields.h"
#include "core/media/recipe.h"
#include "core/service/error_report.h"
#include "core/service/model_locator.h"
#include "core/service/output_naming.h"
#include "core/service/runner.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <cerrno>
#include <csignal>
#include <unistd.h>
#include <sys/file.h>
#include <fcntl.h>

namespace i2v {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxBatchFileBytes = 64ull << 20;
bool has(const json& j, const char* key) { return j.contains(key) && !j[key].is_null(); }

const ParamSpec* findSpec(const std::vector<ParamSpec>& specs, const std::string& name)
{
    for (const ParamSpec& s : specs)
        if (s.name == name)
            return &s;
    return nullptr;
}

// Fills what `i2v generate` would fill without the flag: family, engine defaults, seed, paths.
void completeRequest(GenerationRequest& r, const json& j, const fs::path& baseDir, const FamilyLookup& families)
{
    const auto lookup = [&](const std::string& id) { return families ? families(id) : findModelFamily(id); };
    if (!r.imagePath.empty() && fs::path(r.imagePath).is_relative())
        r.imagePath = (baseDir / r.imagePath).lexically_normal().string();
    if (!r.modelDir.empty()) {
        const fs::path local = baseDir / r.modelDir;
        std::error_code ec;
        r.modelDir = fs::path(r.modelDir).is_relative() && fs::is_directory(local, ec)
                         ? local.lexically_normal().string()
                         : resolveModelLocation(r.modelDir);
    }
    const bool familyGiven = has(j, "family") || has(j, "engine");
    if (!familyGiven && !r.modelDir.empty())
        r.family = familyForModelFolder(r.modelDir).id();
    const ModelFamily* family = lookup(r.family);
    if (!family)
        return; // an engine this build lacks: the line fails when it runs (ModelNotFound), like any job
    const std::vector<ParamSpec> specs = family->parameters();
    // Numeric parameters the line leaves out take the engine's defaults (choices stay as read).
    for (const RequestField& f : requestFields()) {
        if (f.range != RangeSource::Schema || !f.isNumeric())
            continue;
        if (const ParamSpec* spec = findSpec(specs, f.name); spec && !has(j, f.jsonKey))
            setRequestNumber(r, f.name, spec->defaultValue);
    }
    if (!has(j, "seed")) {
        const ParamSpec* spec = findSpec(specs, "seed");
        r.seed = spec ? static_cast<std::int64_t>(spec->defaultValue)
                      : static_cast<std::int64_t>(std::random_device{}());
    }
}

// The batch's state file: one JSON object per line, appended and flushed. {"key","line","output"} = the line
// was made; {"key","claimed_by":PID} = a run (this one or another one on the same jobs file) is making it;
// {"key","released_by":PID} = that run gave it up (failed or cancelled). Unreadable lines (a crash
// mid-append) are ignored.
struct BatchState {
    std::map<std::string, std::string> done;   // key -> output path
    std::map<std::string, long> claims;        // key -> pid of the run making it
};

BatchState readState(const fs::path& statePath, const fs::path& outDir)
{
    BatchState state;
    std::ifstream in(statePath);
    const fs::path folder = fs::weakly_canonical(outDir);
    for (std::string line; std::getline(in, line);) {
        const json j = parseJsonLimited(line);
        if (!j.is_object() || !j.contains("key") || !j["key"].is_string())
            continue;
        const std::string key = j["key"].get<std::string>();
        if (j.contains("output") && j["output"].is_string()) {
            // Only an output inside the batch's own folder counts as made: a hand-edited state line naming
            // /etc/passwd must not mark a job as done.
            const fs::path out = fs::weakly_canonical(j["output"].get<std::string>());
            if (out.parent_path() == folder)
                state.done[key] = out.string();
        } else if (j.contains("claimed_by") && j["claimed_by"].is_number_integer()) {
            state.claims[key] = j["claimed_by"].get<long>();
        } else if (j.contains("released_by") && j["released_by"].is_number_integer()) {
            if (const auto it = state.claims.find(key); it != state.claims.end() && it->second == j["released_by"].get<long>())
                state.claims.erase(it);
        }
    }
    return state;
}

// Appends one record to the state file and flushes it, so a crash right after keeps it.
void appendState(const fs::path& statePath, const json& record)
{
    std::FILE* f = std::fopen(statePath.c_str(), "a");
    if (!f)
        fail(ErrorCode::OutputUnwritable, statePath.string() + ": cannot record batch progress");
    const std::string line = record.dump() + "\n";
    const bool ok = std::fwrite(line.data(), 1, line.size(), f) == line.size() && std::fflush(f) == 0;
    std::fclose(f);
    if (!ok)
        fail(ErrorCode::DiskFull, statePath.string() + ": cannot record batch progress");
}

// An exclusive lock on the state file for as long as it lives: two `i2v batch` runs on the same jobs file
// and folder take turns deciding who makes which line, so they share the work instead of each making every
// line.
class StateLock {
public:
    explicit StateLock(const fs::path& statePath)
    {
        m_fd = ::open(statePath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0)
            fail(ErrorCode::OutputUnwritable, statePath.string() + ": cannot create the batch state file");
        while (::flock(m_fd, LOCK_EX) != 0 && errno == EINTR) {
        }
    }
    ~StateLock() { ::close(m_fd); } // closing releases the lock
    StateLock(const StateLock&) = delete;
    StateLock& operator=(const StateLock&) = delete;

private:
    int m_fd = -1;
};

bool processAlive(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH); }

// A run that made nothing (cancelled before its first clip, or every line failed) leaves no state file
// behind, unless another live run is using it.
void removeStateIfUnused(const fs::path& statePath, const fs::path& outDir, long self)
{
    const StateLock lock(statePath);
    const BatchState state = readState(statePath, outDir);
    if (!state.done.empty())
        return;
    for (const auto& [key, pid] : state.claims)
        if (pid != self && processAlive(pid))
            return;
    std::error_code ec;
    fs::remove(statePath, ec);
}

// The last path component of a path that may end in '/'.
std::string lastName(const std::string& path)
{
    fs::path p = fs::path(path).lexically_normal();
    if (!p.has_filename())
        p = p.parent_path();
    return p.filename().string();
}

} // namespace

std::string fnv1a64Hex(const std::string& text)
{
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

fs::path batchStatePath(const fs::path& file, const fs::path& outDir)
{
    return outDir / (".i2v-batch-" + file.stem().string() + ".state.jsonl");
}

std::vector<BatchLine> readBatchFile(const fs::path& file, const FamilyLookup& families)
{
    const std::string bytes = readFileBytes(file, kMaxBatchFileBytes);
    const fs::path baseDir = fs::absolute(file).parent_path();
    std::vector<BatchLine> lines;
    std::map<std::string, int> seen;
    for (const RawBatchObject& raw : splitBatchObjects(bytes)) {
        BatchLine line;
        line.lineNumber = raw.lineNumber;
        line.json = raw.text;
        const json j = parseJsonLimited(raw.text); // nesting-limited: dump() below recurses
        // The same content twice is two jobs: the repeat gets its own key.
        const std::string base = fnv1a64Hex(j.is_discarded() ? raw.text : j.dump());
        const int repeat = ++seen[base];
        line.key = repeat == 1 ? base : base + "#" + std::to_string(repeat);
        try {
            line.request = recipeFromJson(raw.text);
            if (line.request.imagePath.empty())
                fail(ErrorCode::InvalidArgument, "no \"image\" given (the still picture to animate)");
            completeRequest(line.request, j, baseDir, families);
        } catch (...) {
            const Error e = errorFromCurrentException();
            line.parseError = e.detail;
            line.parseErrorCode = e.code;
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

std::vector<GenerationRequest> importBatchJobs(const fs::path& file, const std::string& outputDir,
                                               std::vector<std::string>& failures)
{
    std::vector<GenerationRequest> jobs;
    for (BatchLine& line : readBatchFile(file)) {
        if (!line.parseError.empty()) {
            failures.push_back("line " + std::to_string(line.lineNumber) + ": " + line.parseError);
            continue;
        }
        GenerationRequest request = std::move(line.request);
        request.output.path.clear();
        if (!outputDir.empty())
            request.output.outputDir = outputDir;
        jobs.push_back(std::move(request));
    }
    return jobs;
}

BatchSummary runBatch(const fs::path& file, const fs::path& outDir, const BatchObserver& observer,
                      const CancelToken& cancel, const BatchOptions& options)
{
    const std::vector<BatchLine> lines = readBatchFile(file, options.families);
    ensureWritableDir(outDir, /*createIfMissing=*/true);
    const fs::path statePath = batchStatePath(file, outDir);
    const long self = static_cast<long>(::getpid());
    BatchSummary summary;
    summary.total = static_cast<int>(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const BatchLine& line = lines[i];
        BatchLineResult result;
        result.lineNumber = line.lineNumber;
        const auto report = [&](const std::string& status) {
            result.status = status;
            summary.lines.push_back(result);
            if (observer.lineFinished)
                observer.lineFinished(line, result);
        };
        const std::string where = "line " + std::to_string(line.lineNumber) + ": ";
        if (!line.parseError.empty()) {
            ++summary.failed;
            result.error = {line.parseErrorCode, line.parseError};
            summary.failures.push_back(where + std::string(errorCodeName(line.parseErrorCode)) + ": " +
                                       line.parseError);
            report("failed");
            continue;
        }
        if (cancel.isCancelled()) {
            summary.cancelled = true;
            break;
        }
        {
            // Made already (an earlier run, or another run right now), or being made by another live run:
            // skip it. Otherwise claim it, all under the lock.
            const StateLock lock(statePath);
            const BatchState state = readState(statePath, outDir);
            std::error_code ec;
            if (auto it = state.done.find(line.key); it != state.done.end() && fs::exists(it->second, ec)) {
                ++summary.skipped;
                result.output = it->second;
                report("skipped");
                continue;
            }
            if (auto it = state.claims.find(line.key);
                it != state.claims.end() && it->second != self && processAlive(it->second)) {
                ++summary.skipped;
                report("running elsewhere");
                continue;
            }
            appendState(statePath, json{{"key", line.key}, {"line", line.lineNumber}, {"claimed_by", self}});
        }
        if (observer.lineStarted)
            observer.lineStarted(line, static_cast<int>(i) + 1, summary.total);
        GenerationRequest request = line.request;
        request.retrySmallerOnOutOfMemory = options.retrySmallerOnOutOfMemory;
        request.output.outputDir = outDir.string();
        std::string hint = lastName(request.output.path);
        if (hint.rfind(".i2v-batch-", 0) == 0)
            hint.clear(); // never a name of the batch's own state or lock files: auto-named instead
        request.output.path = hint.empty() ? std::string() : freeOutputPath(outDir / hint, request.output.writeSidecar).string();
        if (!request.output.framesDir.empty())
            request.output.framesDir = freeOutputPath(outDir / lastName(request.output.framesDir), false).string();
        const JobOutcome outcome = runJob(
            request,
            [&](const ProgressEvent& e) {
                if (observer.progress)
                    observer.progress(line, e);
            },
            cancel, options.families);
        if (options.jobFinished)
            options.jobFinished(request, outcome);
        result.log = outcome.log;
        const bool made = outcome.state == JobState::Done && !outcome.files.empty();
        {
            // Made, or given up (failed, cancelled): either way the claim ends here.
            const StateLock lock(statePath);
            json record{{"key", line.key}, {"line", line.lineNumber}};
            if (made)
                record["output"] = outcome.files.front();
            else
                record["released_by"] = self;
            appendState(statePath, record);
        }
        if (made) {
            ++summary.done;
            result.output = outcome.files.front();
            summary.outputs.insert(summary.outputs.end(), outcome.files.begin(), outcome.files.end());
            report("done");
        } else if (outcome.state == JobState::Cancelled) {
            summary.cancelled = true;
            result.error = outcome.error;
            report("cancelled");
            break;
        } else {
            ++summary.failed;
            result.error = outcome.error;
            summary.failures.push_back(where + std::string(errorCodeName(outcome.error.code)) + ": " +
                                       outcome.error.detail);
            report("failed");
        }
    }
    if (summary.done == 0)
        removeStateIfUnused(statePath, outDir, self);
    return summary;
}

} // namespace i2v
