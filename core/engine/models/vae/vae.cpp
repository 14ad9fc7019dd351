// Port of diffusers src/diffusers/models/autoencoders/vae.py (v0.31.0): Encoder, Decoder,
// DiagonalGaussianDistribution (group-norm decoder only; see vae.h).

#include "core/engine/models/vae/vae.h"

#include "core/base/error.h"
#include "core/engine/nn/activations.h"

namespace i2v {

EncoderImpl::EncoderImpl(const VaeCoderOptions& o) : m_act(o.actFn)
{
    const auto& ch = o.blockOutChannels;
    conv_in = register_module("conv_in", nn::Conv2d(o.inChannels, ch.front(), 3, 1, 1));
    down_blocks = register_module("down_blocks", torch::nn::ModuleList());
    std::int64_t outCh = ch.front();
    for (std::size_t i = 0; i < ch.size(); ++i) {
        const std::int64_t inCh = outCh;
        outCh = ch[i];
        VaeBlockOptions b;
        b.inChannels = inCh;
        b.outChannels = outCh;
        b.numLayers = o.layersPerBlock;
        b.actFn = o.actFn;
        b.groups = o.normNumGroups;
        down_blocks->push_back(DownEncoderBlock2D(b, i + 1 != ch.size(), 0));
    }
    VaeBlockOptions mid;
    mid.inChannels = mid.outChannels = ch.back();
    mid.actFn = o.actFn;
    mid.groups = o.normNumGroups;
    mid_block = register_module("mid_block", UNetMidBlock2D(mid, o.midBlockAddAttention));
    conv_norm_out = register_module("conv_norm_out", nn::GroupNorm(o.normNumGroups, ch.back(), 1e-6));
    conv_out = register_module("conv_out", nn::Conv2d(ch.back(), o.doubleZ ? 2 * o.outChannels : o.outChannels,
                                                      3, 1, 1));
}

torch::Tensor EncoderImpl::forward(const torch::Tensor& x)
{
    auto h = conv_in(x);
    for (std::size_t i = 0; i < down_blocks->size(); ++i) {
        h = down_blocks->at<DownEncoderBlock2DImpl>(i).forward(h);
    }
    h = mid_block(h);
    return conv_out(nn::activation(m_act, conv_norm_out(h)));
}

DecoderImpl::DecoderImpl(const VaeCoderOptions& o) : m_act(o.actFn)
{
    const auto& ch = o.blockOutChannels;
    conv_in = register_module("conv_in", nn::Conv2d(o.inChannels, ch.back(), 3, 1, 1));
    VaeBlockOptions mid;
    mid.inChannels = mid.outChannels = ch.back();
    mid.actFn = o.actFn;
    mid.groups = o.normNumGroups;
    mid_block = register_module("mid_block", UNetMidBlock2D(mid, o.midBlockAddAttention));
    up_blocks = register_module("up_blocks", torch::nn::ModuleList());
    std::int64_t outCh = ch.back();
    for (std::size_t i = 0; i < ch.size(); ++i) {
        const std::int64_t prevCh = outCh;
        outCh = ch[ch.size() - 1 - i];
        VaeBlockOptions b;
        b.inChannels = prevCh;
        b.outChannels = outCh;
        b.numLayers = o.layersPerBlock + 1;
        b.actFn = o.actFn;
        b.groups = o.normNumGroups;
        up_blocks->push_back(UpDecoderBlock2D(b, i + 1 != ch.size()));
    }
    conv_norm_out = register_module("conv_norm_out", nn::GroupNorm(o.normNumGroups, ch.front(), 1e-6));
    conv_out = register_module("conv_out", nn::Conv2d(ch.front(), o.outChannels, 3, 1, 1));
}

torch::Tensor DecoderImpl::forward(const torch::Tensor& z)
{
    auto h = mid_block(conv_in(z));
    for (std::size_t i = 0; i < up_blocks->size(); ++i) {
        h = up_blocks->at<UpDecoderBlock2DImpl>(i).forward(h);
    }
    return conv_out(nn::activation(m_act, conv_norm_out(h)));
}

DiagonalGaussianDistribution::DiagonalGaussianDistribution(const torch::Tensor& moments)
{
    if (moments.dim() < 2 || moments.size(1) % 2 != 0) {
        fail(ErrorCode::Internal, "VAE posterior: moments need an even channel count");
    }
    const auto halves = moments.chunk(2, 1);
    m_mean = halves[0];
    m_logvar = halves[1].clamp(-30.0, 20.0);
    m_std = torch::exp(0.5 * m_logvar);
}

torch::Tensor DiagonalGaussianDistribution::sample(std::optional<at::Generator> generator) const
{
    torch::Tensor noise;
    if (generator) {
        const auto device = generator->device();
        noise = torch::randn(m_mean.sizes(), *generator, m_mean.options().device(device)).to(m_mean.device());
    } else {
        noise = torch::randn(m_mean.sizes(), m_mean.options());
    }
    return sampleWithNoise(noise);
}

torch::Tensor DiagonalGaussianDistribution::sampleWithNoise(const torch::Tensor& noise) const
{
    if (noise.sizes() != m_mean.sizes()) {
        fail(ErrorCode::InvalidArgument, "VAE posterior: noise shape does not match the latent shape");
    }
    return m_mean + m_std * noise.to(m_mean.options());
}

} // namespace i2v
