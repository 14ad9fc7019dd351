#include "core/engine/models/i2vgen_xl/unet_3d_blocks.h"

#include "core/base/error.h"

namespace i2v::i2vgenxl {

namespace {

nn::ResnetBlock2D makeResnet(const Block3DOptions& o, std::int64_t in, std::int64_t out)
{
    nn::ResnetBlock2DOptions r;
    r.inChannels = in;
    r.outChannels = out;
    r.tembChannels = o.tembChannels;
    r.eps = o.resnetEps;
    r.groups = o.resnetGroups;
    r.nonLinearity = o.resnetActFn;
    r.outputScaleFactor = o.outputScaleFactor;
    return nn::ResnetBlock2D(r);
}

nn::TemporalConvLayer makeTempConv(const Block3DOptions& o, std::int64_t channels)
{
    return nn::TemporalConvLayer(channels, channels, o.resnetGroups);
}

// Transformer2DModel(channels // heads_arg, heads_arg, ...): heads_arg is the head size (file comment).
nn::Transformer2DModel makeSpatial(const Block3DOptions& o, std::int64_t channels)
{
    nn::Transformer2DModelOptions t;
    t.numAttentionHeads = channels / o.numAttentionHeads;
    t.attentionHeadDim = o.numAttentionHeads;
    t.inChannels = channels;
    t.numLayers = 1;
    t.crossAttentionDim = o.crossAttentionDim;
    t.normNumGroups = o.resnetGroups;
    t.useLinearProjection = o.useLinearProjection;
    t.onlyCrossAttention = o.onlyCrossAttention;
    t.upcastAttention = o.upcastAttention;
    return nn::Transformer2DModel(t);
}

nn::TransformerTemporalModel makeTemporal(const Block3DOptions& o, std::int64_t channels)
{
    nn::TransformerTemporalModelOptions t;
    t.numAttentionHeads = channels / o.numAttentionHeads;
    t.attentionHeadDim = o.numAttentionHeads;
    t.inChannels = channels;
    t.numLayers = 1;
    t.crossAttentionDim = o.crossAttentionDim;
    t.normNumGroups = o.resnetGroups;
    return nn::TransformerTemporalModel(t);
}

void checkHeads(const Block3DOptions& o, std::int64_t channels)
{
    if (o.numAttentionHeads <= 0 || channels % o.numAttentionHeads != 0)
        fail(ErrorCode::ModelInvalid, "UNet config: " + std::to_string(channels) +
                                          " channels are not divisible by attention_head_dim " +
                                          std::to_string(o.numAttentionHeads));
}

template <typename T>
void registerList(torch::nn::Module& parent, const std::string& name, const std::vector<T>& items)
{
    torch::nn::ModuleList list;
    for (const auto& item : items)
        list->push_back(item);
    parent.register_module(name, list);
}

nn::Downsample2D makeDownsampler(torch::nn::Module& parent, const Block3DOptions& o)
{
    nn::Downsample2DOptions d;
    d.channels = o.outChannels;
    d.useConv = true;
    d.outChannels = o.outChannels;
    d.padding = o.downsamplePadding;
    nn::Downsample2D down(d);
    registerList(parent, "downsamplers", std::vector<nn::Downsample2D>{down});
    return down;
}

nn::Upsample2D makeUpsampler(torch::nn::Module& parent, const Block3DOptions& o)
{
    nn::Upsample2DOptions u;
    u.channels = o.outChannels;
    u.useConv = true;
    u.outChannels = o.outChannels;
    nn::Upsample2D up(u);
    registerList(parent, "upsamplers", std::vector<nn::Upsample2D>{up});
    return up;
}

// Resnet input channels of up-block layer i: previous output (+ skip) channels, see diffusers.
std::int64_t upResnetIn(const Block3DOptions& o, std::int64_t i)
{
    const std::int64_t skip = i == o.numLayers - 1 ? o.inChannels : o.outChannels;
    const std::int64_t prev = i == 0 ? o.prevOutputChannel : o.outChannels;
    return prev + skip;
}

torch::Tensor popResidual(std::vector<torch::Tensor>& residuals)
{
    if (residuals.empty())
        fail(ErrorCode::Internal, "UNet up block: ran out of skip connections");
    torch::Tensor r = std::move(residuals.back());
    residuals.pop_back();
    return r;
}

} // namespace

CrossAttnDownBlock3D::CrossAttnDownBlock3D(const Block3DOptions& o)
{
    checkHeads(o, o.outChannels);
    for (std::int64_t i = 0; i < o.numLayers; ++i) {
        m_resnets.push_back(makeResnet(o, i == 0 ? o.inChannels : o.outChannels, o.outChannels));
        m_tempConvs.push_back(makeTempConv(o, o.outChannels));
        m_attentions.push_back(makeSpatial(o, o.outChannels));
        m_tempAttentions.push_back(makeTemporal(o, o.outChannels));
    }
    registerList(*this, "resnets", m_resnets);
    registerList(*this, "temp_convs", m_tempConvs);
    registerList(*this, "attentions", m_attentions);
    registerList(*this, "temp_attentions", m_tempAttentions);
    if (o.addSample)
        m_downsampler = makeDownsampler(*this, o);
}

DownBlockOutput CrossAttnDownBlock3D::forward(const torch::Tensor& x, const torch::Tensor& temb,
                                              const std::optional<torch::Tensor>& context, std::int64_t numFrames)
{
    DownBlockOutput out;
    torch::Tensor h = x;
    for (std::size_t i = 0; i < m_resnets.size(); ++i) {
        h = m_resnets[i](h, temb);
        h = m_tempConvs[i](h, numFrames);
        h = m_attentions[i](h, context);
        h = m_tempAttentions[i](h, numFrames);
        out.residuals.push_back(h);
    }
    if (m_downsampler) {
        h = m_downsampler(h);
        out.residuals.push_back(h);
    }
    out.hidden = h;
    return out;
}

DownBlock3D::DownBlock3D(const Block3DOptions& o)
{
    for (std::int64_t i = 0; i < o.numLayers; ++i) {
        m_resnets.push_back(makeResnet(o, i == 0 ? o.inChannels : o.outChannels, o.outChannels));
        m_tempConvs.push_back(makeTempConv(o, o.outChannels));
    }
    registerList(*this, "resnets", m_resnets);
    registerList(*this, "temp_convs", m_tempConvs);
    if (o.addSample)
        m_downsampler = makeDownsampler(*this, o);
}

DownBlockOutput DownBlock3D::forward(const torch::Tensor& x, const torch::Tensor& temb,
                                     const std::optional<torch::Tensor>& /*context*/, std::int64_t numFrames)
{
    DownBlockOutput out;
    torch::Tensor h = x;
    for (std::size_t i = 0; i < m_resnets.size(); ++i) {
        h = m_resnets[i](h, temb);
        h = m_tempConvs[i](h, numFrames);
        out.residuals.push_back(h);
    }
    if (m_downsampler) {
        h = m_downsampler(h);
        out.residuals.push_back(h);
    }
    out.hidden = h;
    return out;
}

UNetMidBlock3DCrossAttn::UNetMidBlock3DCrossAttn(const Block3DOptions& o)
{
    const std::int64_t c = o.inChannels;
    checkHeads(o, c);
    m_resnets.push_back(makeResnet(o, c, c));
    m_tempConvs.push_back(makeTempConv(o, c));
    for (std::int64_t i = 0; i < o.numLayers; ++i) {
        m_attentions.push_back(makeSpatial(o, c));
        m_tempAttentions.push_back(makeTemporal(o, c));
        m_resnets.push_back(makeResnet(o, c, c));
        m_tempConvs.push_back(makeTempConv(o, c));
    }
    registerList(*this, "resnets", m_resnets);
    registerList(*this, "temp_convs", m_tempConvs);
    registerList(*this, "attentions", m_attentions);
    registerList(*this, "temp_attentions", m_tempAttentions);
}

torch::Tensor UNetMidBlock3DCrossAttn::forward(const torch::Tensor& x, const torch::Tensor& temb,
                                               const std::optional<torch::Tensor>& context, std::int64_t numFrames)
{
    torch::Tensor h = m_resnets[0](x, temb);
    h = m_tempConvs[0](h, numFrames);
    for (std::size_t i = 0; i < m_attentions.size(); ++i) {
        h = m_attentions[i](h, context);
        h = m_tempAttentions[i](h, numFrames);
        h = m_resnets[i + 1](h, temb);
        h = m_tempConvs[i + 1](h, numFrames);
    }
    return h;
}

CrossAttnUpBlock3D::CrossAttnUpBlock3D(const Block3DOptions& o)
{
    checkHeads(o, o.outChannels);
    for (std::int64_t i = 0; i < o.numLayers; ++i) {
        m_resnets.push_back(makeResnet(o, upResnetIn(o, i), o.outChannels));
        m_tempConvs.push_back(makeTempConv(o, o.outChannels));
        m_attentions.push_back(makeSpatial(o, o.outChannels));
        m_tempAttentions.push_back(makeTemporal(o, o.outChannels));
    }
    registerList(*this, "resnets", m_resnets);
    registerList(*this, "temp_convs", m_tempConvs);
    registerList(*this, "attentions", m_attentions);
    registerList(*this, "temp_attentions", m_tempAttentions);
    if (o.addSample)
        m_upsampler = makeUpsampler(*this, o);
}

torch::Tensor CrossAttnUpBlock3D::forward(const torch::Tensor& x, std::vector<torch::Tensor> residuals,
                                          const torch::Tensor& temb, const std::optional<torch::Tensor>& context,
                                          const std::vector<std::int64_t>& upsampleSize, std::int64_t numFrames)
{
    torch::Tensor h = x;
    for (std::size_t i = 0; i < m_resnets.size(); ++i) {
        h = torch::cat({h, popResidual(residuals)}, 1);
        h = m_resnets[i](h, temb);
        h = m_tempConvs[i](h, numFrames);
        h = m_attentions[i](h, context);
        h = m_tempAttentions[i](h, numFrames);
    }
    return m_upsampler ? m_upsampler(h, upsampleSize) : h;
}

UpBlock3D::UpBlock3D(const Block3DOptions& o)
{
    for (std::int64_t i = 0; i < o.numLayers; ++i) {
        m_resnets.push_back(makeResnet(o, upResnetIn(o, i), o.outChannels));
        m_tempConvs.push_back(makeTempConv(o, o.outChannels));
    }
    registerList(*this, "resnets", m_resnets);
    registerList(*this, "temp_convs", m_tempConvs);
    if (o.addSample)
        m_upsampler = makeUpsampler(*this, o);
}

torch::Tensor UpBlock3D::forward(const torch::Tensor& x, std::vector<torch::Tensor> residuals,
                                 const torch::Tensor& temb, const std::optional<torch::Tensor>& /*context*/,
                                 const std::vector<std::int64_t>& upsampleSize, std::int64_t numFrames)
{
    torch::Tensor h = x;
    for (std::size_t i = 0; i < m_resnets.size(); ++i) {
        h = torch::cat({h, popResidual(residuals)}, 1);
        h = m_resnets[i](h, temb);
        h = m_tempConvs[i](h, numFrames);
    }
    return m_upsampler ? m_upsampler(h, upsampleSize) : h;
}

std::shared_ptr<DownBlock3DBase> makeDownBlock(const std::string& type, const Block3DOptions& options)
{
    if (type == "CrossAttnDownBlock3D")
        return std::make_shared<CrossAttnDownBlock3D>(options);
    if (type == "DownBlock3D")
        return std::make_shared<DownBlock3D>(options);
    fail(ErrorCode::ModelInvalid, "UNet config: unsupported down block type '" + type +
                                      "' (expected CrossAttnDownBlock3D or DownBlock3D)");
}

std::shared_ptr<UpBlock3DBase> makeUpBlock(const std::string& type, const Block3DOptions& options)
{
    if (type == "CrossAttnUpBlock3D")
        return std::make_shared<CrossAttnUpBlock3D>(options);
    if (type == "UpBlock3D")
        return std::make_shared<UpBlock3D>(options);
    fail(ErrorCode::ModelInvalid, "UNet config: unsupported up block type '" + type +
                                      "' (expected CrossAttnUpBlock3D or UpBlock3D)");
}

} // namespace i2v::i2vgenxl
