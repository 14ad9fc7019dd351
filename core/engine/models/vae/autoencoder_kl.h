#pragma once
// Port of diffusers src/diffusers/models/autoencoders/autoencoder_kl.py (v0.31.0): AutoencoderKL with
// encoder, decoder, optional quant_conv / post_quant_conv (registered only when the config has them),
// plus the I2VGen-XL pipeline's chunked video decode (pipeline_i2vgen_xl.py decode_latents).
// Not ported: tiled encode/decode, batch slicing (decodeVideo's frame chunks bound memory instead).

#include "core/base/cancel.h"
#include "core/engine/models/vae/vae.h"

#include <filesystem>
#include <functional>
#include <optional>

namespace i2v {

// vae/config.json.
struct AutoencoderKLConfig {
    std::int64_t inChannels = 3;
    std::int64_t outChannels = 3;
    std::vector<std::string> downBlockTypes{"DownEncoderBlock2D"};
    std::vector<std::string> upBlockTypes{"UpDecoderBlock2D"};
    std::vector<std::int64_t> blockOutChannels{64};
    std::int64_t layersPerBlock = 1;
    std::string actFn = "silu";
    std::int64_t latentChannels = 4;
    std::int64_t normNumGroups = 32;
    std::int64_t sampleSize = 32;
    double scalingFactor = 0.18215;
    std::optional<double> shiftFactor; // null in SD-style VAEs
    bool forceUpcast = true;           // diffusers runs this VAE in float32 when the pipeline is fp16
    bool useQuantConv = true;
    bool usePostQuantConv = true;
    bool midBlockAddAttention = true;

    // Spatial down factor between pixels and latents: 2^(number of blocks - 1).
    std::int64_t spatialScaleFactor() const { return std::int64_t(1) << (blockOutChannels.size() - 1); }
};

// Throws I2vError(ModelInvalid) naming the file and key (missing keys, unknown block types, channel counts
// not divisible by norm_num_groups, mismatched list lengths).
AutoencoderKLConfig loadAutoencoderKLConfig(const std::filesystem::path& configJson);

class AutoencoderKLImpl : public torch::nn::Module {
public:
    explicit AutoencoderKLImpl(const AutoencoderKLConfig& config);

    // Encoder + quant_conv output: [N, 2 * latent, H/f, W/f] (mean ‖ logvar). x: [N, in, H, W] in [-1, 1],
    // cast to the module dtype; H and W multiples of f.
    torch::Tensor encodeMoments(const torch::Tensor& x);
    // The posterior of `encodeMoments(x)`.
    DiagonalGaussianDistribution encode(const torch::Tensor& x);
    // post_quant_conv + decoder: z [N, latent, h, w] (unscaled) -> [N, out, h*f, w*f].
    torch::Tensor decode(const torch::Tensor& z);

    // pipeline_i2vgen_xl decode_latents: latents [B, C, F, h, w] (scaled by scaling_factor) are divided by
    // scaling_factor, frames are folded into the batch in (b, f) order and decoded `chunkSize` frames at a
    // time (<= 0: all at once). Returns float32 [B, out, F, H, W] on the latents' device. `cancel` is
    // checked before every chunk; `onChunk(framesDone, framesTotal)` runs after every chunk.
    torch::Tensor decodeVideo(const torch::Tensor& latents, std::int64_t chunkSize,
                              const CancelToken* cancel = nullptr,
                              const std::function<void(std::int64_t, std::int64_t)>& onChunk = {});

    const AutoencoderKLConfig& config() const { return m_config; }

private:
    AutoencoderKLConfig m_config;
    Encoder encoder{nullptr};
    Decoder decoder{nullptr};
    nn::Conv2d quant_conv{nullptr};
    nn::Conv2d post_quant_conv{nullptr};
};
TORCH_MODULE(AutoencoderKL);

// Builds the model from config.json directly on `device`/`dtype` (no random initialisation), loads the
// safetensors weights strictly, eval mode. Throws I2vError (ModelInvalid, WeightsCorrupt, FileNotFound ...).
AutoencoderKL loadAutoencoderKL(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                                torch::Dtype dtype = torch::kFloat32, const torch::Device& device = torch::kCPU);

} // namespace i2v
