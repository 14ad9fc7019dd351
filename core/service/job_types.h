#pragma once
// The job types every part of the service shares (runner, batch, queue, history, export, the front ends):
// a job's state, its outcome, and how families are looked up. Nothing here runs anything.

#include "core/base/error.h"
#include "core/engine/api/clip_score.h"
#include "core/request/generation_request.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace i2v {

enum class JobState { Queued, Running, Done, Failed, Cancelled };
const char* jobStateName(JobState s);

// One variation of a best-of-N job (core/service/best_of.h).
struct VariationOutcome {
    int index = 0;                  // 0-based; its files end in "_v<index + 1>"
    std::int64_t seed = 0;
    ClipScore score;
    int rank = 0;                   // 1 = best
    bool pick = false;              // rank 1
    std::vector<std::string> files; // video, sidecar, frames folder
    GenerationRequest used;         // what ran (bestOf 1, its seed and move; image pixels dropped)
    std::string recipeJson;         // written with it (details carry its score, rank and pick)
    // What the engine returned, its details with the score, rank and pick. The frames are kept (for the
    // window's grid, a pick changed by hand and its export) except the pick's: those are moved to
    // JobOutcome::result.frames, not copied (variationFrames() finds either).
    GenerationResult result;
};

struct JobOutcome {
    JobState state = JobState::Queued;
    Error error;                     // set when Failed
    std::vector<std::string> files;  // written outputs (video, sidecar, frames folder)
    GenerationResult result;         // frames kept for preview/export when Done
    double durationMs = 0;           // all attempts together
    std::int64_t peakMemoryBytes = 0;
    // What was actually run (image pixels dropped): the request as asked, or the smaller one the
    // out-of-memory retry used. recipeJson is the recipe written with the output (empty unless Done).
    GenerationRequest used;
    std::string recipeJson;
    bool retriedSmaller = false;     // true when `used` is the out-of-memory retry's smaller setting
    std::vector<std::string> log;    // notes for the job's log and history ("out of memory at ...")
    // Best of N (request.bestOf > 1, Done): all N in index order. files then lists the pick's files first,
    // then the others'; result, used and recipeJson are the pick's. Empty for a plain job.
    std::vector<VariationOutcome> variations;
    double generationMs = 0;         // best of N: time in the engine, all variations
    double scoringMs = 0;            // best of N: time in the CLIP scorer (scorer load excluded)
};

// The frames of variation `index` of a best-of outcome: outcome.result.frames for the pick, else the
// variation's own. Empty when `index` is out of range.
const std::vector<Image>& variationFrames(const JobOutcome& outcome, std::size_t index);

class ModelFamily;
// Finds a family by id; empty = the registry (core/engine/api/registry.h). Tests inject fake families.
using FamilyLookup = std::function<const ModelFamily*(const std::string& familyId)>;

} // namespace i2v
