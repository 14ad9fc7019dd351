#include "core/service/job_types.h"

namespace i2v {

const char* jobStateName(JobState s)
{
    switch (s) {
    case JobState::Queued: return "queued";
    case JobState::Running: return "running";
    case JobState::Done: return "done";
    case JobState::Failed: return "failed";
    case JobState::Cancelled: return "cancelled";
    }
    return "unknown";
}

const std::vector<Image>& variationFrames(const JobOutcome& outcome, std::size_t index)
{
    static const std::vector<Image> none;
    if (index >= outcome.variations.size())
        return none;
    const VariationOutcome& v = outcome.variations[index];
    return v.pick ? outcome.result.frames : v.result.frames;
}

} // namespace i2v
