// Port of diffusers 0.42.1 models/autoencoders/autoencoder_kl_wan.py: AutoencoderKLWan (_encode, _decode,
// patchify, unpatchify). See wan_vae.h.

#include "core/engine/models/wan/wan_vae.h"

#include "core/base/error.h"
#include "core/engine/tensor/state_dict.h"

namespace i2v::wan {
namespace {

WanCoderOptions coderOptions(const WanVaeConfig& c, bool encoder)
{
    WanCoderOptions o;
    o.inChannels = c.inChannels;
    o.outChannels = encoder ? 2 * c.zDim : c.outChannels;
    o.dim = encoder ? c.baseDim : c.decoderDim();
    o.zDim = c.zDim;
    o.dimMult = c.dimMult;
    o.numResBlocks = c.numResBlocks;
    o.attnScales = c.attnScales;
    o.temporal = encoder ? c.temperalDownsample : c.temperalUpsample();
    o.isResidual = c.isResidual;
    return o;
}

std::string shapeText(const torch::Tensor& t)
{
    std::string s = "[";
    for (std::int64_t i = 0; i < t.dim(); ++i)
        s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + "]";
}

} // namespace

torch::Tensor wanPatchify(const torch::Tensor& x, std::int64_t p)
{
    if (p == 1)
        return x;
    const auto b = x.size(0);
    const auto c = x.size(1);
    const auto f = x.size(2);
    const auto h = x.size(3);
    const auto w = x.size(4);
    // [B, C, F, h, ph, w, pw] -> [B, C, pw, ph, F, h, w]
    return x.reshape({b, c, f, h / p, p, w / p, p})
        .permute({0, 1, 6, 4, 2, 3, 5})
        .reshape({b, c * p * p, f, h / p, w / p});
}

torch::Tensor wanUnpatchify(const torch::Tensor& x, std::int64_t p)
{
    if (p == 1)
        return x;
    const auto b = x.size(0);
    const auto c = x.size(1) / (p * p);
    const auto f = x.size(2);
    const auto h = x.size(3);
    const auto w = x.size(4);
    // [B, C, pw, ph, F, h, w] -> [B, C, F, h, ph, w, pw]
    return x.reshape({b, c, p, p, f, h, w})
        .permute({0, 1, 4, 5, 3, 6, 2})
        .reshape({b, c, f, h * p, w * p});
}

AutoencoderKLWanImpl::AutoencoderKLWanImpl(const WanVaeConfig& config) : m_config(config)
{
    encoder = register_module("encoder", WanEncoder3d(coderOptions(config, true)));
    quant_conv = register_module("quant_conv", makeCausalConv3d(2 * config.zDim, 2 * config.zDim, {1, 1, 1}));
    post_quant_conv = register_module("post_quant_conv", makeCausalConv3d(config.zDim, config.zDim, {1, 1, 1}));
    decoder = register_module("decoder", WanDecoder3d(coderOptions(config, false)));
}

torch::Tensor AutoencoderKLWanImpl::encodeMoments(const torch::Tensor& video)
{
    torch::NoGradGuard noGrad;
    const auto s = m_config.spatialStride();
    const auto channels = m_config.videoInChannels();
    if (video.dim() != 5 || video.size(0) < 1 || video.size(1) != channels || video.size(2) < 1 ||
        video.size(3) < s || video.size(4) < s || video.size(3) % s != 0 || video.size(4) % s != 0)
        fail(ErrorCode::InvalidArgument, "Wan VAE encode: the video must be [B, " + std::to_string(channels) +
                                             ", T, H, W] with H and W positive multiples of " + std::to_string(s) +
                                             ", got " + shapeText(video));
    const auto& w = quant_conv->weight;
    auto x = wanPatchify(video.to(w.device(), w.scalar_type()), m_config.patch());
    WanFeatureCache cache;
    const auto chunks = 1 + (x.size(2) - 1) / 4;
    std::vector<torch::Tensor> outs;
    for (std::int64_t i = 0; i < chunks; ++i) {
        cache.restartChunk();
        const auto chunk = i == 0 ? x.slice(2, 0, 1) : x.slice(2, 1 + 4 * (i - 1), 1 + 4 * i);
        outs.push_back(encoder(chunk, cache));
    }
    return quant_conv(torch::cat(outs, 2));
}

torch::Tensor AutoencoderKLWanImpl::encodeMean(const torch::Tensor& video)
{
    return encodeMoments(video).slice(1, 0, m_config.zDim); // DiagonalGaussianDistribution.mode()
}

torch::Tensor AutoencoderKLWanImpl::decode(const torch::Tensor& z, const CancelToken* cancel,
                                           const std::function<void(std::int64_t, std::int64_t)>& onFrame)
{
    torch::NoGradGuard noGrad;
    if (z.dim() != 5 || z.size(0) < 1 || z.size(1) != m_config.zDim || z.size(2) < 1 || z.size(3) < 1 ||
        z.size(4) < 1)
        fail(ErrorCode::InvalidArgument, "Wan VAE decode: latents must be [B, " + std::to_string(m_config.zDim) +
                                             ", F, h, w], got " + shapeText(z));
    const auto& w = post_quant_conv->weight;
    const auto x = post_quant_conv(z.to(w.device(), w.scalar_type()));
    WanFeatureCache cache;
    const auto frames = x.size(2);
    // The output is allocated once the frame count per chunk is known (the first chunk gives fewer frames:
    // the Rep rule), so peak memory is the output plus one chunk's activations. Unpatchify and clamp act
    // per frame, so doing them per chunk gives the reference's values.
    torch::Tensor first, out;
    std::int64_t written = 0;
    for (std::int64_t i = 0; i < frames; ++i) {
        if (cancel)
            cancel->throwIfCancelled();
        cache.restartChunk();
        auto chunk = wanUnpatchify(decoder(x.slice(2, i, i + 1), cache, /*firstChunk=*/i == 0), m_config.patch());
        chunk.clamp_(-1.0, 1.0);
        if (i == 0) {
            first = chunk;
        } else {
            if (i == 1) {
                auto sizes = chunk.sizes().vec();
                sizes[2] = first.size(2) + chunk.size(2) * (frames - 1);
                out = torch::empty(sizes, chunk.options());
                out.slice(2, 0, first.size(2)).copy_(first);
                written = first.size(2);
                first = torch::Tensor();
            }
            if (written + chunk.size(2) > out.size(2))
                fail(ErrorCode::Internal, "Wan VAE decode: latent frame " + std::to_string(i) + " gave " +
                                              std::to_string(chunk.size(2)) + " frames, more than the others");
            out.slice(2, written, written + chunk.size(2)).copy_(chunk);
            written += chunk.size(2);
        }
        if (onFrame)
            onFrame(i + 1, frames);
    }
    if (frames == 1)
        return first;
    if (written != out.size(2))
        fail(ErrorCode::Internal, "Wan VAE decode: latent frames gave different frame counts");
    return out;
}

std::int64_t wanVaeParameterCount(const WanVaeConfig& config)
{
    const nn::ParameterOptionsGuard meta(torch::TensorOptions().device(torch::kMeta));
    AutoencoderKLWan model(config);
    return nn::parameterCount(*model);
}

AutoencoderKLWan loadAutoencoderKLWan(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                                      torch::Dtype dtype, const torch::Device& device)
{
    const auto config = loadWanVaeConfig(configJson);
    {
        const nn::ParameterOptionsGuard meta(torch::TensorOptions().device(torch::kMeta).dtype(dtype));
        AutoencoderKLWan probe(config); // config against the weights' headers, nothing allocated
        checkWeightsMatch(*probe, weights, "Wan VAE (" + weights.string() + ")");
    }
    AutoencoderKLWan model{nullptr};
    {
        const nn::ParameterOptionsGuard guard(torch::TensorOptions().device(device).dtype(dtype));
        model = AutoencoderKLWan(config);
    }
    loadWeightsInto(*model, weights, "Wan VAE (" + weights.string() + ")");
    model->eval();
    return model;
}

} // namespace i2v::wan
