#pragma once
// The job types every part of the service shares (runner, batch, queue, history, export, the front ends):
// a job's state, its outcome, and how families are looked up. Nothing here runs anything.

#include "core/base/error.h"
#include "core/request/generation_request.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace i2v {

enum class JobState { Queued, Running, Done, Failed, Cancelled };
const char* jobStateName(JobState s);

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
};

class ModelFamily;
// Finds a family by id; empty = the registry (core/engine/api/registry.h). Tests inject fake families.
using FamilyLookup = std::function<const ModelFamily*(const std::string& familyId)>;

} // namespace i2v
