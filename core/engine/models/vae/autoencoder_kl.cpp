// Port of diffusers src/diffusers/models/autoencoders/autoencoder_kl.py (v0.31.0) and of the
// I2VGen-XL pipeline's decode_latents (pipelines/i2vgen_xl/pipeline_i2vgen_xl.py). See autoencoder_kl.h.

#include "core/engine/models/vae/autoencoder_kl.h"

#include "core/base/error.h"
#include "core/engine/nn/layers.h"
#include "core/engine/tensor/state_dict.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace i2v {
namespace {

[[noreturn]] void configError(const std::filesystem::path& path, const std::string& what)
{
    fail(ErrorCode::ModelInvalid, "VAE config " + path.string() + ": " + what);
}

template <typename T>
void readKey(const nlohmann::json& j, const char* key, T& out, const std::filesystem::path& path, bool required)
{
    if (!j.contains(key) || j.at(key).is_null()) {
        if (required) {
            configError(path, std::string("lacks \"") + key + "\"");
        }
        return;
    }
    try {
        out = j.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        configError(path, std::string("\"") + key + "\" has the wrong type");
    }
}

VaeCoderOptions coderOptions(const AutoencoderKLConfig& c, bool encoder)
{
    VaeCoderOptions o;
    o.inChannels = encoder ? c.inChannels : c.latentChannels;
    o.outChannels = encoder ? c.latentChannels : c.outChannels;
    o.blockOutChannels = c.blockOutChannels;
    o.layersPerBlock = c.layersPerBlock;
    o.normNumGroups = c.normNumGroups;
    o.actFn = c.actFn;
    o.doubleZ = true;
    o.midBlockAddAttention = c.midBlockAddAttention;
    return o;
}

} // namespace

AutoencoderKLConfig loadAutoencoderKLConfig(const std::filesystem::path& configJson)
{
    std::ifstream in(configJson);
    if (!in) {
        configError(configJson, "missing or unreadable");
    }
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        configError(configJson, std::string("not valid JSON: ") + e.what());
    }
    AutoencoderKLConfig c;
    readKey(j, "in_channels", c.inChannels, configJson, false);
    readKey(j, "out_channels", c.outChannels, configJson, false);
    readKey(j, "down_block_types", c.downBlockTypes, configJson, true);
    readKey(j, "up_block_types", c.upBlockTypes, configJson, true);
    readKey(j, "block_out_channels", c.blockOutChannels, configJson, true);
    readKey(j, "layers_per_block", c.layersPerBlock, configJson, false);
    readKey(j, "act_fn", c.actFn, configJson, false);
    readKey(j, "latent_channels", c.latentChannels, configJson, false);
    readKey(j, "norm_num_groups", c.normNumGroups, configJson, false);
    readKey(j, "sample_size", c.sampleSize, configJson, false);
    readKey(j, "scaling_factor", c.scalingFactor, configJson, false);
    double shift = 0.0;
    if (j.contains("shift_factor") && !j.at("shift_factor").is_null()) {
        readKey(j, "shift_factor", shift, configJson, true);
        c.shiftFactor = shift;
    }
    readKey(j, "force_upcast", c.forceUpcast, configJson, false);
    readKey(j, "use_quant_conv", c.useQuantConv, configJson, false);
    readKey(j, "use_post_quant_conv", c.usePostQuantConv, configJson, false);
    readKey(j, "mid_block_add_attention", c.midBlockAddAttention, configJson, false);

    if (c.blockOutChannels.empty() || c.blockOutChannels.size() != c.downBlockTypes.size() ||
        c.blockOutChannels.size() != c.upBlockTypes.size()) {
        configError(configJson, "block_out_channels, down_block_types and up_block_types must have the same "
                                "non-zero length");
    }
    for (const auto& t : c.downBlockTypes) {
        if (t != "DownEncoderBlock2D") {
            configError(configJson, "down block type \"" + t + "\" is not supported (DownEncoderBlock2D)");
        }
    }
    for (const auto& t : c.upBlockTypes) {
        if (t != "UpDecoderBlock2D") {
            configError(configJson, "up block type \"" + t + "\" is not supported (UpDecoderBlock2D)");
        }
    }
    if (c.inChannels <= 0 || c.outChannels <= 0 || c.latentChannels <= 0 || c.layersPerBlock <= 0 ||
        c.normNumGroups <= 0 || c.scalingFactor == 0.0) {
        configError(configJson, "channel counts, layers_per_block, norm_num_groups and scaling_factor must be "
                                "positive");
    }
    for (const auto ch : c.blockOutChannels) {
        if (ch <= 0 || ch % c.normNumGroups != 0) {
            configError(configJson, "block_out_channels entry " + std::to_string(ch) +
                                        " is not a positive multiple of norm_num_groups");
        }
    }
    return c;
}

