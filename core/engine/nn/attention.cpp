#include "core/engine/nn/attention.h"

#include "core/base/error.h"

namespace i2v::nn {

FeedForwardImpl::FeedForwardImpl(const FeedForwardOptions& o)
{
    const std::int64_t inner = o.innerDim ? *o.innerDim : o.dim * o.mult;
    const std::int64_t dimOut = o.dimOut ? *o.dimOut : o.dim;
    torch::nn::ModuleList net;
    if (o.activationFn == "gelu" || o.activationFn == "gelu-approximate") {
        GELU act(o.dim, inner, o.activationFn == "gelu" ? "none" : "tanh", o.bias);
        net->push_back(act);
        m_act = torch::nn::AnyModule(act);
    } else if (o.activationFn == "geglu") {
        GEGLU act(o.dim, inner, o.bias);
        net->push_back(act);
        m_act = torch::nn::AnyModule(act);
    } else {
        fail(ErrorCode::ModelInvalid, "FeedForward: unsupported activation_fn '" + o.activationFn + "'");
    }
    net->push_back(torch::nn::Dropout(0.0)); // weightless; keeps net.2's index
    m_out = Linear(inner, dimOut, o.bias);
    net->push_back(m_out);
    register_module("net", net);
}

torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x) { return m_out(m_act.forward(x)); }

BasicTransformerBlockImpl::BasicTransformerBlockImpl(const BasicTransformerBlockOptions& o) : m_options(o)
{
    m_norm1 = register_module("norm1", LayerNorm(o.dim, o.normEps, o.normElementwiseAffine));
    AttentionOptions a1;
    a1.queryDim = o.dim;
    a1.heads = o.numAttentionHeads;
    a1.dimHead = o.attentionHeadDim;
    a1.bias = o.attentionBias;
    a1.crossAttentionDim = o.onlyCrossAttention ? o.crossAttentionDim : std::nullopt;
    a1.upcastAttention = o.upcastAttention;
    a1.outBias = o.attentionOutBias;
    m_attn1 = register_module("attn1", Attention(a1));

    if (o.crossAttentionDim || o.doubleSelfAttention) {
        m_norm2 = register_module("norm2", LayerNorm(o.dim, o.normEps, o.normElementwiseAffine));
        AttentionOptions a2 = a1;
        a2.crossAttentionDim = o.doubleSelfAttention ? std::nullopt : o.crossAttentionDim;
        m_attn2 = register_module("attn2", Attention(a2));
    }
    m_norm3 = register_module("norm3", LayerNorm(o.dim, o.normEps, o.normElementwiseAffine));
    FeedForwardOptions ff;
    ff.dim = o.dim;
    ff.activationFn = o.activationFn;
    ff.innerDim = o.ffInnerDim;
    ff.bias = o.ffBias;
    m_ff = register_module("ff", FeedForward(ff));
}

torch::Tensor BasicTransformerBlockImpl::forward(const torch::Tensor& xIn, const std::optional<torch::Tensor>& encoder)
{
    torch::Tensor x = xIn;
    x = m_attn1(m_norm1(x), m_options.onlyCrossAttention ? encoder : std::nullopt) + x;
    if (m_attn2)
        x = m_attn2(m_norm2(x), encoder) + x;
    x = m_ff(m_norm3(x)) + x;
    return x;
}

} // namespace i2v::nn
