#include "core/engine/models/i2vgen_xl/unet_i2vgen_xl.h"

#include "core/base/error.h"

namespace i2v::i2vgenxl {

namespace {

void emit(const IntermediateHook& hook, const std::string& name, const torch::Tensor& value)
{
    if (hook)
        hook(name, value);
}

// Scalar or [N] -> [batch] on `device` (a single value is broadcast, like diffusers' expand).
torch::Tensor toBatch(const torch::Tensor& values, std::int64_t batch, const torch::Device& device, const char* what)
{
    torch::Tensor v = values.reshape({-1}).to(device);
    if (v.size(0) == batch)
        return v;
    if (v.size(0) == 1)
        return v.expand({batch});
    fail(ErrorCode::InvalidArgument, std::string("UNet: ") + what + " has " + std::to_string(v.size(0)) +
                                         " values for a batch of " + std::to_string(batch));
}

} // namespace

I2VGenXLTransformerTemporalEncoderImpl::I2VGenXLTransformerTemporalEncoderImpl(std::int64_t dim,
                                                                               std::int64_t numAttentionHeads,
                                                                               std::int64_t attentionHeadDim,
                                                                               const std::string& activationFn,
                                                                               std::int64_t ffInnerDim)
{
    m_norm1 = register_module("norm1", nn::LayerNorm(dim, 1e-5, true));
    nn::AttentionOptions a;
    a.queryDim = dim;
    a.heads = numAttentionHeads;
    a.dimHead = attentionHeadDim;
    a.bias = false;
    a.outBias = true;
    m_attn1 = register_module("attn1", nn::Attention(a));
    nn::FeedForwardOptions f;
    f.dim = dim;
    f.activationFn = activationFn;
    f.innerDim = ffInnerDim;
    f.bias = true;
    m_ff = register_module("ff", nn::FeedForward(f));
}

torch::Tensor I2VGenXLTransformerTemporalEncoderImpl::forward(const torch::Tensor& x)
{
    torch::Tensor h = m_attn1(m_norm1(x)) + x;
    return m_ff(h) + h;
}

I2VGenXLUNetImpl::I2VGenXLUNetImpl(const UNetConfig& c) : m_config(c)
{
    const std::int64_t in = c.inChannels;
    const std::int64_t ch0 = c.blockOutChannels.front();
    const std::int64_t timeEmbedDim = c.timeEmbedDim();
    const std::size_t levels = c.blockOutChannels.size();

    m_convIn = register_module("conv_in", nn::Conv2d(in + in, ch0, 3, 1, 1));
    nn::TransformerTemporalModelOptions tin;
    tin.numAttentionHeads = 8;
    tin.attentionHeadDim = c.attentionHeadDim.front(); // the reference passes the (int) config value
    tin.inChannels = ch0;
    tin.numLayers = 1;
    tin.normNumGroups = c.normNumGroups;
    m_transformerIn = register_module("transformer_in", nn::TransformerTemporalModel(tin));

    m_imageLatentsProjIn = torch::nn::Sequential(nn::Conv2d(4, in * 4, 3, 1, 1), torch::nn::SiLU(),
                                                 nn::Conv2d(in * 4, in * 4, 3, 1, 1), torch::nn::SiLU(),
                                                 nn::Conv2d(in * 4, in, 3, 1, 1));
    register_module("image_latents_proj_in", m_imageLatentsProjIn);
    m_imageLatentsTemporalEncoder = register_module(
        "image_latents_temporal_encoder", I2VGenXLTransformerTemporalEncoder(in, 2, in, "gelu", in * 4));
    m_imageLatentsContextEmbedding = torch::nn::Sequential(
        nn::Conv2d(4, in * 8, 3, 1, 1), torch::nn::SiLU(),
        torch::nn::AdaptiveAvgPool2d(torch::nn::AdaptiveAvgPool2dOptions({32, 32})),
        nn::Conv2d(in * 8, in * 16, 3, 2, 1), torch::nn::SiLU(), nn::Conv2d(in * 16, c.crossAttentionDim, 3, 2, 1));
    register_module("image_latents_context_embedding", m_imageLatentsContextEmbedding);

    m_timeProj = register_module("time_proj", nn::Timesteps(ch0, /*flipSinToCos=*/true, /*shift=*/0.0));
    m_timeEmbedding = register_module("time_embedding", nn::TimestepEmbedding(ch0, timeEmbedDim, "silu"));
    m_contextEmbedding = torch::nn::Sequential(nn::Linear(c.crossAttentionDim, timeEmbedDim), torch::nn::SiLU(),
                                               nn::Linear(timeEmbedDim, c.crossAttentionDim * in));
    register_module("context_embedding", m_contextEmbedding);
    m_fpsEmbedding =
        torch::nn::Sequential(nn::Linear(ch0, timeEmbedDim), torch::nn::SiLU(), nn::Linear(timeEmbedDim, timeEmbedDim));
    register_module("fps_embedding", m_fpsEmbedding);

    Block3DOptions common;
    common.tembChannels = timeEmbedDim;
    common.resnetEps = 1e-5;
    common.resnetActFn = "silu";
    common.resnetGroups = c.normNumGroups;
    common.crossAttentionDim = c.crossAttentionDim;
    common.downsamplePadding = 1;
    common.useLinearProjection = true;

    torch::nn::ModuleList down;
    std::int64_t outCh = ch0;
    for (std::size_t i = 0; i < levels; ++i) {
        Block3DOptions o = common;
        o.numLayers = c.layersPerBlock;
        o.inChannels = outCh;
        outCh = c.blockOutChannels[i];
        o.outChannels = outCh;
        o.addSample = i + 1 < levels;
        o.numAttentionHeads = c.attentionHeadDim[i];
        m_downBlocks.push_back(makeDownBlock(c.downBlockTypes[i], o));
        down->push_back(m_downBlocks.back());
    }
    register_module("down_blocks", down);

    Block3DOptions mid = common;
    mid.numLayers = 1;
    mid.inChannels = c.blockOutChannels.back();
    mid.outChannels = mid.inChannels;
    mid.numAttentionHeads = c.attentionHeadDim.back();
    m_midBlock = register_module("mid_block", std::make_shared<UNetMidBlock3DCrossAttn>(mid));

    torch::nn::ModuleList up;
    const std::vector<std::int64_t> rev(c.blockOutChannels.rbegin(), c.blockOutChannels.rend());
    const std::vector<std::int64_t> revHeads(c.attentionHeadDim.rbegin(), c.attentionHeadDim.rend());
    outCh = rev[0];
    for (std::size_t i = 0; i < levels; ++i) {
        const bool isFinal = i + 1 == levels;
        Block3DOptions o = common;
        o.numLayers = c.layersPerBlock + 1;
        o.prevOutputChannel = outCh;
        outCh = rev[i];
        o.outChannels = outCh;
        o.inChannels = rev[std::min(i + 1, levels - 1)];
        o.addSample = !isFinal;
        if (!isFinal)
            ++m_numUpsamplers;
        o.numAttentionHeads = revHeads[i];
        m_upBlocks.push_back(makeUpBlock(c.upBlockTypes[i], o));
        up->push_back(m_upBlocks.back());
    }
    register_module("up_blocks", up);

    m_convNormOut = register_module("conv_norm_out", nn::GroupNorm(c.normNumGroups, ch0, 1e-5, true));
    m_convOut = register_module("conv_out", nn::Conv2d(ch0, c.outChannels, 3, 1, 1));
}

torch::Tensor I2VGenXLUNetImpl::embedTime(const torch::Tensor& values, std::int64_t batch, const torch::Tensor& like,
                                          const char* hookName, const IntermediateHook& hook)
{
    torch::Tensor proj = m_timeProj(toBatch(values, batch, like.device(), hookName)); // [B, ch0] float32
    emit(hook, hookName, proj);
    return proj.to(m_convIn->weight.scalar_type());
}

UNetConditioning I2VGenXLUNetImpl::prepareConditioning(const torch::Tensor& imageLatents,
                                                       const torch::Tensor& imageEmbeddings,
                                                       const torch::Tensor& encoderHiddenStates,
                                                       const IntermediateHook& hook)
{
    if (imageLatents.dim() != 5 || imageLatents.size(1) != m_config.inChannels)
        fail(ErrorCode::InvalidArgument, "UNet: image latents must be [B, " + std::to_string(m_config.inChannels) +
                                             ", F, h, w]");
    const std::int64_t batch = imageLatents.size(0), channels = imageLatents.size(1);
    const std::int64_t frames = imageLatents.size(2), height = imageLatents.size(3), width = imageLatents.size(4);
    const std::int64_t dim = m_config.crossAttentionDim;

    // Context tokens: text, then the first frame's latents as 8x8 tokens, then the CLIP image embedding
    // as inChannels tokens.
    torch::Tensor first = imageLatents.select(2, 0); // [B, C, h, w]
    torch::Tensor latentTokens = m_imageLatentsContextEmbedding->forward(first);
    emit(hook, "image_latents_context_embedding", latentTokens);
    latentTokens = latentTokens.permute({0, 2, 3, 1}).reshape({batch, -1, latentTokens.size(1)});
    torch::Tensor imageTokens = m_contextEmbedding->forward(imageEmbeddings);
    emit(hook, "context_embedding", imageTokens);
    imageTokens = imageTokens.reshape({-1, m_config.inChannels, dim});
    torch::Tensor context = torch::cat({encoderHiddenStates, latentTokens, imageTokens}, 1);
    context = context.repeat_interleave(frames, 0);
    emit(hook, "context_emb", context);

    // Image latents for the input concatenation: per-frame convs, then attention over frames per pixel.
    torch::Tensor lat = imageLatents.permute({0, 2, 1, 3, 4}).reshape({batch * frames, channels, height, width});
    lat = m_imageLatentsProjIn->forward(lat);
    emit(hook, "image_latents_proj_in", lat);
    lat = lat.reshape({batch, frames, channels, height, width})
              .permute({0, 3, 4, 1, 2})
              .reshape({batch * height * width, frames, channels});
    lat = m_imageLatentsTemporalEncoder(lat);
    emit(hook, "image_latents_temporal_encoder", lat);
    lat = lat.reshape({batch, height, width, frames, channels}).permute({0, 4, 3, 1, 2}); // [B, C, F, h, w]

    return UNetConditioning{context, lat, frames};
}

torch::Tensor I2VGenXLUNetImpl::denoise(const torch::Tensor& sample, const torch::Tensor& timestep,
                                        const torch::Tensor& fps, const UNetConditioning& cond,
                                        const IntermediateHook& hook)
{
    if (sample.dim() != 5 || sample.size(1) != m_config.inChannels || sample.size(2) != cond.numFrames)
        fail(ErrorCode::InvalidArgument, "UNet: sample must be [B, " + std::to_string(m_config.inChannels) + ", " +
                                             std::to_string(cond.numFrames) + ", h, w]");
    const std::int64_t batch = sample.size(0), frames = sample.size(2);
    const std::int64_t height = sample.size(3), width = sample.size(4);
    const bool forwardUpsampleSize = height % downFactor() != 0 || width % downFactor() != 0;

    // 1-3. time + fps embeddings, one per video, repeated per frame.
    torch::Tensor tEmb = m_timeEmbedding(embedTime(timestep, batch, sample, "time_proj", hook));
    emit(hook, "time_embedding", tEmb);
    torch::Tensor fpsEmb = m_fpsEmbedding->forward(embedTime(fps, batch, sample, "time_proj.call1", hook));
    emit(hook, "fps_embedding", fpsEmb);
    torch::Tensor emb = (tEmb + fpsEmb).repeat_interleave(frames, 0); // [B*F, timeEmbedDim]
    emit(hook, "emb", emb);

    // 5. noisy latents ‖ processed image latents on channels, frames folded into the batch.
    torch::Tensor h = torch::cat({sample, cond.imageLatents}, 1);
    h = h.permute({0, 2, 1, 3, 4}).reshape({batch * frames, -1, height, width});
    h = m_convIn(h);
    emit(hook, "conv_in", h);
    h = m_transformerIn(h, frames);
    emit(hook, "transformer_in", h);

    // 6. down
    std::vector<torch::Tensor> residuals{h};
    for (std::size_t k = 0; k < m_downBlocks.size(); ++k) {
        DownBlockOutput out = m_downBlocks[k]->forward(h, emb, cond.context, frames);
        h = out.hidden;
        const std::string name = "down_blocks." + std::to_string(k);
        emit(hook, name, h);
        for (std::size_t j = 0; j < out.residuals.size(); ++j) {
            emit(hook, name + ".res" + std::to_string(j), out.residuals[j]);
            residuals.push_back(std::move(out.residuals[j]));
        }
    }

    // 7. mid
    h = m_midBlock->forward(h, emb, cond.context, frames);
    emit(hook, "mid_block", h);

    // 8. up
    for (std::size_t k = 0; k < m_upBlocks.size(); ++k) {
        const std::size_t n = m_upBlocks[k]->numResnets();
        if (residuals.size() < n)
            fail(ErrorCode::Internal, "UNet: skip connections do not match the up blocks");
        std::vector<torch::Tensor> mine(residuals.end() - static_cast<std::ptrdiff_t>(n), residuals.end());
        residuals.resize(residuals.size() - n);
        std::vector<std::int64_t> upsampleSize;
        if (k + 1 < m_upBlocks.size() && forwardUpsampleSize && !residuals.empty())
            upsampleSize = {residuals.back().size(2), residuals.back().size(3)};
        h = m_upBlocks[k]->forward(h, std::move(mine), emb, cond.context, upsampleSize, frames);
        emit(hook, "up_blocks." + std::to_string(k), h);
    }

    // 9. out
    h = m_convNormOut(h);
    emit(hook, "conv_norm_out", h);
    h = m_convOut(torch::silu(h));
    emit(hook, "conv_out", h);
    return h.reshape({batch, frames, h.size(1), height, width}).permute({0, 2, 1, 3, 4});
}

torch::Tensor I2VGenXLUNetImpl::forward(const torch::Tensor& sample, const torch::Tensor& timestep,
                                        const torch::Tensor& fps, const torch::Tensor& imageLatents,
                                        const torch::Tensor& imageEmbeddings, const torch::Tensor& encoderHiddenStates,
                                        const IntermediateHook& hook)
{
    // The reference computes the embeddings first; the order does not change any value.
    const UNetConditioning cond = prepareConditioning(imageLatents, imageEmbeddings, encoderHiddenStates, hook);
    return denoise(sample, timestep, fps, cond, hook);
}

} // namespace i2v::i2vgenxl
