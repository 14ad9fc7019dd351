#include "core/base/memory_mode.h"

#include <algorithm>

namespace i2v {

MemoryMode planMemoryMode(const ModelShape& model, const MemoryModeInputs& in)
{
    if (!in.cuda || model.weightParams <= 0)
        return MemoryMode::Cpu;
    if (!in.lowVram || !model.offloadsEncoders)
        return MemoryMode::Resident;
    if (model.streamsBlocks && model.transformer.numLayers > 0) {
        const std::int64_t transformerBytes = model.transformer.params * std::max(1, in.bytesPerElement);
        if (in.deviceBytes <= 0 || transformerBytes > in.deviceBytes / 2)
            return MemoryMode::BlockOffload;
    }
    return MemoryMode::EncoderOffload;
}

const char* memoryModeId(MemoryMode mode)
{
    switch (mode) {
    case MemoryMode::Cpu: return "cpu";
    case MemoryMode::Resident: return "resident";
    case MemoryMode::EncoderOffload: return "encoder-offload";
    case MemoryMode::BlockOffload: return "block-offload";
    }
    return "resident";
}

std::optional<MemoryMode> memoryModeFromId(const std::string& id)
{
    for (MemoryMode m : {MemoryMode::Cpu, MemoryMode::Resident, MemoryMode::EncoderOffload, MemoryMode::BlockOffload})
        if (id == memoryModeId(m))
            return m;
    return std::nullopt;
}

std::string memoryModeDescription(MemoryMode mode)
{
    switch (mode) {
    case MemoryMode::Cpu: return "on the CPU: all weights in system RAM";
    case MemoryMode::Resident: return "all weights on the GPU";
    case MemoryMode::EncoderOffload:
        return "low-VRAM mode: text and image encoders in system RAM, on the GPU only while they run";
    case MemoryMode::BlockOffload:
        return "low-VRAM mode: encoders in system RAM, transformer blocks streamed from system RAM (slower)";
    }
    return {};
}

} // namespace i2v
