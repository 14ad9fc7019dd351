#include "core/service/batch.h"

#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/media/image_io.h"
#include "core/media/recipe.h"
#include "core/service/runner.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>

namespace i2v {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string trim(const std::string& s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

// key -> output path of lines finished in earlier runs.
std::map<std::string, std::string> readState(const fs::path& statePath)
{
    std::map<std::string, std::string> done;
    std::ifstream in(statePath);
    for (std::string line; std::getline(in, line);) {
        const json j = json::parse(line, nullptr, false);
        if (j.is_object() && j.contains("key") && j.contains("output"))
            done[j["key"].get<std::string>()] = j["output"].get<std::string>();
    }
    return done;
}

// Appends one finished line to the state file (fsync'd, so a crash right after keeps it).
void appendState(const fs::path& statePath, const std::string& key, const std::string& output)
{
    std::FILE* f = std::fopen(statePath.c_str(), "a");
    if (!f)
        fail(ErrorCode::OutputUnwritable, statePath.string() + ": cannot record batch progress");
    const std::string line = json{{"key", key}, {"output", output}}.dump() + "\n";
    const bool ok = std::fwrite(line.data(), 1, line.size(), f) == line.size() && std::fflush(f) == 0;
    std::fclose(f);
    if (!ok)
        fail(ErrorCode::DiskFull, statePath.string() + ": cannot record batch progress");
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

std::vector<BatchLine> readBatchFile(const fs::path& file)
{
    const std::string bytes = readFileBytes(file, 64ull << 20);
    std::vector<BatchLine> lines;
    std::size_t start = 0;
    int lineNo = 0;
    while (start <= bytes.size()) {
        std::size_t end = bytes.find('\n', start);
        if (end == std::string::npos)
            end = bytes.size();
        ++lineNo;
        const std::string text = trim(bytes.substr(start, end - start));
        start = end + 1;
        if (text.empty() || text[0] == '#')
            continue;
        BatchLine line;
        line.lineNumber = lineNo;
        line.json = text;
        line.key = fnv1a64Hex(text);
        try {
            line.request = recipeFromJson(text);
            if (line.request.imagePath.empty())
                fail(ErrorCode::InvalidArgument, "no \"image\" given");
            fs::path image(line.request.imagePath);
            if (image.is_relative())
                line.request.imagePath = (file.parent_path() / image).lexically_normal().string();
        } catch (const std::exception& e) {
            line.parseError = e.what();
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

BatchSummary runBatch(const fs::path& file, const fs::path& outDir, const BatchObserver& observer,
                      const CancelToken& cancel)
{
    ensureWritableDir(outDir, /*createIfMissing=*/true);
    const std::vector<BatchLine> lines = readBatchFile(file);
    const fs::path statePath = batchStatePath(file, outDir);
    const auto finished = readState(statePath);
    BatchSummary summary;
    summary.total = static_cast<int>(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const BatchLine& line = lines[i];
        const auto report = [&](const std::string& status, const std::string& detail) {
            if (observer.lineFinished)
                observer.lineFinished(line, status, detail);
        };
        if (!line.parseError.empty()) {
            ++summary.failed;
            summary.failures.push_back("line " + std::to_string(line.lineNumber) + ": " + line.parseError);
            report("failed", line.parseError);
            continue;
        }
        std::error_code ec;
        if (auto it = finished.find(line.key); it != finished.end() && fs::exists(it->second, ec)) {
            ++summary.skipped;
            report("skipped", it->second);
            continue;
        }
        if (cancel.isCancelled())
            break;
        if (observer.lineStarted)
            observer.lineStarted(line, static_cast<int>(i) + 1, summary.total);
        GenerationRequest request = line.request;
        // The output name in a line (e.g. a sidecar's) is a hint: it lands in outDir, never overwriting.
        const std::string hint = fs::path(request.output.path).filename().string();
        request.output.outputDir = outDir.string();
        request.output.path = hint.empty() ? std::string() : uniquePath(outDir / hint).string();
        JobOutcome outcome;
        try {
            request.image = loadImage(request.imagePath);
            outcome = runJob(request, [&](const ProgressEvent& e) {
                if (observer.progress)
                    observer.progress(line, e);
            }, cancel);
        } catch (const I2vError& e) {
            outcome.state = JobState::Failed;
            outcome.error = e.error();
        }
        const std::string where = "line " + std::to_string(line.lineNumber) + ": ";
        if (outcome.state == JobState::Done && !outcome.files.empty()) {
            appendState(statePath, line.key, outcome.files.front());
            ++summary.done;
            summary.outputs.insert(summary.outputs.end(), outcome.files.begin(), outcome.files.end());
            report("done", outcome.files.front());
        } else if (outcome.state == JobState::Cancelled) {
            report("cancelled", "");
            break;
        } else {
            ++summary.failed;
            const std::string detail = std::string(errorCodeName(outcome.error.code)) + ": " + outcome.error.detail;
            summary.failures.push_back(where + detail);
            report("failed", detail);
        }
    }
    return summary;
}

} // namespace i2v
