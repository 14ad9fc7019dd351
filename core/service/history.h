#pragma once
// History of finished jobs: one JSON file (schema_version 1) in the user's data folder, rewritten
// atomically on every change. Deleting an entry never deletes its output file unless asked (its
// thumbnail, which the app made, always goes). Not thread-safe: use from one thread (the GUI thread).

#include "core/service/cost.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace i2v {

// Best of N (core/service/best_of.h): each of a job's N variations is its own entry; they share `job`.
// Stored as an optional "best_of" object, so history files written before it load unchanged (as plain
// clips) and older versions of the app read new files (ignoring it).
struct BestOfInfo {
    std::string job;         // the id shared by the job's entries (newHistoryId())
    int variation = 0;       // 1..count (its files end in "_v<variation>")
    int count = 0;           // N
    int rank = 0;            // 1 = best score
    bool pick = false;       // the kept clip: the scorer's best unless a person chose another
    bool pickedByHand = false;
    double score = 0;        // total (core/engine/api/clip_score.h)
    std::optional<double> scorePrompt;
    std::optional<double> scoreImage;
    double scoreTemporal = 0;
    double scoringSeconds = 0; // this variation's share of the time spent scoring
};

struct HistoryEntry {
    std::string id;             // unique, assigned by add() when empty
    std::string createdAt;      // ISO 8601 UTC, assigned by add() when empty
    std::string status = "done"; // done, failed, cancelled
    std::string recipeJson;     // the full recipe (core/media/recipe.h): "reuse settings" / "re-run exactly"
    std::string prompt;         // copied from the recipe for search and display
    std::string family;
    std::string modelId;
    std::string modelRevision;
    std::map<std::string, std::string> weightHashes; // weight file name -> sha256
    std::string outputPath;
    std::string thumbnailPath;
    double durationSeconds = 0;
    std::int64_t peakMemoryBytes = 0;
    double cost = 0;            // in costCurrency, computed when recorded (core/service/cost.h)
    std::string costCurrency;
    int rating = 0;             // 0..5 stars
    std::vector<std::string> tags;
    std::string log;            // notes such as "out of memory at 768x768; retried at 640x640"
    // Best of N: set for each variation. durationSeconds, cost and bestOf->scoringSeconds are then this
    // variation's share of the job's (job / N), so sums over entries stay the machine's real use.
    std::optional<BestOfInfo> bestOf;
};

// A fresh id (milliseconds since the epoch, "-", a counter): what add() assigns, and a best-of job's id.
std::string newHistoryId();

// The pick rule on a job's entries (see core/service/best_of_pick.h): the entries of `job` get
// pick = (variation == `variation`), pickedByHand on the new pick. Returns false and changes nothing when no
// entry of `job` has that variation.
bool setPickInEntries(std::vector<HistoryEntry>& entries, const std::string& job, int variation);

// What a best-of job cost against one clip (core/service/cost.h bestOfCost), from its entries' shares.
// Variations is 0 when no entry belongs to `job`.
BestOfCost bestOfJobCost(const std::vector<HistoryEntry>& entries, const std::string& job);

struct DailySummary {
    std::string date;   // YYYY-MM-DD (UTC)
    int clips = 0;
    double minutes = 0;
    double cost = 0;            // in costCurrency, computed when recorded (core/service/cost.h)
    std::string costCurrency;
};

class HistoryStore {
public:
    // Loads `file` if it exists. A corrupt file (or one from a newer version) is kept as
    // "<file>.corrupt-<YYYYmmdd-HHMMSS>" and an empty history starts (warning() says so). If it cannot even
    // be moved aside, the store refuses to save (every change throws OutputUnwritable) so it is never lost.
    explicit HistoryStore(std::filesystem::path file);

    const std::vector<HistoryEntry>& entries() const { return m_entries; }
    const std::string& warning() const { return m_warning; }
    const HistoryEntry* find(const std::string& id) const;

    // Adds and saves; returns the stored entry's id. Throws I2vError on write failure (entry not kept).
    std::string add(HistoryEntry entry);
    // Adds all of them with one save (a best-of job's N entries: all or none); returns their ids in order.
    std::vector<std::string> addAll(std::vector<HistoryEntry> entries);
    // Makes variation `variation` (1-based) the pick of best-of job `job` and saves (setPickInEntries).
    // Throws I2vError: InvalidArgument when the job has no such variation, the write errors otherwise
    // (nothing changed then).
    void setPick(const std::string& job, int variation);
    // The entries of best-of job `job`, by variation.
    std::vector<const HistoryEntry*> jobEntries(const std::string& job) const;
    void setRating(const std::string& id, int stars);
    void setTags(const std::string& id, std::vector<std::string> tags);
    // Removes the entry and its thumbnail; deletes its output and sidecar only when deleteFiles.
    void remove(const std::string& id, bool deleteFiles);

    // Entries whose prompt, tags, family or output name contain every word of `query` (case-insensitive
    // ASCII; other scripts match exactly), newest first.
    std::vector<const HistoryEntry*> search(const std::string& query) const;
    // One row per day that has entries, oldest first (for the chart): clips = finished clips kept (of a
    // best-of job only the pick counts); minutes and cost count every run (failed runs and the variations
    // not kept used the machine too).
    std::vector<DailySummary> dailySummary() const;

private:
    void save() const;

    std::filesystem::path m_file;
    std::vector<HistoryEntry> m_entries;
    std::string m_warning;
    bool m_saveBlocked = false;
};

std::string nowIso8601Utc();

} // namespace i2v