AutoencoderKLImpl::AutoencoderKLImpl(const AutoencoderKLConfig& config) : m_config(config)
{
    encoder = register_module("encoder", Encoder(coderOptions(config, true)));
    decoder = register_module("decoder", Decoder(coderOptions(config, false)));
    if (config.useQuantConv) {
        quant_conv = register_module("quant_conv",
                                     nn::Conv2d(2 * config.latentChannels, 2 * config.latentChannels, 1));
    }
    if (config.usePostQuantConv) {
        post_quant_conv = register_module("post_quant_conv",
                                          nn::Conv2d(config.latentChannels, config.latentChannels, 1));
    }
}

torch::Tensor AutoencoderKLImpl::encodeMoments(const torch::Tensor& x)
{
    const auto f = m_config.spatialScaleFactor();
    if (x.dim() != 4 || x.size(1) != m_config.inChannels || x.size(2) % f != 0 || x.size(3) % f != 0) {
        fail(ErrorCode::InvalidArgument, "VAE encode: input must be [N, " + std::to_string(m_config.inChannels) +
                                             ", H, W] with H and W multiples of " + std::to_string(f));
    }
    const auto w = encoder->parameters().front();
    auto h = encoder(x.to(w.device(), w.scalar_type()));
    return quant_conv ? quant_conv(h) : h;
}

DiagonalGaussianDistribution AutoencoderKLImpl::encode(const torch::Tensor& x)
{
    return DiagonalGaussianDistribution(encodeMoments(x));
}

torch::Tensor AutoencoderKLImpl::decode(const torch::Tensor& z)
{
    if (z.dim() != 4 || z.size(1) != m_config.latentChannels) {
        fail(ErrorCode::InvalidArgument,
             "VAE decode: latents must be [N, " + std::to_string(m_config.latentChannels) + ", h, w]");
    }
    const auto w = decoder->parameters().front();
    auto h = z.to(w.device(), w.scalar_type());
    if (post_quant_conv) {
        h = post_quant_conv(h);
    }
    return decoder(h);
}

torch::Tensor AutoencoderKLImpl::decodeVideo(const torch::Tensor& latents, std::int64_t chunkSize,
                                             const CancelToken* cancel,
                                             const std::function<void(std::int64_t, std::int64_t)>& onChunk)
{
    if (latents.dim() != 5) {
        fail(ErrorCode::InvalidArgument, "VAE video decode: latents must be [B, C, F, h, w]");
    }
    const auto b = latents.size(0);
    const auto c = latents.size(1);
    const auto frames = latents.size(2);
    // [B, C, F, h, w] -> [B*F, C, h, w], frames of one video contiguous.
    const auto folded =
        (latents / m_config.scalingFactor).permute({0, 2, 1, 3, 4}).reshape({b * frames, c, latents.size(3),
                                                                             latents.size(4)});
    const auto total = folded.size(0);
    const auto step = chunkSize > 0 ? chunkSize : total;
    std::vector<torch::Tensor> parts;
    for (std::int64_t start = 0; start < total; start += step) {
        if (cancel) {
            cancel->throwIfCancelled();
        }
        const auto end = std::min(start + step, total);
        parts.push_back(decode(folded.slice(0, start, end)).to(torch::kFloat32));
        if (onChunk) {
            onChunk(end, total);
        }
    }
    const auto images = torch::cat(parts, 0).to(latents.device()); // [B*F, out, H, W]
    return images.reshape({b, frames, images.size(1), images.size(2), images.size(3)}).permute({0, 2, 1, 3, 4});
}

AutoencoderKL loadAutoencoderKL(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                                torch::Dtype dtype, const torch::Device& device)
{
    const auto config = loadAutoencoderKLConfig(configJson);
    {
        const nn::ParameterOptionsGuard meta(torch::TensorOptions().device(torch::kMeta).dtype(dtype));
        AutoencoderKL probe(config); // config against the weights' headers, nothing allocated
        checkWeightsMatch(*probe, weights, "vae");
    }
    AutoencoderKL model{nullptr};
    {
        nn::ParameterOptionsGuard guard(torch::TensorOptions().device(device).dtype(dtype));
        model = AutoencoderKL(config);
    }
    loadWeightsInto(*model, weights, "vae");
    model->eval();
    return model;
}

} // namespace i2v
