#include "core/engine/nn/transformer_temporal.h"

namespace i2v::nn {

TransformerTemporalModelImpl::TransformerTemporalModelImpl(const TransformerTemporalModelOptions& o)
{
    const std::int64_t inner = o.numAttentionHeads * o.attentionHeadDim;
    m_norm = register_module("norm", GroupNorm(o.normNumGroups, o.inChannels, 1e-6, true));
    m_projIn = register_module("proj_in", Linear(o.inChannels, inner));
    torch::nn::ModuleList blocks;
    for (std::int64_t i = 0; i < o.numLayers; ++i) {
        BasicTransformerBlockOptions b;
        b.dim = inner;
        b.numAttentionHeads = o.numAttentionHeads;
        b.attentionHeadDim = o.attentionHeadDim;
        b.crossAttentionDim = o.crossAttentionDim;
        b.activationFn = o.activationFn;
        b.attentionBias = o.attentionBias;
        b.doubleSelfAttention = o.doubleSelfAttention;
        b.normElementwiseAffine = o.normElementwiseAffine;
        m_blocks.emplace_back(b);
        blocks->push_back(m_blocks.back());
    }
    register_module("transformer_blocks", blocks);
    m_projOut = register_module("proj_out", Linear(inner, o.inChannels));
}

torch::Tensor TransformerTemporalModelImpl::forward(const torch::Tensor& x, std::int64_t numFrames,
                                                    const std::optional<torch::Tensor>& encoder)
{
    const std::int64_t bf = x.size(0), c = x.size(1), height = x.size(2), width = x.size(3);
    const std::int64_t batch = bf / numFrames;
    // [B*F, C, H, W] -> [B, C, F, H, W] for the norm, then [B*H*W, F, C] tokens.
    torch::Tensor h = x.reshape({batch, numFrames, c, height, width}).permute({0, 2, 1, 3, 4});
    h = m_norm(h);
    h = h.permute({0, 3, 4, 2, 1}).reshape({batch * height * width, numFrames, c});
    h = m_projIn(h);
    for (auto& block : m_blocks)
        h = block(h, encoder);
    h = m_projOut(h);
    // [B*H*W, F, C] -> [B, F, C, H, W] -> [B*F, C, H, W]
    h = h.reshape({batch, height, width, numFrames, c}).permute({0, 3, 4, 1, 2}).reshape({bf, c, height, width});
    return h + x;
}

} // namespace i2v::nn
