#pragma once
// This machine's timing history for the time estimate (presets::estimateSeconds): the finished jobs of
// the history store (history.h, owned by the history panel; only read here) turned into TimingSamples.

#include "core/presets/memory_model.h"
#include "core/service/history.h"

#include <string>
#include <vector>

namespace i2v {

// Samples of finished ("done") entries of `family` with a duration, sizes read from their recipes.
// Entries whose recipe does not parse, and runs retried after out-of-memory (their log says so; the
// time covers two attempts), are skipped.
std::vector<presets::TimingSample> timingSamplesFor(const std::vector<HistoryEntry>& entries,
                                                    const std::string& family);

} // namespace i2v
