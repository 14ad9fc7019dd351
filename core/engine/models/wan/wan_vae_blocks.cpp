// Port of the blocks of diffusers 0.42.1 models/autoencoders/autoencoder_kl_wan.py. See wan_vae_blocks.h.

#include "core/engine/models/wan/wan_vae_blocks.h"

#include "core/base/error.h"

#include <algorithm>
#include <cmath>

namespace i2v::wan {
namespace {

// x[:, :, -CACHE_T:].clone(): the frames this chunk leaves for the next one.
torch::Tensor lastFrames(const torch::Tensor& x, std::int64_t n)
{
    const auto t = x.size(2);
    return x.slice(2, std::max<std::int64_t>(0, t - n), t).clone();
}

// The reference's pattern around every cached causal conv (conv_in, resnet convs, conv_out): keep the last
// two frames (the previous chunk's last frame in front when this chunk has only one), convolve with the
// previous cache, store the new one.
torch::Tensor cachedConv(WanCausalConv3d& conv, const torch::Tensor& x, WanFeatureCache& cache)
{
    auto& slot = cache.current();
    auto cacheX = lastFrames(x, kCacheT);
    if (cacheX.size(2) < 2 && slot.tensor.defined()) {
        const auto t = slot.tensor.size(2);
        cacheX = torch::cat({slot.tensor.slice(2, t - 1, t), cacheX}, 2);
    }
    auto out = conv(x, slot.tensor);
    slot.tensor = cacheX;
    cache.advance();
    return out;
}

} // namespace

void WanFeatureCache::clear()
{
    m_slots.clear();
    m_index = 0;
}

WanFeatureCache::Slot& WanFeatureCache::current()
{
    if (m_index >= m_slots.size())
        m_slots.resize(m_index + 1);
    return m_slots[m_index];
}

WanCausalConv3dImpl::WanCausalConv3dImpl(std::int64_t in, std::int64_t out, std::array<std::int64_t, 3> kernel,
                                         std::array<std::int64_t, 3> stride, std::array<std::int64_t, 3> padding)
    : m_stride(stride), m_padding(padding)
{
    weight = nn::registerEmptyParameter(*this, "weight", {out, in, kernel[0], kernel[1], kernel[2]});
    bias = nn::registerEmptyParameter(*this, "bias", {out});
}

WanCausalConv3d makeCausalConv3d(std::int64_t in, std::int64_t out, Dims3 kernel, Dims3 stride, Dims3 padding)
{
    return WanCausalConv3d(std::make_shared<WanCausalConv3dImpl>(in, out, kernel, stride, padding));
}

torch::Tensor WanCausalConv3dImpl::forward(const torch::Tensor& xIn, const torch::Tensor& cacheX)
{
    auto x = xIn;
    auto padFront = 2 * m_padding[0];
    if (cacheX.defined() && padFront > 0) {
        x = torch::cat({cacheX.to(x.device()), x}, 2);
        padFront -= cacheX.size(2);
    }
    const auto ph = m_padding[1];
    const auto pw = m_padding[2];
    if (padFront != 0 || ph != 0 || pw != 0)
        x = torch::constant_pad_nd(x, {pw, pw, ph, ph, padFront, 0}, 0.0);
    return torch::conv3d(x, weight, bias, {m_stride[0], m_stride[1], m_stride[2]});
}

WanVaeRMSNormImpl::WanVaeRMSNormImpl(std::int64_t dim, bool images, bool withBias)
    : m_scale(std::sqrt(static_cast<double>(dim)))
{
    const std::vector<std::int64_t> shape = images ? std::vector<std::int64_t>{dim, 1, 1}
                                                   : std::vector<std::int64_t>{dim, 1, 1, 1};
    gamma = nn::registerEmptyParameter(*this, "gamma", shape);
    if (withBias)
        bias = nn::registerEmptyParameter(*this, "bias", shape);
}

torch::Tensor WanVaeRMSNormImpl::forward(const torch::Tensor& x)
{
    const bool upcast = x.scalar_type() == torch::kHalf || x.scalar_type() == torch::kBFloat16;
    const auto xf = upcast ? x.to(torch::kFloat32) : x;
    // F.normalize(x, dim=1): x / max(||x||_2, 1e-12)
    const auto normalized = (xf / xf.norm(2, {1}, /*keepdim=*/true).clamp_min(1e-12)).to(x.scalar_type());
    auto y = normalized * m_scale * gamma;
    return bias.defined() ? y + bias : y;
}

WanResampleImpl::WanResampleImpl(std::int64_t dim, const std::string& mode, std::int64_t upsampleOutDim)
    : m_mode(mode)
{
    if (mode == "upsample2d" || mode == "upsample3d") {
        m_conv = nn::Conv2d(dim, upsampleOutDim, 3, 1, 1);
        resample = register_module("resample", torch::nn::Sequential(torch::nn::Identity(), m_conv));
        if (mode == "upsample3d")
            time_conv = register_module("time_conv", makeCausalConv3d(dim, dim * 2, {3, 1, 1}, {1, 1, 1}, {1, 0, 0}));
    } else if (mode == "downsample2d" || mode == "downsample3d") {
        m_conv = nn::Conv2d(dim, dim, 3, 2, 0);
        resample = register_module("resample", torch::nn::Sequential(torch::nn::Identity(), m_conv));
        if (mode == "downsample3d")
            time_conv = register_module("time_conv", makeCausalConv3d(dim, dim, {3, 1, 1}, {2, 1, 1}, {0, 0, 0}));
    } else if (mode != "none") {
        fail(ErrorCode::ModelInvalid, "Wan VAE: unknown resample mode \"" + mode + "\"");
    }
}

torch::Tensor WanResampleImpl::forward(const torch::Tensor& xIn, WanFeatureCache& cache)
{
    auto x = xIn;
    const auto b = x.size(0);
    const auto c = x.size(1);
    const auto h = x.size(3);
    const auto w = x.size(4);
    if (m_mode == "upsample3d") {
        auto& slot = cache.current();
        if (slot.empty()) {
            // First chunk: no temporal upsampling; the next chunk convolves with zero history ("Rep").
            slot.rep = true;
            cache.advance();
        } else {
            const auto t = x.size(2);
            auto cacheX = lastFrames(x, kCacheT);
            if (cacheX.size(2) < 2 && slot.tensor.defined()) {
                const auto ct = slot.tensor.size(2);
                cacheX = torch::cat({slot.tensor.slice(2, ct - 1, ct).to(cacheX.device()), cacheX}, 2);
            }
            if (cacheX.size(2) < 2 && slot.rep)
                cacheX = torch::cat({torch::zeros_like(cacheX), cacheX}, 2);
            x = slot.rep ? time_conv(x) : time_conv(x, slot.tensor);
            slot.tensor = cacheX;
            slot.rep = false;
            cache.advance();
            // [B, 2C, t, H, W] -> [B, 2, C, t, H, W] -> interleave -> [B, C, 2t, H, W]
            x = x.reshape({b, 2, c, t, h, w});
            x = torch::stack({x.select(1, 0), x.select(1, 1)}, 3);
            x = x.reshape({b, c, t * 2, h, w});
        }
    }
    const auto t = x.size(2);
    if (m_conv) {
        x = x.permute({0, 2, 1, 3, 4}).reshape({b * t, c, h, w});
        if (m_mode == "upsample2d" || m_mode == "upsample3d") {
            // WanUpsample: nearest-exact x2 in float32, back to the input dtype.
            x = torch::_upsample_nearest_exact2d(x.to(torch::kFloat32), {h * 2, w * 2}, 2.0, 2.0)
                    .to(xIn.scalar_type());
        } else {
            x = torch::constant_pad_nd(x, {0, 1, 0, 1}, 0.0); // ZeroPad2d((0, 1, 0, 1))
        }
        x = m_conv(x);
        x = x.view({b, t, x.size(1), x.size(2), x.size(3)}).permute({0, 2, 1, 3, 4});
    }
    if (m_mode == "downsample3d") {
        auto& slot = cache.current();
        if (slot.empty()) {
            slot.tensor = x.clone();
        } else {
            auto cacheX = lastFrames(x, 1);
            const auto ct = slot.tensor.size(2);
            x = time_conv(torch::cat({slot.tensor.slice(2, ct - 1, ct), x}, 2));
            slot.tensor = cacheX;
        }
        cache.advance();
    }
    return x;
}

WanResidualBlockImpl::WanResidualBlockImpl(std::int64_t inDim, std::int64_t outDim)
{
    norm1 = register_module("norm1", WanVaeRMSNorm(inDim, false));
    conv1 = register_module("conv1", makeCausalConv3d(inDim, outDim, {3, 3, 3}, {1, 1, 1}, {1, 1, 1}));
    norm2 = register_module("norm2", WanVaeRMSNorm(outDim, false));
    conv2 = register_module("conv2", makeCausalConv3d(outDim, outDim, {3, 3, 3}, {1, 1, 1}, {1, 1, 1}));
    if (inDim != outDim)
        conv_shortcut = register_module("conv_shortcut", makeCausalConv3d(inDim, outDim, {1, 1, 1}));
}

torch::Tensor WanResidualBlockImpl::forward(const torch::Tensor& xIn, WanFeatureCache& cache)
{
    const auto h = conv_shortcut ? conv_shortcut(xIn) : xIn;
    auto x = torch::silu(norm1(xIn));
    x = cachedConv(conv1, x, cache);
    x = torch::silu(norm2(x));
    x = cachedConv(conv2, x, cache); // dropout: identity in eval
    return x + h;
}

WanAttentionBlockImpl::WanAttentionBlockImpl(std::int64_t dim)
{
    norm = register_module("norm", WanVaeRMSNorm(dim, true));
    to_qkv = register_module("to_qkv", nn::Conv2d(dim, dim * 3, 1));
    proj = register_module("proj", nn::Conv2d(dim, dim, 1));
}

torch::Tensor WanAttentionBlockImpl::forward(const torch::Tensor& identity)
{
    const auto b = identity.size(0);
    const auto c = identity.size(1);
    const auto t = identity.size(2);
    const auto h = identity.size(3);
    const auto w = identity.size(4);
    auto x = identity.permute({0, 2, 1, 3, 4}).reshape({b * t, c, h, w});
    x = norm(x);
    // [BT, 3C, H, W] -> [BT, 1, HW, 3C] -> q, k, v [BT, 1, HW, C]
    auto qkv = to_qkv(x).reshape({b * t, 1, c * 3, -1}).permute({0, 1, 3, 2}).contiguous();
    const auto parts = qkv.chunk(3, -1);
    x = at::scaled_dot_product_attention(parts[0], parts[1], parts[2]);
    x = x.squeeze(1).permute({0, 2, 1}).reshape({b * t, c, h, w});
    x = proj(x);
    return x.view({b, t, c, h, w}).permute({0, 2, 1, 3, 4}) + identity;
}

WanMidBlockImpl::WanMidBlockImpl(std::int64_t dim, std::int64_t numLayers)
{
    m_resnets.push_back(WanResidualBlock(dim, dim));
    for (std::int64_t i = 0; i < numLayers; ++i) {
        m_attentions.push_back(WanAttentionBlock(dim));
        m_resnets.push_back(WanResidualBlock(dim, dim));
    }
    for (auto& a : m_attentions)
        attentions->push_back(a);
    for (auto& r : m_resnets)
        resnets->push_back(r);
    attentions = register_module("attentions", attentions);
    resnets = register_module("resnets", resnets);
}

torch::Tensor WanMidBlockImpl::forward(const torch::Tensor& xIn, WanFeatureCache& cache)
{
    auto x = m_resnets[0]->forward(xIn, cache);
    for (std::size_t i = 0; i < m_attentions.size(); ++i) {
        x = m_attentions[i](x);
        x = m_resnets[i + 1]->forward(x, cache);
    }
    return x;
}

torch::Tensor avgDown3d(const torch::Tensor& xIn, std::int64_t outChannels, std::int64_t ft, std::int64_t fs)
{
    const auto padT = (ft - xIn.size(2) % ft) % ft;
    auto x = padT > 0 ? torch::constant_pad_nd(xIn, {0, 0, 0, 0, padT, 0}, 0.0) : xIn;
    const auto b = x.size(0);
    const auto c = x.size(1);
    const auto t = x.size(2);
    const auto h = x.size(3);
    const auto w = x.size(4);
    const auto factor = ft * fs * fs;
    x = x.view({b, c, t / ft, ft, h / fs, fs, w / fs, fs}).permute({0, 1, 3, 5, 7, 2, 4, 6}).contiguous();
    x = x.view({b, c * factor, t / ft, h / fs, w / fs});
    x = x.view({b, outChannels, c * factor / outChannels, t / ft, h / fs, w / fs});
    return x.mean(2);
}

torch::Tensor dupUp3d(const torch::Tensor& xIn, std::int64_t outChannels, std::int64_t ft, std::int64_t fs,
                      bool firstChunk)
{
    const auto factor = ft * fs * fs;
    const auto repeats = outChannels * factor / xIn.size(1);
    auto x = xIn.repeat_interleave(repeats, 1);
    const auto b = x.size(0);
    const auto t = x.size(2);
    const auto h = x.size(3);
    const auto w = x.size(4);
    x = x.view({b, outChannels, ft, fs, fs, t, h, w}).permute({0, 1, 5, 2, 6, 3, 7, 4}).contiguous();
    x = x.view({b, outChannels, t * ft, h * fs, w * fs});
    if (firstChunk)
        x = x.slice(2, ft - 1);
    return x;
}

WanResidualDownBlockImpl::WanResidualDownBlockImpl(std::int64_t inDim, std::int64_t outDim,
                                                   std::int64_t numResBlocks, bool temporalDown, bool downFlag)
    : m_outDim(outDim), m_factorT(temporalDown ? 2 : 1), m_factorS(downFlag ? 2 : 1)
{
    for (std::int64_t i = 0; i < numResBlocks; ++i) {
        m_resnets.push_back(WanResidualBlock(i == 0 ? inDim : outDim, outDim));
        resnets->push_back(m_resnets.back());
    }
    resnets = register_module("resnets", resnets);
    if (downFlag)
        downsampler = register_module("downsampler",
                                      WanResample(outDim, temporalDown ? "downsample3d" : "downsample2d", outDim / 2));
}

torch::Tensor WanResidualDownBlockImpl::forward(const torch::Tensor& xIn, WanFeatureCache& cache)
{
    auto x = xIn;
    for (auto& r : m_resnets)
        x = r->forward(x, cache);
    if (downsampler)
        x = downsampler->forward(x, cache);
    return x + avgDown3d(xIn, m_outDim, m_factorT, m_factorS);
}

WanUpBlockImpl::WanUpBlockImpl(std::int64_t inDim, std::int64_t outDim, std::int64_t numResBlocks, bool upFlag,
                               bool temporalUp, bool residual)
    : m_residual(residual), m_outDim(outDim)
{
    for (std::int64_t i = 0; i < numResBlocks + 1; ++i) {
        m_resnets.push_back(WanResidualBlock(i == 0 ? inDim : outDim, outDim));
        resnets->push_back(m_resnets.back());
    }
    resnets = register_module("resnets", resnets);
    if (!upFlag)
        return;
    const std::string mode = temporalUp ? "upsample3d" : "upsample2d";
    if (residual) {
        m_shortcut = true;
        m_factorT = temporalUp ? 2 : 1;
        m_upsampler = register_module("upsampler", WanResample(outDim, mode, outDim));
    } else {
        m_upsampler = WanResample(outDim, mode, outDim / 2);
        upsamplers = torch::nn::ModuleList();
        upsamplers->push_back(m_upsampler);
        upsamplers = register_module("upsamplers", upsamplers);
    }
}

torch::Tensor WanUpBlockImpl::forward(const torch::Tensor& xIn, WanFeatureCache& cache, bool firstChunk)
{
    auto x = xIn;
    for (auto& r : m_resnets)
        x = r->forward(x, cache);
    if (m_upsampler)
        x = m_upsampler->forward(x, cache);
    if (m_shortcut)
        x = x + dupUp3d(xIn, m_outDim, m_factorT, 2, firstChunk);
    return x;
}

WanEncoder3dImpl::WanEncoder3dImpl(const WanCoderOptions& o)
{
    const auto levels = static_cast<std::int64_t>(o.dimMult.size());
    std::vector<std::int64_t> dims{o.dim};
    for (const auto m : o.dimMult)
        dims.push_back(o.dim * m);
    conv_in = register_module("conv_in", makeCausalConv3d(o.inChannels, dims[0], {3, 3, 3}, {1, 1, 1}, {1, 1, 1}));
    double scale = 1.0;
    auto add = [&](std::shared_ptr<torch::nn::Module> m, std::shared_ptr<WanCachedBlock> cached) {
        down_blocks->push_back(std::move(m));
        m_down.push_back(std::move(cached));
    };
    for (std::int64_t i = 0; i < levels; ++i) {
        auto inDim = dims[i];
        const auto outDim = dims[i + 1];
        const bool last = i == levels - 1;
        if (o.isResidual) {
            WanResidualDownBlock block(inDim, outDim, o.numResBlocks, last ? false : bool(o.temporal[i]), !last);
            add(block.ptr(), block.ptr());
            continue;
        }
        for (std::int64_t r = 0; r < o.numResBlocks; ++r) {
            WanResidualBlock block(inDim, outDim);
            add(block.ptr(), block.ptr());
            if (std::find(o.attnScales.begin(), o.attnScales.end(), scale) != o.attnScales.end())
                add(WanAttentionBlock(outDim).ptr(), nullptr);
            inDim = outDim;
        }
        if (!last) {
            WanResample block(outDim, o.temporal[i] ? "downsample3d" : "downsample2d", outDim / 2);
            add(block.ptr(), block.ptr());
            scale /= 2.0;
        }
    }
    down_blocks = register_module("down_blocks", down_blocks);
    mid_block = register_module("mid_block", WanMidBlock(dims.back(), 1));
    norm_out = register_module("norm_out", WanVaeRMSNorm(dims.back(), false));
    conv_out = register_module("conv_out", makeCausalConv3d(dims.back(), o.outChannels, {3, 3, 3}, {1, 1, 1}, {1, 1, 1}));
}

torch::Tensor WanEncoder3dImpl::forward(const torch::Tensor& xIn, WanFeatureCache& cache)
{
    auto x = cachedConv(conv_in, xIn, cache);
    for (auto& block : m_down) {
        if (!block)
            fail(ErrorCode::ModelInvalid,
                 "Wan VAE: this config has attention blocks in the encoder (non-empty \"attn_scales\"); diffusers "
                 "0.42.1 cannot encode with them either (WanAttentionBlock takes no feature cache)");
        x = block->forward(x, cache);
    }
    x = mid_block->forward(x, cache);
    x = torch::silu(norm_out(x));
    return cachedConv(conv_out, x, cache);
}

WanDecoder3dImpl::WanDecoder3dImpl(const WanCoderOptions& o)
{
    const auto levels = static_cast<std::int64_t>(o.dimMult.size());
    std::vector<std::int64_t> dims{o.dim * o.dimMult.back()};
    for (auto it = o.dimMult.rbegin(); it != o.dimMult.rend(); ++it)
        dims.push_back(o.dim * *it);
    conv_in = register_module("conv_in", makeCausalConv3d(o.zDim, dims[0], {3, 3, 3}, {1, 1, 1}, {1, 1, 1}));
    mid_block = register_module("mid_block", WanMidBlock(dims[0], 1));
    for (std::int64_t i = 0; i < levels; ++i) {
        auto inDim = dims[i];
        const auto outDim = dims[i + 1];
        if (i > 0 && !o.isResidual)
            inDim /= 2; // Wan2.1: the previous level's upsampler halved the channels
        const bool upFlag = i != levels - 1;
        const bool temporalUp = upFlag && o.temporal[i];
        m_up.push_back(WanUpBlock(inDim, outDim, o.numResBlocks, upFlag, temporalUp, o.isResidual));
        up_blocks->push_back(m_up.back());
    }
    up_blocks = register_module("up_blocks", up_blocks);
    norm_out = register_module("norm_out", WanVaeRMSNorm(dims.back(), false));
    conv_out = register_module("conv_out", makeCausalConv3d(dims.back(), o.outChannels, {3, 3, 3}, {1, 1, 1}, {1, 1, 1}));
}

torch::Tensor WanDecoder3dImpl::forward(const torch::Tensor& xIn, WanFeatureCache& cache, bool firstChunk)
{
    auto x = cachedConv(conv_in, xIn, cache);
    x = mid_block->forward(x, cache);
    for (auto& up : m_up)
        x = up->forward(x, cache, firstChunk);
    x = torch::silu(norm_out(x));
    return cachedConv(conv_out, x, cache);
}

} // namespace i2v::wan
