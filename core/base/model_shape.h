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

// A diffusion transformer over latent patches (Wan): what the memory model needs for one step.
struct TransformerShape {
    int numLayers = 0;       // 0 = no transformer (a UNet family)
    int dim = 0;             // heads * head_dim
    int heads = 0;
    int ffnDim = 0;
    int patchT = 1, patchH = 2, patchW = 2;
    int textTokens = 512;    // cross-attention context (text)
    int imageTokens = 0;     // extra context tokens (CLIP image tokens, Wan2.1 I2V)
    std::int64_t params = 0; // transformer parameters
    std::int64_t textEncoderParams = 0;
    std::int64_t imageEncoderParams = 0;
    std::int64_t vaeParams = 0;
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
    TransformerShape transformer;       // set for transformer families (Wan); then `unet` is empty
    int vaeTemporalFactor = 1;          // frames per latent frame after the first (Wan: 4)
    // What the family's engine can keep off the GPU in low-VRAM mode (core/base/memory_mode.h):
    bool offloadsEncoders = false;      // text/image encoders in system RAM, on the GPU only while they run
    bool streamsBlocks = false;         // transformer blocks streamed from pinned system RAM
    std::int64_t encoderParams = 0;     // text + image encoders (what encoder offload keeps off the GPU)
    std::int64_t largestEncoderParams = 0; // the larger of the two (on the GPU while it runs)
    // The largest single weight tensor (Wan: UMT5's 256384-row token embedding): a load holds one tensor in
    // flight next to the weights already placed. 0 = not modelled (negligible next to a step's transients).
    std::int64_t largestTensorParams = 0;
};

// Reads a diffusers I2VGen-XL folder's configs (unet/, vae/, text_encoder/, image_encoder/) and weight
// file sizes when present. Throws std::runtime_error naming the file when a config is missing or invalid.
ModelShape readI2VGenXLShape(const std::filesystem::path& folder);
// Reads a diffusers Wan folder's configs (transformer/, vae/, text_encoder/, image_encoder/ when listed).
// Parameter counts are exact formulas of the diffusers / transformers layouts (weights are bf16 shards
// whose file sizes say nothing about fp16 vs fp32, so weightBytesOnDisk stays 0). Throws
// std::runtime_error naming the file when a config is missing or invalid.
ModelShape readWanShape(const std::filesystem::path& folder);
// WanTransformer3DModel parameters from its config values (exact).
std::int64_t wanTransformerParams(int layers, int heads, int headDim, int ffnDim, int inChannels, int outChannels,
                                  int textDim, int freqDim, int patchT, int patchH, int patchW, int imageDim,
                                  int addedKvProjDim, bool crossAttnNorm, int posEmbedSeqLen);
// UMT5EncoderModel parameters (one embedding table, per-layer relative attention bias, gated FFN).
std::int64_t umt5EncoderParams(int dModel, int dKv, int dFf, int layers, int heads, int vocab, int buckets,
                               bool gated);

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
