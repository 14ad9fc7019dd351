#include "core/engine/nn/upsampling.h"

namespace i2v::nn {

Upsample2DImpl::Upsample2DImpl(const Upsample2DOptions& o)
{
    const std::int64_t out = o.outChannels ? *o.outChannels : o.channels;
    if (o.useConv)
        m_conv = register_module("conv", Conv2d(o.channels, out, o.kernelSize, 1, o.padding, o.bias));
}

torch::Tensor Upsample2DImpl::forward(const torch::Tensor& xIn, const std::vector<std::int64_t>& outputSize)
{
    torch::Tensor x = xIn;
    // bfloat16 nearest upsampling is missing before LibTorch 2.1 (diffusers does the same round trip).
    const auto dtype = x.scalar_type();
    if (dtype == torch::kBFloat16)
        x = x.to(torch::kFloat32);
    if (outputSize.empty())
        x = torch::upsample_nearest2d(x, {x.size(2) * 2, x.size(3) * 2});
    else
        x = torch::upsample_nearest2d(x, outputSize);
    if (dtype == torch::kBFloat16)
        x = x.to(dtype);
    return m_conv ? m_conv(x) : x;
}

} // namespace i2v::nn
