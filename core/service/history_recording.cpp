#include "core/service/history_recording.h"

#include "core/base/error.h"
#include "core/base/log.h"
#include "core/base/paths.h"
#include "core/media/image_io.h"
#include "core/media/recipe.h"
#include "core/service/best_of.h"
#include "core/service/error_report.h"
#include "core/service/weight_hashes.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace i2v {
namespace fs = std::filesystem;
namespace {

using nlohmann::json;

constexpr int kThumbnailWidth = 192;

const char* statusName(JobState s)
{
    switch (s) {
    case JobState::Done: return "done";
    case JobState::Cancelled: return "cancelled";
    default: return "failed";
    }
}

const char* costModeName(CostSettings::Mode m)
{
    switch (m) {
    case CostSettings::Mode::PerGpuHour: return "gpu-hour";
    case CostSettings::Mode::PowerDraw: return "power";
    case CostSettings::Mode::None: break;
    }
    return "none";
}

void appendLog(std::string& log, const std::string& line, const char* separator = "\n")
{
    log += (log.empty() ? "" : separator) + line;
}

} // namespace

fs::path historyFileIn(const fs::path& dataFolder) { return dataFolder / "history.json"; }
fs::path weightHashFileIn(const fs::path& dataFolder) { return dataFolder / "weight_hashes.json"; }

CostSettings readCostSettings(const fs::path& dataFolder)
{
    CostSettings c;
    std::error_code ec;
    const fs::path file = dataFolder / "cost.json";
    if (!fs::exists(file, ec))
        return c;
    try {
        const json j = json::parse(readFileBytes(file, 1u << 20));
        const std::string mode = j.value("mode", std::string("none"));
        c.mode = mode == "gpu-hour" ? CostSettings::Mode::PerGpuHour
                 : mode == "power"  ? CostSettings::Mode::PowerDraw
                                    : CostSettings::Mode::None;
        c.pricePerGpuHour = j.value("price_per_gpu_hour", 0.0);
        c.powerWatts = j.value("power_watts", 0.0);
        c.pricePerKwh = j.value("price_per_kwh", 0.0);
        c.currency = j.value("currency", c.currency);
    } catch (const std::exception& e) {
        logWarning(file.string() + ": cost settings not read (" + e.what() + "); clips are not priced");
        return CostSettings{};
    }
    return c;
}

void writeCostSettings(const fs::path& dataFolder, const CostSettings& c)
{
    const json j = {{"mode", costModeName(c.mode)},     {"price_per_gpu_hour", c.pricePerGpuHour},
                    {"power_watts", c.powerWatts},      {"price_per_kwh", c.pricePerKwh},
                    {"currency", c.currency}};
    ensureWritableDir(dataFolder, true);
    writeFileAtomic(dataFolder / "cost.json", j.dump(2) + "\n", /*overwrite=*/true);
}

HistoryEntry historyEntryFor(const GenerationRequest& request, const JobOutcome& outcome, const CostSettings& cost)
{
    HistoryEntry entry;
    entry.status = statusName(outcome.state);
    const bool done = outcome.state == JobState::Done;
    // What actually ran: after an out-of-memory retry the smaller setting, not what was asked. (A Done job's
    // recipe is the one written with its output.)
    GenerationRequest ran = outcome.retriedSmaller ? outcome.used : request;
    ran.image = Image();
    entry.recipeJson = done && !outcome.recipeJson.empty() ? outcome.recipeJson
                                                           : recipeToJson(ran, done ? &outcome.result : nullptr);
    entry.prompt = ran.prompt;
    entry.family = done && !outcome.result.family.empty() ? outcome.result.family : ran.family;
    entry.modelId = done ? outcome.result.modelId : std::string();
    entry.modelRevision = done ? outcome.result.modelRevision : std::string();
    if (done)
        entry.outputPath = !outcome.files.empty() ? outcome.files.front() : ran.output.path;
    entry.durationSeconds = outcome.durationMs / 1000.0;
    entry.peakMemoryBytes = outcome.peakMemoryBytes;
    entry.cost = clipCost(cost, entry.durationSeconds);
    entry.costCurrency = cost.mode == CostSettings::Mode::None ? std::string() : cost.currency;
    for (const std::string& line : outcome.log) // e.g. "out of memory at 768×768×24; retrying at ..."
        appendLog(entry.log, line);
    if (done && !outcome.variations.empty()) {
        // Best of N: every variation with its score, the pick first; the time and cost are the whole job's,
        // i.e. what the kept clip cost (N generations and the scoring).
        std::string line = "best of " + std::to_string(outcome.variations.size()) + " (" +
                           std::to_string(static_cast<long long>(outcome.durationMs)) + " ms in all, scoring " +
                           std::to_string(static_cast<long long>(outcome.scoringMs)) + " ms):";
        std::vector<const VariationOutcome*> ranked;
        for (const VariationOutcome& v : outcome.variations)
            ranked.push_back(&v);
        std::sort(ranked.begin(), ranked.end(), [](auto* a, auto* b) { return a->rank < b->rank; });
        for (const VariationOutcome* v : ranked)
            line += " #" + std::to_string(v->rank) + " " +
                    (v->files.empty() ? std::string("?") : fs::path(v->files.front()).filename().string()) +
                    " seed " + std::to_string(v->seed) + " score " + scoreText(v->score.total) +
                    (v->pick ? " (pick)" : "") + ";";
        appendLog(entry.log, line);
        entry.tags.push_back("best-of-" + std::to_string(outcome.variations.size()));
    }
    if (!done)
        appendLog(entry.log, outcome.state == JobState::Cancelled ? std::string("cancelled") : outcome.error.detail);
    return entry;
}

