// Port of the VAE blocks of diffusers src/diffusers/models/unets/unet_2d_blocks.py (v0.31.0):
// UNetMidBlock2D, DownEncoderBlock2D, UpDecoderBlock2D with temb = None (the VAE passes no time
// embedding). Dropout is never applied (inference only).

#include "core/engine/models/vae/unet_2d_blocks.h"

namespace i2v {
namespace {

nn::ResnetBlock2D makeResnet(const VaeBlockOptions& o, std::int64_t in, std::int64_t out)
{
    nn::ResnetBlock2DOptions r;
    r.inChannels = in;
    r.outChannels = out;
    r.tembChannels = std::nullopt;
    r.groups = o.groups;
    r.eps = o.resnetEps;
    r.nonLinearity = o.actFn;
    r.outputScaleFactor = 1.0;
    return nn::ResnetBlock2D(r);
}

} // namespace

UNetMidBlock2DImpl::UNetMidBlock2DImpl(const VaeBlockOptions& options, bool addAttention)
    : m_addAttention(addAttention)
{
    const auto c = options.inChannels;
    resnets = register_module("resnets", torch::nn::ModuleList());
    resnets->push_back(makeResnet(options, c, c));
    // Without attention diffusers stores None entries: nothing is registered (no keys).
    if (addAttention) {
        attentions = register_module("attentions", torch::nn::ModuleList());
    }
    for (std::int64_t i = 0; i < options.numLayers; ++i) {
        if (addAttention) {
            nn::AttentionOptions a;
            a.queryDim = c;
            a.heads = 1; // in_channels // attention_head_dim with attention_head_dim = in_channels
            a.dimHead = c;
            a.bias = true;
            a.upcastSoftmax = true;
            a.normNumGroups = options.groups;
            a.eps = options.resnetEps;
            a.residualConnection = true;
            a.rescaleOutputFactor = 1.0;
            attentions->push_back(nn::Attention(a));
        }
        resnets->push_back(makeResnet(options, c, c));
    }
}

torch::Tensor UNetMidBlock2DImpl::forward(const torch::Tensor& x)
{
    auto h = resnets->at<nn::ResnetBlock2DImpl>(0).forward(x);
    for (std::size_t i = 1; i < resnets->size(); ++i) {
        if (m_addAttention) {
            h = attentions->at<nn::AttentionImpl>(i - 1).forward(h);
        }
        h = resnets->at<nn::ResnetBlock2DImpl>(i).forward(h);
    }
    return h;
}

DownEncoderBlock2DImpl::DownEncoderBlock2DImpl(const VaeBlockOptions& options, bool addDownsample,
                                               std::int64_t downsamplePadding)
{
    resnets = register_module("resnets", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < options.numLayers; ++i) {
        resnets->push_back(makeResnet(options, i == 0 ? options.inChannels : options.outChannels,
                                      options.outChannels));
    }
    if (addDownsample) {
        nn::Downsample2DOptions d;
        d.channels = options.outChannels;
        d.useConv = true;
        d.outChannels = options.outChannels;
        d.padding = downsamplePadding;
        downsamplers = register_module("downsamplers", torch::nn::ModuleList(nn::Downsample2D(d)));
    }
}

torch::Tensor DownEncoderBlock2DImpl::forward(const torch::Tensor& x)
{
    auto h = x;
    for (std::size_t i = 0; i < resnets->size(); ++i) {
        h = resnets->at<nn::ResnetBlock2DImpl>(i).forward(h);
    }
    if (downsamplers) {
        h = downsamplers->at<nn::Downsample2DImpl>(0).forward(h);
    }
    return h;
}

UpDecoderBlock2DImpl::UpDecoderBlock2DImpl(const VaeBlockOptions& options, bool addUpsample)
{
    resnets = register_module("resnets", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < options.numLayers; ++i) {
        resnets->push_back(makeResnet(options, i == 0 ? options.inChannels : options.outChannels,
                                      options.outChannels));
    }
    if (addUpsample) {
        nn::Upsample2DOptions u;
        u.channels = options.outChannels;
        u.useConv = true;
        u.outChannels = options.outChannels;
        upsamplers = register_module("upsamplers", torch::nn::ModuleList(nn::Upsample2D(u)));
    }
}

torch::Tensor UpDecoderBlock2DImpl::forward(const torch::Tensor& x)
{
    auto h = x;
    for (std::size_t i = 0; i < resnets->size(); ++i) {
        h = resnets->at<nn::ResnetBlock2DImpl>(i).forward(h);
    }
    if (upsamplers) {
        h = upsamplers->at<nn::Upsample2DImpl>(0).forward(h);
    }
    return h;
}

} // namespace i2v
