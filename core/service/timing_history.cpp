#include "core/service/timing_history.h"

#include "core/media/recipe.h"

namespace i2v {

std::vector<presets::TimingSample> timingSamplesFor(const std::vector<HistoryEntry>& entries,
                                                    const std::string& family)
{
    std::vector<presets::TimingSample> samples;
    for (const HistoryEntry& e : entries) {
        if (e.status != "done" || e.durationSeconds <= 0 || e.family != family || e.recipeJson.empty())
            continue;
        if (e.log.find("out of memory") != std::string::npos)
            continue; // retried after out-of-memory: its time covers two attempts
        try {
            const GenerationRequest r = recipeFromJson(e.recipeJson);
            samples.push_back({r.width, r.height, r.frames, r.steps, e.durationSeconds});
        } catch (const std::exception&) {
            continue; // a recipe from a newer version or damaged: no sample
        }
    }
    return samples;
}

} // namespace i2v
