#pragma once
// Recording a finished job in the history, the same way for every job whatever started it (the window,
// `i2v generate`, `i2v batch`): the recipe of what actually ran, the output, time, peak memory and cost,
// the log notes, a thumbnail and the SHA-256 of the model's weights. The window splits the work across
// threads (the slow part on a pool thread, the store on the GUI thread); the command line calls
// recordJob().

#include "core/service/cost.h"
#include "core/service/history.h"
#include "core/service/job_types.h"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace i2v {

class WeightHashCache;

// Where the history lives: <data folder>/history.json, thumbnails/, weight_hashes.json and cost.json.
// The default data folder is userDataDir() ($XDG_DATA_HOME/i2v-studio).
std::filesystem::path historyFileIn(const std::filesystem::path& dataFolder);
std::filesystem::path weightHashFileIn(const std::filesystem::path& dataFolder);

// The machine cost settings the history prices clips with, kept beside it (<data folder>/cost.json) so
// the command line prices its clips like the window (which writes it from Preferences). A missing or
// unreadable file is Mode::None.
CostSettings readCostSettings(const std::filesystem::path& dataFolder);
// Writes cost.json atomically (replacing it); throws I2vError on write failure.
void writeCostSettings(const std::filesystem::path& dataFolder, const CostSettings& cost);

// The entry for a job that ended (done, failed or cancelled): status, the recipe that ran (outcome.used,
// the out-of-memory retry's smaller setting when there was one), prompt, family, model, output (the file
// actually written), duration, peak memory, cost from `cost`, and the log (notes, then the error or
// "cancelled"). `request`: what was submitted. No thumbnail or hashes yet: completeHistoryEntry.
// A best-of job's entry here is the job as one clip (the pick's recipe and output, the whole job's time and
// cost, every variation's score in the log): historyEntriesFor() is what gets recorded.
HistoryEntry historyEntryFor(const GenerationRequest& request, const JobOutcome& outcome, const CostSettings& cost);

// The entries to record for a job: one for a plain job (historyEntryFor); for a finished best-of-N job one
// per variation, in variation order, sharing a fresh job id (HistoryEntry::bestOf: variation, rank, pick,
// scores), each with its own recipe and output and 1/N of the job's time, cost and scoring time.
std::vector<HistoryEntry> historyEntriesFor(const GenerationRequest& request, const JobOutcome& outcome,
                                            const CostSettings& cost);

// The slow part, on any thread but the GUI's: the thumbnail (the middle frame of the entry's clip, a
// best-of variation's own, at most 192 px wide, as a
// PNG in <data folder>/thumbnails, named after the output) and the weight hashes of `modelDir` (cached in
// `hashes`; `shouldStop` is polled). Never throws: what fails is noted in entry.log.
void completeHistoryEntry(HistoryEntry& entry, const JobOutcome& outcome, const std::string& modelDir,
                          const std::filesystem::path& dataFolder, WeightHashCache& hashes,
                          const std::function<bool()>& shouldStop = {});

// All of it at once, for the command line: builds and completes the entries (historyEntriesFor) and adds
// them to the history in `dataFolder` with one save (the cost from readCostSettings(dataFolder)). Returns
// the id of the kept clip's entry (a best-of job's pick). Throws I2vError when the history cannot be written.
std::string recordJob(const std::filesystem::path& dataFolder, const GenerationRequest& request,
                      const JobOutcome& outcome);

} // namespace i2v
