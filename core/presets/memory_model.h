#pragma once
// Memory and time model for a generation: pure functions, no torch, no Qt. Used for the "fits: 9.8 of
// 12 GB, about 40 s" line before Generate, for hardware tiers (Draft / Standard / Best) and for the
// out-of-memory ladder. All sizes in bytes, times in seconds.
//
// The estimate is peak device memory during a generation = resident weights + the largest transient of
// the three phases (UNet step, VAE decode of one chunk, encoders), plus a fixed runtime overhead (CUDA
// context, allocator slack); or, when larger, the load's peak (the weights and the one tensor in flight). The UNet step is modelled from its config: the skip tensors the up path
// keeps, a working set of a few tensors at the widest level, and attention scores (quadratic in tokens
// when the attention kernel materialises them, none for flash / memory-efficient SDPA).

#include "core/base/memory_mode.h"
#include "core/base/model_shape.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace i2v::presets {

// The model description (UNetShape, ModelShape) and its config reader live in core/base/model_shape.h, so
// the engine can describe its models without depending on presets; presets names them as before.
using i2v::approxUNetParams;
using i2v::approxVaeParams;
using i2v::cameraMotionShape;
using i2v::clipTextParams;
using i2v::clipVisionParams;
using i2v::ModelShape;
using i2v::readI2VGenXLShape;
using i2v::UNetShape;

enum class AttentionKernel { Math, MemoryEfficient };

struct RunSettings {
    int width = 512;
    int height = 512;
    int frames = 16;
    int steps = 50;
    int decodeChunk = 1;
    int bytesPerElement = 2;       // 2 = float16/bfloat16, 4 = float32
    bool cuda = true;
    AttentionKernel attention = AttentionKernel::MemoryEfficient;
    // Where the weights are kept (core/base/memory_mode.h planMemoryMode): offloaded encoders are on the
    // device only while they run, streamed transformer blocks one (plus the one being copied in) at a time.
    MemoryMode memoryMode = MemoryMode::Resident;
};

// The sizes and lengths a family accepts, as numbers (the service reads them from the family's parameter
// schema: core/service/fit_estimate.h settingsGridFor): width/height multiples and ranges, and frames of the
// form frameMultiple * k + frameRemainder within their range (Wan: 4k + 1).
struct SettingsGrid {
    int widthMultiple = 8, heightMultiple = 8;
    int minWidth = 8, maxWidth = 1 << 14;
    int minHeight = 8, maxHeight = 1 << 14;
    int frameMultiple = 1, frameRemainder = 0;
    int minFrames = 1, maxFrames = 1 << 14;
};
// The allowed value of the form multiple * k + remainder in [lo, hi] nearest to `value` (ties upwards);
// the lowest allowed one when the range holds none.
int nearestOnGrid(double value, int multiple, int remainder, int lo, int hi);

struct MemoryEstimate {
    std::int64_t weightsBytes = 0;
    std::int64_t unetStepBytes = 0;   // transient peak of one guided UNet call
    std::int64_t vaeDecodeBytes = 0;  // transient peak of one decode chunk
    std::int64_t encodersBytes = 0;   // transient peak of text/image encoding + VAE encode
    std::int64_t overheadBytes = 0;   // runtime context + allocator slack
    std::int64_t loadBytes = 0;       // transient of loading: one weight tensor in flight (0 when not modelled)
    std::int64_t peakBytes = 0;       // weights + overhead + max(transients + 5 % slack, load transient)
};

// Contract: monotone non-decreasing in width, height, frames and decodeChunk; weight-free families
// cost only frame buffers. run.memoryMode: offloaded encoders leave the resident weights and join the
// encoder phase (the larger one at a time); streamed blocks leave two blocks of the transformer resident.
MemoryEstimate estimateMemory(const ModelShape& model, const RunSettings& run);

// A measured run (from history) used to predict time on this machine.
struct TimingSample {
    int width = 0, height = 0, frames = 0, steps = 0;
    double seconds = 0;
};
// Seconds for `run`, scaling the median per-(step × pixel × frame) cost of comparable samples (same
// family and device, supplied by the caller); nullopt when there is no history.
std::optional<double> estimateSeconds(const std::vector<TimingSample>& history, const RunSettings& run);

struct Tier {
    std::string name;  // "Draft", "Standard", "Best"
    RunSettings run;
    MemoryEstimate memory;
};

// The ladder of settings from small to large that tiers and the OOM fallback walk along: fixed rungs of
// long side, frames and steps, the short side from `base`'s aspect, every size and length moved to the
// nearest value `grid` allows (duplicates that this creates are dropped). Everything else is `base`'s.
std::vector<RunSettings> settingsLadder(const RunSettings& base, const SettingsGrid& grid = {});
// Draft / Standard / Best for a device with `availableBytes` free: Best = the largest ladder entry that
// fits with 10 % headroom, Standard = the entry below it, Draft = the smallest. Empty if nothing fits.
std::vector<Tier> recommendTiers(const ModelShape& model, std::int64_t availableBytes, const RunSettings& base,
                                 const SettingsGrid& grid = {});
// The next smaller ladder entry than `failed` (by estimated peak); nullopt at the bottom. Used by the
// out-of-memory retry.
std::optional<RunSettings> nextTierDown(const ModelShape& model, const RunSettings& failed,
                                        const SettingsGrid& grid = {});
// The largest ladder entry no larger than `wanted` that fits `availableBytes` (the "nearest setting
// that would fit" hint); nullopt if none.
std::optional<RunSettings> nearestFitting(const ModelShape& model, const RunSettings& wanted,
                                          std::int64_t availableBytes, const SettingsGrid& grid = {});

// "9.8 GB" with one decimal (GiB-based, as GPU tools show it).
std::string formatGigabytes(std::int64_t bytes);

} // namespace i2v::presets
