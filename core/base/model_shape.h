#pragma once
// What a memory estimate needs to know about a model, read from its configs (never its weights): the
// engine's families describe their models with it (ModelFamily::memoryShape()) and the memory model
// (core/presets/memory_model.h) estimates runs from it. Plain data and pure functions: no torch, no Qt,
// below both the engine and presets.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace i2v {

struct UNetShape {
    std::vector<int> blockOutChannels; // e.g. {320, 640, 1280, 1280}
    std::vector<bool> crossAttention;  // per down level: CrossAttnDownBlock3D?
    int layersPerBlock = 2;
    int attentionHeadDim = 64;         // diffusers' attention_head_dim (heads = channels / this)
    int crossAttentionDim = 1024;
    int inChannels = 4;
};

struct ModelShape {
    std::string family;                 // "i2vgen-xl", "camera-motion"
    UNetShape unet;
    int vaeSpatialFactor = 8;           // 2^(len(vae block_out_channels) - 1)
    int vaeFirstChannels = 128;         // decoder's widest full-resolution width
    int latentChannels = 4;
    std::int64_t weightParams = 0;      // all components; 0 for weight-free families
    std::int64_t weightBytesOnDisk = 0; // sum of the weight files (0 when only configs are known)
    int weightBytesPerParamOnDisk = 2;  // 2 for fp16 files, 4 for fp32
};

// Reads a diffusers I2VGen-XL folder's configs (unet/, vae/, text_encoder/, image_encoder/) and weight
// file sizes when present. Throws std::runtime_error naming the file when a config is missing or invalid.
ModelShape readI2VGenXLShape(const std::filesystem::path& folder);
// Weight-free camera-motion engine.
ModelShape cameraMotionShape();

// Parameter counts of CLIP towers from their config values (exact for transformers' CLIP layout).
std::int64_t clipTextParams(int hidden, int intermediate, int layers, int vocab, int positions);
std::int64_t clipVisionParams(int hidden, int intermediate, int layers, int imageSize, int patchSize,
                              int projectionDim);
// Approximate UNet/VAE parameter counts from channel widths (calibrated on the published model:
// exact for its config, within a few % for proportionally scaled ones).
std::int64_t approxUNetParams(const UNetShape& unet);
std::int64_t approxVaeParams(const std::vector<int>& blockOutChannels, int layersPerBlock);

} // namespace i2v
