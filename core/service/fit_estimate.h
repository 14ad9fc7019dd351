#pragma once
// The fit estimate the window shows under the parameters ("fits: 9.8 of 12 GB, about 40 s"), through the
// service: the memory model (core/presets/memory_model.h) for a family's model (ModelFamily::memoryShape)
// and a run on a device with `budgetBytes`, plus the time from this machine's finished jobs. Pure and
// cheap; the window turns the result into sentences and buttons.

#include "core/base/model_shape.h"
#include "core/presets/memory_model.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace i2v {

class ModelFamily;

struct FitEstimate {
    bool hasShape = false;        // the family described its model; false: no memory estimate
    bool weightFree = false;      // needs no weights (renders on the CPU): only the time matters
    std::optional<double> seconds; // nullopt without comparable finished jobs
    std::int64_t peakBytes = 0;   // estimated peak memory (families with weights and a shape)
    bool fits = true;             // peakBytes within the budget (always true without an estimate)
    std::optional<presets::RunSettings> nearest; // when it does not fit: the nearest setting that does
    std::vector<presets::Tier> tiers;            // Draft / Standard / Best for the budget (empty: none fits)
};

// `shape`: the family's memoryShape() for the chosen model (nullptr when it has none); `samples`: this
// family's finished jobs (their steps are ignored for families without a "steps" parameter, whose time
// is per frame).
FitEstimate estimateFit(const ModelFamily& family, const ModelShape* shape, const presets::RunSettings& run,
                        std::int64_t budgetBytes, std::vector<presets::TimingSample> samples);

// family.memoryShape(folder); nullopt also when its configs cannot be read (loading the model would
// report that problem).
std::optional<ModelShape> readMemoryShape(const ModelFamily& family, const std::string& folder);

} // namespace i2v
