#pragma once
// The VAE's blocks from diffusers src/diffusers/models/unets/unet_2d_blocks.py (v0.31.0): UNetMidBlock2D
// (resnets + self-attention, no time embedding), DownEncoderBlock2D and UpDecoderBlock2D. Only the
// "default" (group norm) resnet_time_scale_shift is ported; the "spatial" norm (MoVQ) is not.
// Keys: resnets.{i}, attentions.{i} (mid block), downsamplers.0.conv, upsamplers.0.conv.

#include "core/engine/nn/attention_processor.h"
#include "core/engine/nn/resnet.h"

#include <string>

namespace i2v {

struct VaeBlockOptions {
    std::int64_t inChannels = 0;
    std::int64_t outChannels = 0;
    std::int64_t numLayers = 1;
    double resnetEps = 1e-6;
    std::string actFn = "silu";
    std::int64_t groups = 32;
};

// resnets[0], then (attention, resnet) pairs; channels stay inChannels. attention: one head of
// dim_head = inChannels (attention_head_dim = channels in the VAE), group norm on its input, residual,
// softmax upcast to float32. x [N, C, H, W] -> [N, C, H, W].
class UNetMidBlock2DImpl : public torch::nn::Module {
public:
    UNetMidBlock2DImpl(const VaeBlockOptions& options, bool addAttention);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::ModuleList attentions{nullptr};
    torch::nn::ModuleList resnets;
    bool m_addAttention;
};
TORCH_MODULE(UNetMidBlock2D);

// numLayers resnets, then (addDownsample) a stride-2 3x3 conv with `downsamplePadding` (0 in the VAE
// encoder: pad right/bottom by one). x [N, in, H, W] -> [N, out, H/2, W/2] (or H, W without downsample).
class DownEncoderBlock2DImpl : public torch::nn::Module {
public:
    DownEncoderBlock2DImpl(const VaeBlockOptions& options, bool addDownsample, std::int64_t downsamplePadding);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::ModuleList resnets;
    torch::nn::ModuleList downsamplers{nullptr};
};
TORCH_MODULE(DownEncoderBlock2D);

// numLayers resnets, then (addUpsample) nearest x2 + 3x3 conv. x [N, in, H, W] -> [N, out, 2H, 2W].
class UpDecoderBlock2DImpl : public torch::nn::Module {
public:
    UpDecoderBlock2DImpl(const VaeBlockOptions& options, bool addUpsample);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::ModuleList resnets;
    torch::nn::ModuleList upsamplers{nullptr};
};
TORCH_MODULE(UpDecoderBlock2D);

} // namespace i2v
