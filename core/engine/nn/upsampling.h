#pragma once
// Port of diffusers src/diffusers/models/upsampling.py (v0.31.0): Upsample2D (nearest-neighbour x2, then
// an optional 3x3 conv). Not ported: conv-transpose variant, norm_type, the name="Conv2d_0" spelling.

#include "core/engine/nn/layers.h"

#include <optional>
#include <vector>

namespace i2v::nn {

struct Upsample2DOptions {
    std::int64_t channels = 0;
    bool useConv = false;
    std::optional<std::int64_t> outChannels;
    std::int64_t kernelSize = 3;
    std::int64_t padding = 1;
    bool bias = true;
};

// x [N, C, H, W] -> [N, out, 2H, 2W], or [N, out, outputSize[0], outputSize[1]] when outputSize is given
// (the UNet passes the skip connection's size when the latent is not a multiple of the down factor).
// Keys: conv.{weight,bias} when useConv.
class Upsample2DImpl : public torch::nn::Module {
public:
    explicit Upsample2DImpl(const Upsample2DOptions& options);
    torch::Tensor forward(const torch::Tensor& x, const std::vector<std::int64_t>& outputSize = {});

private:
    Conv2d m_conv{nullptr};
};
TORCH_MODULE(Upsample2D);

} // namespace i2v::nn
