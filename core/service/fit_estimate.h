#pragma once
// The fit estimate the window shows under the parameters ("fits: 9.8 of 12 GB, about 40 s"), through the
// service: the memory model (core/presets/memory_model.h) for a family's model (ModelFamily::memoryShape)
// and a run on a device with `budgetBytes`, plus the time from this machine's finished jobs. Pure and
// cheap; the window turns the result into sentences and buttons.

#include "core/base/memory_mode.h"
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
    // Where the weights will be (planMemoryMode, core/base/memory_mode.h): what the engine will do when it
    // loads this model for this request on this device. The peak, tiers and nearest setting are for it.
    MemoryMode memoryMode = MemoryMode::Cpu;
    // Low-VRAM mode is off and the setting does not fit, but would in low-VRAM mode: that mode and its peak.
    std::optional<MemoryMode> lowVramMode;
    std::int64_t lowVramPeakBytes = 0;
};

// `shape`: the family's memoryShape() for the chosen model (nullptr when it has none); `run`: the request
// as the memory model sees it (its memoryMode is ignored: it is planned here); `budgetBytes`: the device's
// memory; `lowVram`: the low-VRAM setting; `samples`: this family's finished jobs (their steps are ignored
// for families without a "steps" parameter, whose time is per frame). Tiers and the nearest setting
// respect the family's schema (settingsGridFor).
FitEstimate estimateFit(const ModelFamily& family, const ModelShape* shape, const presets::RunSettings& run,
                        std::int64_t budgetBytes, std::vector<presets::TimingSample> samples, bool lowVram = false);

// The sizes and lengths `family` accepts, from its parameter schema (width/height/frames multiples,
// offsets and ranges; the defaults of presets::SettingsGrid for parameters it does not have).
presets::SettingsGrid settingsGridFor(const ModelFamily& family);

// family.memoryShape(folder); nullopt also when its configs cannot be read (loading the model would
// report that problem).
std::optional<ModelShape> readMemoryShape(const ModelFamily& family, const std::string& folder);

} // namespace i2v
