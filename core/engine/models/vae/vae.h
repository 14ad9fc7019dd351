#pragma once
// Port of diffusers src/diffusers/models/autoencoders/vae.py (v0.31.0): Encoder, Decoder and
// DiagonalGaussianDistribution. Not ported: the "spatial" norm_type decoder (MoVQ), gradient
// checkpointing, the tiny/consistency autoencoders.

#include "core/engine/models/vae/unet_2d_blocks.h"

#include <optional>
#include <vector>

namespace i2v {

struct VaeCoderOptions {
    std::int64_t inChannels = 3;
    std::int64_t outChannels = 3;
    std::vector<std::int64_t> blockOutChannels{64};
    std::int64_t layersPerBlock = 2;
    std::int64_t normNumGroups = 32;
    std::string actFn = "silu";
    bool doubleZ = true; // encoder only: 2 * outChannels outputs (mean and logvar)
    bool midBlockAddAttention = true;
};

// conv_in -> down_blocks (DownEncoderBlock2D, downsample on all but the last) -> mid_block ->
// conv_norm_out -> SiLU -> conv_out. x [N, in, H, W] -> [N, 2*out (doubleZ) or out, H/f, W/f],
// f = 2^(blocks-1).
class EncoderImpl : public torch::nn::Module {
public:
    explicit EncoderImpl(const VaeCoderOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

private:
    std::string m_act;
    nn::Conv2d conv_in{nullptr};
    torch::nn::ModuleList down_blocks;
    UNetMidBlock2D mid_block{nullptr};
    nn::GroupNorm conv_norm_out{nullptr};
    nn::Conv2d conv_out{nullptr};
};
TORCH_MODULE(Encoder);

// conv_in -> mid_block -> up_blocks (UpDecoderBlock2D with layersPerBlock + 1 resnets, upsample on all
// but the last) -> conv_norm_out -> SiLU -> conv_out. z [N, in, h, w] -> [N, out, h*f, w*f].
class DecoderImpl : public torch::nn::Module {
public:
    explicit DecoderImpl(const VaeCoderOptions& options);
    torch::Tensor forward(const torch::Tensor& z);

private:
    std::string m_act;
    nn::Conv2d conv_in{nullptr};
    UNetMidBlock2D mid_block{nullptr};
    torch::nn::ModuleList up_blocks;
    nn::GroupNorm conv_norm_out{nullptr};
    nn::Conv2d conv_out{nullptr};
};
TORCH_MODULE(Decoder);

// The posterior q(z|x) given the encoder moments [N, 2C, h, w] = mean ‖ logvar (channel halves).
// logvar is clamped to [-30, 20]; std = exp(logvar / 2). All tensors [N, C, h, w].
class DiagonalGaussianDistribution {
public:
    explicit DiagonalGaussianDistribution(const torch::Tensor& moments);
    const torch::Tensor& mean() const { return m_mean; }
    const torch::Tensor& logvar() const { return m_logvar; }
    const torch::Tensor& std() const { return m_std; }
    torch::Tensor mode() const { return m_mean; }
    // mean + std * N(0, 1). The noise is drawn with `generator` (on the generator's device, then moved,
    // as diffusers' randn_tensor does), or from torch's global default generator when none is given
    // (what the I2VGen-XL pipeline does: `latent_dist.sample()` without its generator).
    torch::Tensor sample(std::optional<at::Generator> generator = std::nullopt) const;
    // mean + std * noise with caller-supplied noise of the mean's shape (tests, reproducibility).
    torch::Tensor sampleWithNoise(const torch::Tensor& noise) const;

private:
    torch::Tensor m_mean, m_logvar, m_std;
};

} // namespace i2v
