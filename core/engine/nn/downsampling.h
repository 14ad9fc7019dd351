#pragma once
// Port of diffusers src/diffusers/models/downsampling.py (v0.31.0): Downsample2D.
// Deviation: the layer is always registered as `conv` (diffusers' name="op"/"Conv2d_0" spelling used by
// every UNet/VAE block); the legacy name="conv" alias `Conv2d_0` is not registered. No norm_type.

#include "core/engine/nn/layers.h"

#include <optional>

namespace i2v::nn {

struct Downsample2DOptions {
    std::int64_t channels = 0;
    bool useConv = false; // false: 2x2 average pooling (no weights)
    std::optional<std::int64_t> outChannels;
    std::int64_t padding = 1; // 0: pad right/bottom by one before the stride-2 conv (the VAE encoder)
    std::int64_t kernelSize = 3;
    bool bias = true;
};

// Halves H and W. x [N, C, H, W] -> [N, out, H', W']. Keys: conv.{weight,bias} when useConv.
class Downsample2DImpl : public torch::nn::Module {
public:
    explicit Downsample2DImpl(const Downsample2DOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

private:
    Downsample2DOptions m_options;
    Conv2d m_conv{nullptr};
};
TORCH_MODULE(Downsample2D);

} // namespace i2v::nn
