#include "core/engine/nn/downsampling.h"

#include "core/base/error.h"

namespace i2v::nn {

Downsample2DImpl::Downsample2DImpl(const Downsample2DOptions& o) : m_options(o)
{
    const std::int64_t out = o.outChannels ? *o.outChannels : o.channels;
    if (o.useConv)
        m_conv = register_module("conv", Conv2d(o.channels, out, o.kernelSize, 2, o.padding, o.bias));
    else if (out != o.channels)
        fail(ErrorCode::ModelInvalid, "Downsample2D: pooling cannot change the channel count");
}

torch::Tensor Downsample2DImpl::forward(const torch::Tensor& x)
{
    if (!m_conv)
        return torch::avg_pool2d(x, {2, 2}, {2, 2});
    if (m_options.padding == 0)
        return m_conv(torch::constant_pad_nd(x, {0, 1, 0, 1}, 0));
    return m_conv(x);
}

} // namespace i2v::nn
