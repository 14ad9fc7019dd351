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
};

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
    void setRating(const std::string& id, int stars);
    void setTags(const std::string& id, std::vector<std::string> tags);
    // Removes the entry and its thumbnail; deletes its output and sidecar only when deleteFiles.
    void remove(const std::string& id, bool deleteFiles);

    // Entries whose prompt, tags, family or output name contain every word of `query` (case-insensitive
    // ASCII; other scripts match exactly), newest first.
    std::vector<const HistoryEntry*> search(const std::string& query) const;
    // One row per day that has entries, oldest first (for the chart): clips = finished clips; minutes and
    // cost count every run (failed runs used the machine too).
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
