#include "core/engine/nn/resnet.h"

#include "core/base/error.h"
#include "core/engine/nn/activations.h"

namespace i2v::nn {

ResnetBlock2DImpl::ResnetBlock2DImpl(const ResnetBlock2DOptions& o) : m_options(o)
{
    const std::int64_t out = o.outChannels ? *o.outChannels : o.inChannels;
    const std::int64_t convOut = o.conv2dOutChannels ? *o.conv2dOutChannels : out;
    m_norm1 = register_module("norm1", GroupNorm(o.groups, o.inChannels, o.eps, true));
    m_conv1 = register_module("conv1", Conv2d(o.inChannels, out, 3, 1, 1));
    if (o.tembChannels) {
        if (o.timeEmbeddingNorm == "default")
            m_timeEmbProj = register_module("time_emb_proj", Linear(*o.tembChannels, out));
        else if (o.timeEmbeddingNorm == "scale_shift")
            m_timeEmbProj = register_module("time_emb_proj", Linear(*o.tembChannels, 2 * out));
        else
            fail(ErrorCode::ModelInvalid, "ResnetBlock2D: unknown time_embedding_norm '" + o.timeEmbeddingNorm + "'");
    }
    m_norm2 = register_module("norm2", GroupNorm(o.groupsOut ? *o.groupsOut : o.groups, out, o.eps, true));
    m_conv2 = register_module("conv2", Conv2d(out, convOut, 3, 1, 1));
    const bool useShortcut = o.useInShortcut ? *o.useInShortcut : o.inChannels != convOut;
    if (useShortcut)
        m_convShortcut = register_module("conv_shortcut", Conv2d(o.inChannels, convOut, 1, 1, 0, o.convShortcutBias));
}

torch::Tensor ResnetBlock2DImpl::forward(const torch::Tensor& x, const torch::Tensor& tembIn)
{
    const std::string& act = m_options.nonLinearity;
    torch::Tensor h = activation(act, m_norm1(x));
    h = m_conv1(h);
    torch::Tensor temb;
    if (m_timeEmbProj && tembIn.defined()) {
        temb = m_options.skipTimeAct ? tembIn : activation(act, tembIn);
        temb = m_timeEmbProj(temb).unsqueeze(-1).unsqueeze(-1); // [N, C, 1, 1]
    }
    if (m_options.timeEmbeddingNorm == "scale_shift") {
        if (!temb.defined())
            fail(ErrorCode::InvalidArgument, "ResnetBlock2D: scale_shift time embedding needs temb");
        auto parts = temb.chunk(2, 1);
        h = m_norm2(h) * (1 + parts[0]) + parts[1];
    } else {
        if (temb.defined())
            h = h + temb;
        h = m_norm2(h);
    }
    h = activation(act, h);
    h = m_conv2(h);
    torch::Tensor shortcut = m_convShortcut ? m_convShortcut(x) : x;
    torch::Tensor out = shortcut + h;
    if (m_options.outputScaleFactor != 1.0)
        out = out / m_options.outputScaleFactor;
    return out;
}

TemporalConvLayerImpl::TemporalConvLayerImpl(std::int64_t inDim, std::optional<std::int64_t> outDimOpt,
                                             std::int64_t normNumGroups)
{
    const std::int64_t outDim = outDimOpt ? *outDimOpt : inDim;
    for (int i = 0; i < 4; ++i) {
        const std::int64_t cin = i == 0 ? inDim : outDim;
        const std::int64_t cout = i == 0 ? outDim : inDim;
        torch::nn::Sequential seq;
        m_norms[i] = GroupNorm(normNumGroups, cin, 1e-5, true);
        m_convs[i] = Conv3d(cin, cout, std::array<std::int64_t, 3>{3, 1, 1}, std::array<std::int64_t, 3>{1, 0, 0});
        seq->push_back(m_norms[i]);
        seq->push_back(torch::nn::SiLU());
        if (i > 0)
            seq->push_back(torch::nn::Dropout(0.1)); // weightless; never applied (inference)
        seq->push_back(m_convs[i]);
        register_module("conv" + std::to_string(i + 1), seq);
    }
}

torch::Tensor TemporalConvLayerImpl::forward(const torch::Tensor& x, std::int64_t numFrames)
{
    const std::int64_t bf = x.size(0), c = x.size(1), hgt = x.size(2), wid = x.size(3);
    // [B*F, C, H, W] -> [B, C, F, H, W]
    torch::Tensor h = x.reshape({bf / numFrames, numFrames, c, hgt, wid}).permute({0, 2, 1, 3, 4}).contiguous();
    const torch::Tensor identity = h;
    for (int i = 0; i < 4; ++i)
        h = m_convs[i](torch::silu(m_norms[i](h)));
    h = identity + h;
    // [B, C, F, H, W] -> [B*F, C, H, W]
    return h.permute({0, 2, 1, 3, 4}).reshape({bf, -1, hgt, wid});
}

} // namespace i2v::nn
