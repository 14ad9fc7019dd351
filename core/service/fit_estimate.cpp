#include "core/service/fit_estimate.h"

#include "core/engine/api/model_family.h"

#include <algorithm>

namespace i2v {

FitEstimate estimateFit(const ModelFamily& family, const ModelShape* shape, const presets::RunSettings& run,
                        std::int64_t budgetBytes, std::vector<presets::TimingSample> samples)
{
    FitEstimate fit;
    const std::vector<ParamSpec> specs = family.parameters();
    if (std::none_of(specs.begin(), specs.end(), [](const ParamSpec& s) { return s.name == "steps"; }))
        for (presets::TimingSample& s : samples)
            s.steps = 1;
    fit.seconds = presets::estimateSeconds(samples, run);
    if (!shape)
        return fit;
    fit.hasShape = true;
    fit.weightFree = !family.needsWeights();
    fit.tiers = presets::recommendTiers(*shape, budgetBytes, run);
    if (fit.weightFree)
        return fit;
    fit.peakBytes = presets::estimateMemory(*shape, run).peakBytes;
    fit.fits = fit.peakBytes <= budgetBytes;
    if (!fit.fits)
        fit.nearest = presets::nearestFitting(*shape, run, budgetBytes);
    return fit;
}

std::optional<ModelShape> readMemoryShape(const ModelFamily& family, const std::string& folder)
{
    try {
        return family.memoryShape(folder);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace i2v
