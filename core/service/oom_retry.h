#pragma once
// The out-of-memory ladder of the runner: which smaller setting a job that ran out of memory is retried
// at (once), and how that is said in the log. Pure apart from reading the model's configs through
// ModelFamily::memoryShape().

#include "core/request/generation_request.h"
#include "core/presets/memory_model.h"

#include <optional>
#include <string>

namespace i2v {

class ModelFamily;

// The memory model's view of a request: size, frames, steps, decode chunk, element size (float32 when
// asked for or on the CPU, else 2 bytes) and whether it runs on CUDA ("auto" counts as CUDA).
presets::RunSettings runSettingsFor(const GenerationRequest& request);

// The request to retry after an out-of-memory failure of `failed`: the memory model's next tier down
// (presets::nextTierDown on the family's memoryShape()), never larger than `failed` in width, height or
// frames, rounded down to the family's size multiples and within its ranges; decode chunk 1 (same frames,
// less memory). Steps, seed, prompt and output stay as asked (steps do not change peak memory).
// nullopt when the family offers no memory shape, its configs cannot be read, or nothing smaller exists.
std::optional<GenerationRequest> smallerAfterOutOfMemory(const ModelFamily& family, const GenerationRequest& failed);

// "768×768×24" (width × height × frames).
std::string sizeLabel(const GenerationRequest& request);

} // namespace i2v
