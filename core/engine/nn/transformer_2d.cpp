#include "core/engine/nn/transformer_2d.h"

namespace i2v::nn {

Transformer2DModelImpl::Transformer2DModelImpl(const Transformer2DModelOptions& o) : m_options(o)
{
    const std::int64_t inner = o.numAttentionHeads * o.attentionHeadDim;
    const std::int64_t out = o.outChannels ? *o.outChannels : o.inChannels;
    m_norm = register_module("norm", GroupNorm(o.normNumGroups, o.inChannels, 1e-6, true));
    if (o.useLinearProjection) {
        m_projIn = torch::nn::AnyModule(register_module("proj_in", Linear(o.inChannels, inner)));
    } else {
        m_projIn = torch::nn::AnyModule(register_module("proj_in", Conv2d(o.inChannels, inner, 1)));
    }
    torch::nn::ModuleList blocks;
    for (std::int64_t i = 0; i < o.numLayers; ++i) {
        BasicTransformerBlockOptions b;
        b.dim = inner;
        b.numAttentionHeads = o.numAttentionHeads;
        b.attentionHeadDim = o.attentionHeadDim;
        b.crossAttentionDim = o.crossAttentionDim;
        b.activationFn = o.activationFn;
        b.attentionBias = o.attentionBias;
        b.onlyCrossAttention = o.onlyCrossAttention;
        b.doubleSelfAttention = o.doubleSelfAttention;
        b.upcastAttention = o.upcastAttention;
        b.normElementwiseAffine = o.normElementwiseAffine;
        b.normEps = o.normEps;
        m_blocks.emplace_back(b);
        blocks->push_back(m_blocks.back());
    }
    register_module("transformer_blocks", blocks);
    if (o.useLinearProjection) {
        m_projOut = torch::nn::AnyModule(register_module("proj_out", Linear(inner, out)));
    } else {
        m_projOut = torch::nn::AnyModule(register_module("proj_out", Conv2d(inner, out, 1)));
    }
}

torch::Tensor Transformer2DModelImpl::forward(const torch::Tensor& x, const std::optional<torch::Tensor>& encoder)
{
    const std::int64_t n = x.size(0), c = x.size(1), height = x.size(2), width = x.size(3);
    torch::Tensor h = m_norm(x);
    if (m_options.useLinearProjection) {
        h = h.permute({0, 2, 3, 1}).reshape({n, height * width, c}); // [N, HW, C]
        h = m_projIn.forward(h);
    } else {
        h = m_projIn.forward(h);
        h = h.permute({0, 2, 3, 1}).reshape({n, height * width, h.size(1)});
    }
    for (auto& block : m_blocks)
        h = block(h, encoder);
    if (m_options.useLinearProjection) {
        h = m_projOut.forward(h);
        h = h.reshape({n, height, width, h.size(-1)}).permute({0, 3, 1, 2}).contiguous();
    } else {
        h = h.reshape({n, height, width, h.size(-1)}).permute({0, 3, 1, 2}).contiguous();
        h = m_projOut.forward(h);
    }
    return h + x;
}

} // namespace i2v::nn
