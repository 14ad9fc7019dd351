#pragma once
// Compares a loaded pipeline with the fixture's golden tensors (tests/data/i2vgenxl-tiny/golden) stage by
// stage, feeding each stage the stored inputs, on any device/dtype. Used by i2v-bench --golden to check
// CUDA float32/float16 builds where the Qt tests are not built; needs no image decoding.

#include "core/engine/models/i2vgen_xl/pipeline_i2vgen_xl.h"

#include <filesystem>
#include <string>
#include <vector>

namespace i2v {

struct GoldenStageError {
    std::string stage;     // "prompt_embeds", "step1.noise_pred", "frames_uint8", ...
    double maxAbsError = 0; // for frames_uint8: the largest difference in 0..255 units
    double tolerance = 0;   // the fixture README's float32 tolerance
    std::string note;       // e.g. "12 of 49152 values differ"
};

// Runs: text encoder on the golden token ids, image encoder on the golden CLIP pixels, VAE encode on the
// golden VAE input, image latents from the golden posterior and noise, each UNet step on its golden
// input, the whole DDIM loop from the golden initial latents with golden conditioning, decode, and the
// uint8 frames. Throws I2vError (FileNotFound, WeightsCorrupt) when golden files are missing.
std::vector<GoldenStageError> checkAgainstGolden(I2VGenXLPipeline& pipeline, const std::filesystem::path& goldenDir);

} // namespace i2v
