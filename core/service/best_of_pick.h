#pragma once
// The pick of a best-of-N job changed by hand (the window's "Make this the pick"). The rule, in one place:
//  - exactly one variation is the pick; the ranks stay the scorer's (1 = best score), so a pick whose rank
//    is not 1 shows that a person chose it;
//  - everything that stands for "the clip" of the job follows the pick: the outcome's result, used,
//    recipeJson and files (the pick's first, as the runner orders them), which the front ends preview and
//    export;
//  - the recipes record it: result.details best_of_pick "yes"/"no" on every variation, and on the pick
//    best_of_pick_by "hand" (absent: the scorer's pick);
//  - on disk, the sidecar of every variation whose recorded flag changed is rewritten (the video's container
//    tags keep what was written with it: the sidecar is what recipeOfClip() reads first);
//  - in the history, the job's entries follow: setPickInEntries (core/service/history.h).
// The front ends only forward the intent.

#include "core/service/job_types.h"

#include <cstddef>
#include <string>
#include <vector>

namespace i2v {

// Returns `outcome` with variation `index` (0-based, VariationOutcome::index order) as its pick. The frames
// are moved, not copied: the old pick's go back to its VariationOutcome::result, the new pick's to
// outcome.result (pass an rvalue to avoid copying them at all). Promoting the current pick again only marks
// it as chosen by hand. Throws I2vError(InvalidArgument) when the outcome is not a finished best-of job or
// `index` is out of range; the outcome is then unchanged.
JobOutcome withPick(JobOutcome outcome, std::size_t index);

// `recipeJson` (a recipe from recipeToJson, or a sidecar's text) with result.details best_of_pick set to
// "yes"/"no" and best_of_pick_by "hand" on the pick (removed otherwise when `byHand` is false). Throws
// I2vError(InvalidArgument) when the text is not a JSON object.
std::string recipeWithPick(const std::string& recipeJson, bool pick, bool byHand);

// Brings the sidecars of `outcome`'s variations in line with their pick flags: each sidecar whose recorded
// best_of_pick (or best_of_pick_by) differs is rewritten atomically with the variation's recipeJson. A
// sidecar that no longer exists is left alone (the user may have removed it). Returns the sidecars
// rewritten. Throws I2vError naming the file when one cannot be read or written (those before it are
// already rewritten; calling again finishes the job).
std::vector<std::string> writePickToSidecars(const JobOutcome& outcome);

} // namespace i2v
