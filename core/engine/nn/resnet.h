#pragma once
// Port of diffusers src/diffusers/models/resnet.py (v0.31.0): ResnetBlock2D and TemporalConvLayer.
// Downsample2D / Upsample2D live in downsampling.h / upsampling.h (as in diffusers) and are included
// here for convenience. Not ported: up/down resampling inside the block (FIR, sde_vp), ada_group /
// spatial norms. Dropout is never applied (inference only).

#include "core/engine/nn/downsampling.h"
#include "core/engine/nn/layers.h"
#include "core/engine/nn/upsampling.h"

#include <optional>
#include <string>

namespace i2v::nn {

struct ResnetBlock2DOptions {
    std::int64_t inChannels = 0;
    std::optional<std::int64_t> outChannels;   // default inChannels
    std::optional<std::int64_t> tembChannels = 512; // none: no time_emb_proj (the VAE's blocks)
    std::int64_t groups = 32;
    std::optional<std::int64_t> groupsOut; // default groups
    double eps = 1e-6;
    std::string nonLinearity = "swish";
    bool skipTimeAct = false;
    std::string timeEmbeddingNorm = "default"; // "default" (add) or "scale_shift"
    double outputScaleFactor = 1.0;
    std::optional<bool> useInShortcut; // default: in != out channels
    bool convShortcutBias = true;
    std::optional<std::int64_t> conv2dOutChannels; // default outChannels
};

// norm1 -> act -> conv1 (+ time_emb_proj(act(temb))[:, :, None, None]) -> norm2 -> act -> conv2,
// plus the (optionally 1x1-projected) input, divided by outputScaleFactor.
// Keys: norm1, conv1, [time_emb_proj], norm2, conv2, [conv_shortcut].
// forward: x [N, in, H, W], temb [N, tembChannels] or undefined -> [N, out, H, W].
class ResnetBlock2DImpl : public torch::nn::Module {
public:
    explicit ResnetBlock2DImpl(const ResnetBlock2DOptions& options);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb = {});

private:
    ResnetBlock2DOptions m_options;
    GroupNorm m_norm1{nullptr}, m_norm2{nullptr};
    Conv2d m_conv1{nullptr}, m_conv2{nullptr}, m_convShortcut{nullptr};
    Linear m_timeEmbProj{nullptr};
};
TORCH_MODULE(ResnetBlock2D);

// Four residual temporal convolutions (kernel (3,1,1)) over frames folded into the batch axis.
// Keys: conv1.{0: GroupNorm, 2: Conv3d}, conv{2,3,4}.{0: GroupNorm, 3: Conv3d} (SiLU/Dropout are
// weightless entries of the Sequential). GroupNorm eps 1e-5.
// forward: x [B*F, C, H, W] with frames contiguous per batch item -> [B*F, C, H, W].
class TemporalConvLayerImpl : public torch::nn::Module {
public:
    TemporalConvLayerImpl(std::int64_t inDim, std::optional<std::int64_t> outDim = std::nullopt,
                          std::int64_t normNumGroups = 32);
    torch::Tensor forward(const torch::Tensor& x, std::int64_t numFrames);

private:
    GroupNorm m_norms[4] = {nullptr, nullptr, nullptr, nullptr};
    Conv3d m_convs[4] = {nullptr, nullptr, nullptr, nullptr};
};
TORCH_MODULE(TemporalConvLayer);

} // namespace i2v::nn