std::vector<HistoryEntry> historyEntriesFor(const GenerationRequest& request, const JobOutcome& outcome,
                                            const CostSettings& cost)
{
    HistoryEntry job = historyEntryFor(request, outcome, cost);
    if (job.status != "done" || outcome.variations.empty())
        return {std::move(job)};
    const auto n = static_cast<int>(outcome.variations.size());
    const std::string jobId = newHistoryId();
    std::vector<HistoryEntry> entries;
    for (const VariationOutcome& v : outcome.variations) {
        HistoryEntry e = job;
        e.recipeJson = v.recipeJson;
        e.outputPath = v.files.empty() ? std::string() : v.files.front();
        e.durationSeconds = job.durationSeconds / n; // the shares add up to the job
        e.cost = clipCost(cost, e.durationSeconds);
        BestOfInfo b;
        b.job = jobId;
        b.variation = v.index + 1;
        b.count = n;
        b.rank = v.rank;
        b.pick = v.pick;
        b.pickedByHand = v.pick && v.result.details.count("best_of_pick_by") > 0;
        b.score = v.score.total;
        b.scorePrompt = v.score.promptSimilarity;
        b.scoreImage = v.score.imageSimilarity;
        b.scoreTemporal = v.score.temporal;
        b.scoringSeconds = outcome.scoringMs / 1000.0 / n;
        e.bestOf = b;
        entries.push_back(std::move(e));
    }
    return entries;
}

void completeHistoryEntry(HistoryEntry& entry, const JobOutcome& outcome, const std::string& modelDir,
                          const fs::path& dataFolder, WeightHashCache& hashes, const std::function<bool()>& shouldStop)
{
    const std::vector<Image>& frames =
        entry.bestOf ? variationFrames(outcome, static_cast<std::size_t>(entry.bestOf->variation - 1))
                     : outcome.result.frames;
    if (outcome.state == JobState::Done && !frames.empty()) {
        try {
            const Image& middle = frames[frames.size() / 2];
            const fs::path dir = dataFolder / "thumbnails";
            ensureWritableDir(dir, true);
            std::string stem = fs::path(entry.outputPath).stem().string();
            const fs::path thumbnail = uniquePath(dir / ((stem.empty() ? std::string("clip") : stem) + ".png"));
            savePng(scaledToWidth(middle, kThumbnailWidth), thumbnail);
            entry.thumbnailPath = thumbnail.string();
        } catch (...) {
            appendLog(entry.log, "no thumbnail: " + errorFromCurrentException().detail, "; ");
        }
    }
    try {
        entry.weightHashes = hashes.hashModelFolder(modelDir, shouldStop);
    } catch (...) {
        appendLog(entry.log, "weights not hashed: " + errorFromCurrentException().detail, "; ");
    }
}

std::string recordJob(const fs::path& dataFolder, const GenerationRequest& request, const JobOutcome& outcome)
{
    std::vector<HistoryEntry> entries = historyEntriesFor(request, outcome, readCostSettings(dataFolder));
    WeightHashCache hashes(weightHashFileIn(dataFolder)); // hashed once, the variations hit the cache
    for (HistoryEntry& entry : entries)
        completeHistoryEntry(entry, outcome, request.modelDir, dataFolder, hashes);
    ensureWritableDir(dataFolder, true);
    HistoryStore store(historyFileIn(dataFolder));
    const std::vector<std::string> ids = store.addAll(entries);
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (!entries[i].bestOf || entries[i].bestOf->pick)
            return ids[i];
    return ids.front();
}

} // namespace i2v
