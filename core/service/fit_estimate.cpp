#include "core/service/fit_estimate.h"

#include "core/engine/api/model_family.h"

#include <algorithm>

namespace i2v {

presets::SettingsGrid settingsGridFor(const ModelFamily& family)
{
    presets::SettingsGrid grid;
    for (const ParamSpec& s : family.parameters()) {
        if (s.kind != ParamKind::Int)
            continue;
        const int lo = static_cast<int>(lowestAllowed(s)), hi = static_cast<int>(highestAllowed(s));
        if (s.name == "width") {
            grid.widthMultiple = requiredMultiple(s);
            grid.minWidth = lo;
            grid.maxWidth = hi;
        } else if (s.name == "height") {
            grid.heightMultiple = requiredMultiple(s);
            grid.minHeight = lo;
            grid.maxHeight = hi;
        } else if (s.name == "frames") {
            grid.frameMultiple = requiredMultiple(s);
            grid.frameRemainder = requiredOffset(s);
            grid.minFrames = lo;
            grid.maxFrames = hi;
        }
    }
    return grid;
}

FitEstimate estimateFit(const ModelFamily& family, const ModelShape* shape, const presets::RunSettings& wanted,
                        std::int64_t budgetBytes, std::vector<presets::TimingSample> samples, bool lowVram)
{
    FitEstimate fit;
    const std::vector<ParamSpec> specs = family.parameters();
    if (std::none_of(specs.begin(), specs.end(), [](const ParamSpec& s) { return s.name == "steps"; }))
        for (presets::TimingSample& s : samples)
            s.steps = 1;
    fit.seconds = presets::estimateSeconds(samples, wanted);
    if (!shape)
        return fit;
    fit.hasShape = true;
    fit.weightFree = !family.needsWeights();
    const MemoryModeInputs inputs{wanted.cuda, wanted.bytesPerElement, budgetBytes, lowVram};
    fit.memoryMode = fit.weightFree ? MemoryMode::Cpu : planMemoryMode(*shape, inputs);
    presets::RunSettings run = wanted;
    run.memoryMode = fit.memoryMode;
    const presets::SettingsGrid grid = settingsGridFor(family);
    fit.tiers = presets::recommendTiers(*shape, budgetBytes, run, grid);
    if (fit.weightFree)
        return fit;
    fit.peakBytes = presets::estimateMemory(*shape, run).peakBytes;
    fit.fits = fit.peakBytes <= budgetBytes;
    if (fit.fits)
        return fit;
    fit.nearest = presets::nearestFitting(*shape, run, budgetBytes, grid);
    if (!lowVram && wanted.cuda) {
        MemoryModeInputs low = inputs;
        low.lowVram = true;
        presets::RunSettings offloaded = run;
        offloaded.memoryMode = planMemoryMode(*shape, low);
        const std::int64_t peak = presets::estimateMemory(*shape, offloaded).peakBytes;
        if (offloaded.memoryMode != fit.memoryMode && peak <= budgetBytes) {
            fit.lowVramMode = offloaded.memoryMode;
            fit.lowVramPeakBytes = peak;
        }
    }
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
