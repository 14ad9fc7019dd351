#pragma once
// Port of the building blocks of diffusers 0.42.1 src/diffusers/models/autoencoders/autoencoder_kl_wan.py
// (AutoencoderKLWan, Wan2.1 and Wan2.2 VAE): WanCausalConv3d, WanRMS_norm, WanResample, WanResidualBlock,
// WanAttentionBlock, WanMidBlock, AvgDown3D / DupUp3D, WanResidualDownBlock, WanResidualUpBlock, WanUpBlock,
// WanEncoder3d, WanDecoder3d. Registered names equal the checkpoint keys.
//
// The causal feature cache: the reference passes a list `feat_cache` and a counter `feat_idx` through every
// cached convolution; here a WanFeatureCache does both (slot = list entry, index = feat_idx[0]). Only the
// cached path is ported (the model always runs with the cache, as AutoencoderKLWan._encode/_decode do).
// Deviation: an encoder built with a non-empty attn_scales (attention blocks among the 2.1 down blocks)
// refuses to encode with ModelInvalid, where the reference raises TypeError (WanAttentionBlock.forward takes
// no feature cache); its decoder, which has no such blocks, works as in the reference.

#include "core/engine/nn/layers.h"

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace i2v::wan {

// Frames of the previous chunk a causal convolution keeps (the reference's CACHE_T).
constexpr std::int64_t kCacheT = 2;

// Per-call causal cache: the reference's feat_cache list + feat_idx. One slot per cached convolution, in
// call order; a slot is empty (None), holds the "Rep" marker (upsample3d's first chunk) or a tensor.
class WanFeatureCache {
public:
    struct Slot {
        torch::Tensor tensor; // [B, C, <=2, H, W]
        bool rep = false;
        bool empty() const { return !tensor.defined() && !rep; }
    };
    void clear(); // clear_cache(): every slot None
    void restartChunk() { m_index = 0; } // feat_idx = [0] before each chunk
    Slot& current();                   // feat_cache[feat_idx[0]] (grows the list on first use)
    void advance() { ++m_index; }       // feat_idx[0] += 1

private:
    std::vector<Slot> m_slots;
    std::size_t m_index = 0;
};

// nn.Conv3d with causal temporal padding: 2*pt zero frames in front (fewer when cached frames of the
// previous chunk are prepended), symmetric spatial zero padding. x [B, in, T, H, W].
// Keys: weight [out, in, kt, kh, kw], bias [out].
class WanCausalConv3dImpl : public torch::nn::Module {
public:
    WanCausalConv3dImpl(std::int64_t in, std::int64_t out, std::array<std::int64_t, 3> kernel,
                        std::array<std::int64_t, 3> stride = {1, 1, 1}, std::array<std::int64_t, 3> padding = {0, 0, 0});
    // cacheX: undefined or [B, in, n, H, W], the last frames of the previous chunk.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& cacheX = {});
    torch::Tensor weight, bias;

private:
    std::array<std::int64_t, 3> m_stride;
    std::array<std::int64_t, 3> m_padding; // (t, h, w) as given; time padding applied as 2*t in front
};
TORCH_MODULE(WanCausalConv3d);

using Dims3 = std::array<std::int64_t, 3>;
// WanCausalConv3d(in, out, kernel, stride, padding) (the module holder cannot forward brace lists).
WanCausalConv3d makeCausalConv3d(std::int64_t in, std::int64_t out, Dims3 kernel, Dims3 stride = {1, 1, 1},
                                 Dims3 padding = {0, 0, 0});

// RMS norm over the channel axis (axis 1): F.normalize(x) * sqrt(dim) * gamma + bias, in float32 for
// half inputs. images: x [N, C, H, W] (gamma [C, 1, 1]); otherwise [B, C, T, H, W] (gamma [C, 1, 1, 1]).
class WanVaeRMSNormImpl : public torch::nn::Module {
public:
    WanVaeRMSNormImpl(std::int64_t dim, bool images, bool withBias = false);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor gamma, bias;

private:
    double m_scale;
};
TORCH_MODULE(WanVaeRMSNorm);

// A block of the encoder/decoder chains; `forward` advances the cache exactly as the reference does.
class WanCachedBlock : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const torch::Tensor& x, WanFeatureCache& cache) = 0;
};

