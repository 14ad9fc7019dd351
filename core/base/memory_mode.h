#pragma once
// Where a pipeline keeps its weights while it runs ("memory mode"): decided by one pure function of the
// model (its ModelShape, core/base/model_shape.h), the request's device and precision, the device's memory
// and the low-VRAM setting. The engine carries the plan out when it loads a model (Wan, I2VGen-XL), the
// memory model (core/presets) estimates the peak of that mode, and the window says it before Generate, so
// what the window says is what runs. Plain data, no torch, no Qt.

#include "core/base/model_shape.h"

#include <cstdint>
#include <optional>
#include <string>

namespace i2v {

enum class MemoryMode {
    Cpu,            // the device is the CPU (or the engine needs no weights): everything in system memory
    Resident,       // every weight on the GPU for the whole job
    EncoderOffload, // low-VRAM: text/image encoders in system RAM, on the GPU only while they run
    BlockOffload,   // low-VRAM and the transformer too large: encoders as above, and the transformer's blocks
                    // streamed from pinned system memory one at a time (slower)
};

// The key in GenerationResult::details (and so in the recipe) that records the mode a job ran in.
inline constexpr const char* kMemoryModeDetail = "memory_mode";

struct MemoryModeInputs {
    bool cuda = false;              // the request runs on a CUDA device ("auto" on a machine with a GPU)
    int bytesPerElement = 2;        // of the weights: 2 = float16/bfloat16, 4 = float32
    std::int64_t deviceBytes = 0;   // the device's total memory; <= 0 = unknown
    bool lowVram = false;           // the user's low-VRAM setting (runtime_info.h setLowVramMode)
};

// Contract:
//   * Cpu when !cuda or the model has no weights (model.weightParams == 0);
//   * Resident when the low-VRAM setting is off, or the family's engine cannot offload (!model.offloadsEncoders);
//   * else BlockOffload when the engine can stream transformer blocks (model.streamsBlocks) and the
//     transformer's weights (transformer.params * bytesPerElement) take more than half of the device's memory
//     (or the memory is unknown): the other half is what a step's activations at the trained sizes, an
//     encoder's visit and the VAE need (the 14B Wan2.1 transformer, 30.5 GiB in bf16, streams on a 24 or 48 GB
//     card and stays resident on 80 GB; the 5B Wan2.2 one, 9.3 GiB, never streams on 24 GB);
//   * else EncoderOffload.
// Independent of the output size and length, so a loaded pipeline keeps its mode for every request.
MemoryMode planMemoryMode(const ModelShape& model, const MemoryModeInputs& inputs);

// "cpu", "resident", "encoder-offload", "block-offload": the value recorded under kMemoryModeDetail.
const char* memoryModeId(MemoryMode mode);
std::optional<MemoryMode> memoryModeFromId(const std::string& id);
// One English phrase for logs and the History ("low-VRAM mode: text and image encoders in system RAM,
// transformer blocks streamed from system RAM (slower)").
std::string memoryModeDescription(MemoryMode mode);

} // namespace i2v
