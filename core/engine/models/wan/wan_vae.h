#pragma once
// Port of diffusers 0.42.1 src/diffusers/models/autoencoders/autoencoder_kl_wan.py: AutoencoderKLWan, the
// causal 3D VAE of Wan2.1 (z 16, stride 4x8x8) and Wan2.2 (is_residual, patch_size 2, z 48, stride 4x16x16),
// with patchify/unpatchify and the chunked encode/decode with the causal feature cache
// (AutoencoderKLWan._encode / _decode). Blocks: wan_vae_blocks.h.
//
// Not ported: tiled encode/decode (use_tiling), batch slicing (use_slicing), forward() (encode + decode),
// posterior sampling (the Wan pipelines take the mode), gradient checkpointing.
// Deviations: encodeMean refuses H or W that is not a multiple of the spatial stride (the reference runs
// but its latents would not decode back to the input size); the per-frame decoder outputs are written into
// one preallocated output instead of one torch.cat per frame (same values, bounded memory). `clip_output` of the
// published Wan2.2 config is read and kept but, as in diffusers 0.42.1, decode always clamps to [-1, 1].

#include "core/base/cancel.h"
#include "core/engine/models/wan/wan_vae_blocks.h"

#include <filesystem>
#include <functional>
#include <optional>

namespace i2v::wan {

// vae/config.json of AutoencoderKLWan; defaults are the reference's __init__ defaults (Wan2.1).
struct WanVaeConfig {
    std::int64_t baseDim = 96;
    std::optional<std::int64_t> decoderBaseDim; // null: baseDim
    std::int64_t zDim = 16;
    std::vector<std::int64_t> dimMult{1, 2, 4, 4};
    std::int64_t numResBlocks = 2;
    std::vector<double> attnScales;
    std::vector<bool> temperalDownsample{false, true, true}; // (sic, the reference's key)
    double dropout = 0.0;                                    // no effect at inference
    std::vector<double> latentsMean;                         // defaults: the reference's 16 Wan2.1 values
    std::vector<double> latentsStd;
    bool isResidual = false;
    std::int64_t inChannels = 3;            // encoder input channels after patchify (12 for Wan2.2)
    std::int64_t outChannels = 3;           // decoder output channels before unpatchify
    std::optional<std::int64_t> patchSize;  // null: no patchify
    std::optional<std::int64_t> scaleFactorTemporal = 4; // what the pipeline uses (vae_scale_factor_temporal)
    std::optional<std::int64_t> scaleFactorSpatial = 8;  // what the pipeline uses (vae_scale_factor_spatial)
    std::optional<bool> clipOutput;         // published Wan2.2 key, ignored by diffusers 0.42.1

    WanVaeConfig();
    std::int64_t decoderDim() const { return decoderBaseDim.value_or(baseDim); }
    std::int64_t patch() const { return patchSize.value_or(1); }
    // Pixel channels of the video (in/out channels before patchify / after unpatchify).
    std::int64_t videoInChannels() const { return inChannels / (patch() * patch()); }
    std::int64_t videoOutChannels() const { return outChannels / (patch() * patch()); }
    // Strides implied by the structure: patch * 2^(levels-1) spatially, 2^(temporal downsamples) in time.
    std::int64_t spatialStride() const;
    std::int64_t temporalStride() const;
    // temperal_downsample reversed (the decoder's temperal_upsample).
    std::vector<bool> temperalUpsample() const { return {temperalDownsample.rbegin(), temperalDownsample.rend()}; }
};

// Reads and validates config.json: every integer bounded before anything is allocated (dims <= 65536,
// levels <= 8, res blocks <= 16, z <= 4096, patch <= 16...), lists typed, the channel arithmetic of the
// residual shortcuts and of patchify checked. Throws I2vError: FileNotFound, FileUnreadable, or
// ModelInvalid naming the file and the key.
WanVaeConfig loadWanVaeConfig(const std::filesystem::path& configJson);
WanVaeConfig parseWanVaeConfig(const std::string& jsonText, const std::string& source);

// For the pipeline: latents_mean / latents_std must have z_dim finite entries (std non-zero) to normalise
// latents; throws ModelInvalid naming `source` otherwise. (The VAE itself does not use them.)
void requireLatentStatistics(const WanVaeConfig& config, const std::string& source);

class AutoencoderKLWanImpl : public torch::nn::Module {
public:
    explicit AutoencoderKLWanImpl(const WanVaeConfig& config);

    // video [B, videoInChannels, T, H, W] in [-1, 1] (cast to the module's device/dtype), H and W multiples of
    // spatialStride(). Encodes the first frame alone, then chunks of 4 frames (frames past 1 + 4k are
    // ignored, as in the reference), through quant_conv. Returns [mean ‖ logvar]:
    // [B, 2*z, (T-1)/4+1, H/s, W/s] in the module dtype.
    torch::Tensor encodeMoments(const torch::Tensor& video);
    // The posterior mean (latent_dist.mode()), UNnormalised: [B, z, (T-1)/4+1, H/s, W/s].
    torch::Tensor encodeMean(const torch::Tensor& video);

    // z [B, z, F, h, w] unnormalised -> [B, videoOutChannels, T, h*s, w*s] clamped to [-1, 1], in the module
    // dtype on its device; T = 1 + (F-1) * temporalStride() for the published configs. post_quant_conv, then
    // one latent frame at a time through the decoder with the causal cache (peak memory: the output plus
    // one latent frame's activations and the cache). `cancel` is checked before every latent frame; onFrame(done, total)
    // runs after each.
    torch::Tensor decode(const torch::Tensor& z, const CancelToken* cancel = nullptr,
                         const std::function<void(std::int64_t, std::int64_t)>& onFrame = {});

    const WanVaeConfig& config() const { return m_config; }

private:
    WanVaeConfig m_config;
    WanEncoder3d encoder{nullptr};
    WanDecoder3d decoder{nullptr};
    WanCausalConv3d quant_conv{nullptr};
    WanCausalConv3d post_quant_conv{nullptr};
};
TORCH_MODULE(AutoencoderKLWan);

// patchify / unpatchify of the reference (channel order c, pw, ph as diffusers lays it out).
// x [B, C, F, H, W] -> [B, C*p*p, F, H/p, W/p] and back. p == 1: identity.
torch::Tensor wanPatchify(const torch::Tensor& x, std::int64_t patchSize);
torch::Tensor wanUnpatchify(const torch::Tensor& x, std::int64_t patchSize);

// Parameters of the model built from `config` (built on the meta device: no memory).
std::int64_t wanVaeParameterCount(const WanVaeConfig& config);

// Builds the model from config.json on `device`/`dtype` (checked against the weights' headers on the meta
// device first), streams the safetensors weights in strictly, eval mode. Throws I2vError (ModelInvalid,
// WeightsCorrupt, FileNotFound ...) naming the file.
AutoencoderKLWan loadAutoencoderKLWan(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                                      torch::Dtype dtype = torch::kFloat32, const torch::Device& device = torch::kCPU);

} // namespace i2v::wan