// WanResample. Modes: "upsample2d", "upsample3d" (time_conv doubles the frames, except on the first chunk:
// the "Rep" rule), "downsample2d", "downsample3d" (time_conv halves the frames using the cached last frame;
// the first chunk only fills the cache), "none". Keys: resample.1.{weight,bias}, time_conv.{weight,bias}.
class WanResampleImpl : public WanCachedBlock {
public:
    WanResampleImpl(std::int64_t dim, const std::string& mode, std::int64_t upsampleOutDim);
    torch::Tensor forward(const torch::Tensor& x, WanFeatureCache& cache) override;

private:
    std::string m_mode;
    torch::nn::Sequential resample{nullptr}; // [Identity (weightless Upsample / ZeroPad2d), Conv2d]
    nn::Conv2d m_conv{nullptr};
    WanCausalConv3d time_conv{nullptr};
};
TORCH_MODULE(WanResample);

// norm1 -> SiLU -> conv1 -> norm2 -> SiLU -> (dropout) -> conv2, + conv_shortcut(x) (1x1x1, when dims differ).
class WanResidualBlockImpl : public WanCachedBlock {
public:
    WanResidualBlockImpl(std::int64_t inDim, std::int64_t outDim);
    torch::Tensor forward(const torch::Tensor& x, WanFeatureCache& cache) override;

private:
    WanVaeRMSNorm norm1{nullptr}, norm2{nullptr};
    WanCausalConv3d conv1{nullptr}, conv2{nullptr}, conv_shortcut{nullptr};
};
TORCH_MODULE(WanResidualBlock);

// Single-head self-attention inside each frame (no temporal mixing, no cache). x [B, C, T, H, W].
// Keys: norm.gamma [C,1,1], to_qkv (1x1 conv C -> 3C), proj (1x1 conv).
class WanAttentionBlockImpl : public torch::nn::Module {
public:
    explicit WanAttentionBlockImpl(std::int64_t dim);
    torch::Tensor forward(const torch::Tensor& x);

private:
    WanVaeRMSNorm norm{nullptr};
    nn::Conv2d to_qkv{nullptr}, proj{nullptr};
};
TORCH_MODULE(WanAttentionBlock);

// resnets.0 -> (attentions.i -> resnets.i+1) for one layer.
class WanMidBlockImpl : public WanCachedBlock {
public:
    explicit WanMidBlockImpl(std::int64_t dim, std::int64_t numLayers = 1);
    torch::Tensor forward(const torch::Tensor& x, WanFeatureCache& cache) override;

private:
    torch::nn::ModuleList resnets, attentions;
    std::vector<WanResidualBlock> m_resnets;
    std::vector<WanAttentionBlock> m_attentions;
};
TORCH_MODULE(WanMidBlock);

// Weightless space/time-to-channel average shortcut (Wan2.2 down blocks). x [B, in, T, H, W] ->
// [B, out, ceil(T/ft), H/fs, W/fs] (T zero-padded in front to a multiple of ft).
torch::Tensor avgDown3d(const torch::Tensor& x, std::int64_t outChannels, std::int64_t factorT, std::int64_t factorS);
// Weightless channel-to-space/time duplicate shortcut (Wan2.2 up blocks). x [B, in, T, H, W] ->
// [B, out, T*ft, H*fs, W*fs]; on the first chunk the first ft-1 frames are dropped.
torch::Tensor dupUp3d(const torch::Tensor& x, std::int64_t outChannels, std::int64_t factorT, std::int64_t factorS,
                      bool firstChunk);

