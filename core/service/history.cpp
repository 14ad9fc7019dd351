#include "core/service/history.h"

#include "core/base/error.h"
#include "core/base/log.h"
#include "core/base/paths.h"
#include "core/media/recipe.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <sstream>

namespace i2v {
namespace {

using nlohmann::json;
constexpr int kSchemaVersion = 1;

std::string lowerAscii(std::string s)
{
    for (char& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// The recipe is kept as a JSON object; text that does not parse is kept verbatim as a string.
json recipeValue(const std::string& text)
{
    if (text.empty())
        return json::object();
    json v = json::parse(text, nullptr, false);
    return v.is_discarded() ? json(text) : v;
}

json toJson(const HistoryEntry& e)
{
    return json{{"id", e.id},
                {"created_at", e.createdAt},
                {"status", e.status},
                {"recipe", recipeValue(e.recipeJson)},
                {"prompt", e.prompt},
                {"family", e.family},
                {"model_id", e.modelId},
                {"model_revision", e.modelRevision},
                {"weight_hashes", e.weightHashes},
                {"output_path", e.outputPath},
                {"thumbnail_path", e.thumbnailPath},
                {"duration_seconds", e.durationSeconds},
                {"peak_memory_bytes", e.peakMemoryBytes},
                {"cost", e.cost},
                {"cost_currency", e.costCurrency},
                {"rating", e.rating},
                {"tags", e.tags},
                {"log", e.log}};
}

json toJson(const BestOfInfo& b)
{
    json j{{"job", b.job},       {"variation", b.variation},
           {"count", b.count},   {"rank", b.rank},
           {"pick", b.pick},     {"picked_by_hand", b.pickedByHand},
           {"score", b.score},   {"score_temporal", b.scoreTemporal},
           {"scoring_seconds", b.scoringSeconds}};
    if (b.scorePrompt)
        j["score_prompt"] = *b.scorePrompt;
    if (b.scoreImage)
        j["score_image"] = *b.scoreImage;
    return j;
}

BestOfInfo bestOfFromJson(const json& j)
{
    BestOfInfo b;
    b.job = j.value("job", "");
    b.variation = j.value("variation", 0);
    b.count = j.value("count", 0);
    b.rank = j.value("rank", 0);
    b.pick = j.value("pick", false);
    b.pickedByHand = j.value("picked_by_hand", false);
    b.score = j.value("score", 0.0);
    if (j.contains("score_prompt") && j["score_prompt"].is_number())
        b.scorePrompt = j["score_prompt"].get<double>();
    if (j.contains("score_image") && j["score_image"].is_number())
        b.scoreImage = j["score_image"].get<double>();
    b.scoreTemporal = j.value("score_temporal", 0.0);
    b.scoringSeconds = j.value("scoring_seconds", 0.0);
    return b;
}

HistoryEntry fromJson(const json& j)
{
    HistoryEntry e;
    e.id = j.at("id").get<std::string>();
    e.createdAt = j.value("created_at", "");
    e.status = j.value("status", "done");
    if (j.contains("recipe") && j["recipe"].is_object() && !j["recipe"].empty())
        e.recipeJson = j["recipe"].dump();
    else if (j.contains("recipe") && j["recipe"].is_string())
        e.recipeJson = j["recipe"].get<std::string>();
    e.prompt = j.value("prompt", "");
    e.family = j.value("family", "");
    e.modelId = j.value("model_id", "");
    e.modelRevision = j.value("model_revision", "");
    e.weightHashes = j.value("weight_hashes", std::map<std::string, std::string>{});
    e.outputPath = j.value("output_path", "");
    e.thumbnailPath = j.value("thumbnail_path", "");
    e.durationSeconds = j.value("duration_seconds", 0.0);
    e.peakMemoryBytes = j.value("peak_memory_bytes", std::int64_t{0});
    e.cost = j.value("cost", 0.0);
    e.costCurrency = j.value("cost_currency", "");
    e.rating = std::clamp(j.value("rating", 0), 0, 5);
    e.tags = j.value("tags", std::vector<std::string>{});
    e.log = j.value("log", "");
    if (j.contains("best_of") && j["best_of"].is_object()) // absent in files written before best of N
        e.bestOf = bestOfFromJson(j["best_of"]);
    return e;
}

} // namespace

std::string nowIso8601Utc() { return formatNow("%Y-%m-%dT%H:%M:%SZ", /*utc=*/true); }

HistoryStore::HistoryStore(std::filesystem::path file) : m_file(std::move(file))
{
    std::error_code ec;
    if (!std::filesystem::exists(m_file, ec))
        return;
    try {
        const json root = json::parse(readFileBytes(m_file, 256u << 20));
        if (root.value("schema_version", 0) > kSchemaVersion)
            fail(ErrorCode::InvalidArgument, "written by a newer version of I2V Studio");
        for (const json& j : root.at("entries"))
            m_entries.push_back(fromJson(j));
    } catch (const std::exception& e) {
        m_entries.clear();
        const std::filesystem::path backup = corruptBackupPath(m_file);
        std::filesystem::rename(m_file, backup, ec);
        if (ec && !std::filesystem::copy_file(m_file, backup, ec)) {
            m_saveBlocked = true;
            m_warning = "The history file " + m_file.string() + " could not be read (" + e.what() +
                        ") nor kept as a backup (" + ec.message() + "); new clips are not recorded until it is fixed.";
        } else {
            m_warning = "The history file could not be read (" + std::string(e.what()) + "); it was kept as " +
                        backup.string() + " and a new history was started.";
        }
        logWarning("history: " + m_warning);
    }
}

const HistoryEntry* HistoryStore::find(const std::string& id) const
{
    for (const HistoryEntry& e : m_entries)
        if (e.id == id)
            return &e;
    return nullptr;
}

void HistoryStore::save() const
{
    if (m_saveBlocked)
        fail(ErrorCode::OutputUnwritable, m_file.string() + ": the damaged history file could not be moved aside; "
                                          "it is left untouched");
    json entries = json::array();
    for (const HistoryEntry& e : m_entries) {
        json j = toJson(e);
        if (e.bestOf)
            j["best_of"] = toJson(*e.bestOf);
        entries.push_back(std::move(j));
    }
    const json root{{"schema_version", kSchemaVersion}, {"entries", entries}};
    std::error_code ec;
    std::filesystem::create_directories(m_file.parent_path(), ec);
    writeFileAtomic(m_file, root.dump(1), /*overwrite=*/true);
}

std::string newHistoryId()
{
    static std::atomic<unsigned> counter{0};
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    return std::to_string(ms) + "-" + std::to_string(++counter);
}

bool setPickInEntries(std::vector<HistoryEntry>& entries, const std::string& job, int variation)
{
    const auto inJob = [&](const HistoryEntry& e) { return e.bestOf && e.bestOf->job == job; };
    if (std::none_of(entries.begin(), entries.end(),
                     [&](const HistoryEntry& e) { return inJob(e) && e.bestOf->variation == variation; }))
        return false;
    for (HistoryEntry& e : entries)
        if (inJob(e)) {
            const bool pick = e.bestOf->variation == variation;
            e.bestOf->pick = pick;
            e.bestOf->pickedByHand = pick;
        }
    return true;
}

BestOfCost bestOfJobCost(const std::vector<HistoryEntry>& entries, const std::string& job)
{
    int count = 0;
    double seconds = 0, scoring = 0, cost = 0;
    for (const HistoryEntry& e : entries)
        if (e.bestOf && e.bestOf->job == job) {
            ++count;
            seconds += e.durationSeconds;
            scoring += e.bestOf->scoringSeconds;
            cost += e.cost;
        }
    return count == 0 ? BestOfCost{} : bestOfCost(count, seconds, scoring, cost);
}

std::string HistoryStore::add(HistoryEntry entry) { return addAll({std::move(entry)}).front(); }

std::vector<std::string> HistoryStore::addAll(std::vector<HistoryEntry> entries)
{
    std::vector<std::string> ids;
    const std::size_t before = m_entries.size();
    for (HistoryEntry& entry : entries) {
        if (entry.createdAt.empty())
            entry.createdAt = nowIso8601Utc();
        if (entry.id.empty())
            entry.id = newHistoryId();
        ids.push_back(entry.id);
        m_entries.push_back(std::move(entry));
    }
    try {
        save();
    } catch (...) {
        m_entries.resize(before);
        throw;
    }
    return ids;
}

void HistoryStore::setPick(const std::string& job, int variation)
{
    std::vector<HistoryEntry> changed = m_entries;
    if (!setPickInEntries(changed, job, variation))
        fail(ErrorCode::InvalidArgument, "the history has no variation " + std::to_string(variation) +
                                             " of best-of job " + job);
    std::swap(m_entries, changed);
    try {
        save();
    } catch (...) {
        std::swap(m_entries, changed);
        throw;
    }
}

std::vector<const HistoryEntry*> HistoryStore::jobEntries(const std::string& job) const
{
    std::vector<const HistoryEntry*> out;
    for (const HistoryEntry& e : m_entries)
        if (e.bestOf && e.bestOf->job == job)
            out.push_back(&e);
    std::stable_sort(out.begin(), out.end(),
                     [](const HistoryEntry* a, const HistoryEntry* b) { return a->bestOf->variation < b->bestOf->variation; });
    return out;
}

void HistoryStore::setRating(const std::string& id, int stars)
{
    for (HistoryEntry& e : m_entries)
        if (e.id == id)
            e.rating = std::clamp(stars, 0, 5);
    save();
}

void HistoryStore::setTags(const std::string& id, std::vector<std::string> tags)
{
    for (HistoryEntry& e : m_entries)
        if (e.id == id)
            e.tags = tags;
    save();
}

void HistoryStore::remove(const std::string& id, bool deleteFiles)
{
    auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const HistoryEntry& e) { return e.id == id; });
    if (it == m_entries.end())
        return;
    const HistoryEntry removed = *it;
    const auto index = it - m_entries.begin();
    m_entries.erase(it);
    try {
        save();
    } catch (...) {
        m_entries.insert(m_entries.begin() + index, removed);
        throw;
    }
    std::error_code ec;
    if (!removed.thumbnailPath.empty())
        std::filesystem::remove(removed.thumbnailPath, ec);
    if (deleteFiles && !removed.outputPath.empty()) {
        std::filesystem::remove_all(removed.outputPath, ec);
        std::filesystem::remove(sidecarPathFor(removed.outputPath), ec);
    }
}

std::vector<const HistoryEntry*> HistoryStore::search(const std::string& query) const
{
    std::vector<std::string> words;
    std::istringstream in(lowerAscii(query));
    for (std::string w; in >> w;)
        words.push_back(w);
    std::vector<const HistoryEntry*> out;
    for (auto it = m_entries.rbegin(); it != m_entries.rend(); ++it) {
        std::string hay = it->prompt + " " + it->family + " " + it->modelId + " " +
                          std::filesystem::path(it->outputPath).filename().string();
        for (const std::string& t : it->tags)
            hay += " " + t;
        hay = lowerAscii(hay);
        if (std::all_of(words.begin(), words.end(), [&](const std::string& w) { return hay.find(w) != std::string::npos; }))
            out.push_back(&*it);
    }
    return out;
}

std::vector<DailySummary> HistoryStore::dailySummary() const
{
    std::map<std::string, DailySummary> days;
    for (const HistoryEntry& e : m_entries) {
        if (e.createdAt.size() < 10)
            continue;
        DailySummary& d = days[e.createdAt.substr(0, 10)];
        d.date = e.createdAt.substr(0, 10);
        d.clips += e.status == "done" && (!e.bestOf || e.bestOf->pick) ? 1 : 0;
        d.minutes += e.durationSeconds / 60.0;
        d.cost += e.cost;
    }
    std::vector<DailySummary> out;
    for (auto& [date, d] : days)
        out.push_back(d);
    return out;
}

} // namespace i2v