// Wan2.2 encoder level: resnets, optional downsampler, + avgDown3d shortcut of the input.
class WanResidualDownBlockImpl : public WanCachedBlock {
public:
    WanResidualDownBlockImpl(std::int64_t inDim, std::int64_t outDim, std::int64_t numResBlocks, bool temporalDown,
                             bool downFlag);
    torch::Tensor forward(const torch::Tensor& x, WanFeatureCache& cache) override;

private:
    std::int64_t m_outDim, m_factorT, m_factorS;
    torch::nn::ModuleList resnets;
    std::vector<WanResidualBlock> m_resnets;
    WanResample downsampler{nullptr};
};
TORCH_MODULE(WanResidualDownBlock);

// Decoder level: num_res_blocks + 1 resnets, then the upsampler. Wan2.1 (WanUpBlock): key
// upsamplers.0, the upsampler halves the channels. Wan2.2 (WanResidualUpBlock, residual): key upsampler,
// channels kept, + dupUp3d shortcut of the input when up_flag.
class WanUpBlockImpl : public torch::nn::Module {
public:
    WanUpBlockImpl(std::int64_t inDim, std::int64_t outDim, std::int64_t numResBlocks, bool upFlag,
                   bool temporalUp, bool residual);
    torch::Tensor forward(const torch::Tensor& x, WanFeatureCache& cache, bool firstChunk);

private:
    bool m_residual;
    std::int64_t m_outDim, m_factorT = 1;
    bool m_shortcut = false;
    torch::nn::ModuleList resnets, upsamplers{nullptr};
    std::vector<WanResidualBlock> m_resnets;
    WanResample m_upsampler{nullptr};
};
TORCH_MODULE(WanUpBlock);

struct WanCoderOptions {
    std::int64_t inChannels = 3;  // encoder input (after patchify)
    std::int64_t outChannels = 3; // encoder: 2*z; decoder: output channels (before unpatchify)
    std::int64_t dim = 96;
    std::int64_t zDim = 16; // decoder input channels
    std::vector<std::int64_t> dimMult{1, 2, 4, 4};
    std::int64_t numResBlocks = 2;
    std::vector<double> attnScales;
    std::vector<bool> temporal; // encoder: temperal_downsample; decoder: temperal_upsample (reversed)
    bool isResidual = false;
};

// conv_in -> down_blocks -> mid_block -> norm_out -> SiLU -> conv_out, all cached. One chunk of frames
// x [B, in, t, H, W] -> [B, out, t', H/s, W/s].
class WanEncoder3dImpl : public torch::nn::Module {
public:
    explicit WanEncoder3dImpl(const WanCoderOptions& o);
    torch::Tensor forward(const torch::Tensor& x, WanFeatureCache& cache);

private:
    WanCausalConv3d conv_in{nullptr}, conv_out{nullptr};
    torch::nn::ModuleList down_blocks;
    std::vector<std::shared_ptr<WanCachedBlock>> m_down; // null for an attention block (attn_scales)
    WanMidBlock mid_block{nullptr};
    WanVaeRMSNorm norm_out{nullptr};
};
TORCH_MODULE(WanEncoder3d);

// conv_in -> mid_block -> up_blocks -> norm_out -> SiLU -> conv_out, all cached. One latent frame (or chunk)
// z [B, z, t, h, w] -> [B, out, t', h*s, w*s]; firstChunk marks the first call after clear().
class WanDecoder3dImpl : public torch::nn::Module {
public:
    explicit WanDecoder3dImpl(const WanCoderOptions& o);
    torch::Tensor forward(const torch::Tensor& x, WanFeatureCache& cache, bool firstChunk);

private:
    WanCausalConv3d conv_in{nullptr}, conv_out{nullptr};
    WanMidBlock mid_block{nullptr};
    torch::nn::ModuleList up_blocks;
    std::vector<WanUpBlock> m_up;
    WanVaeRMSNorm norm_out{nullptr};
};
TORCH_MODULE(WanDecoder3d);

} // namespace i2v::wan
