#pragma once
// Port of diffusers src/diffusers/models/attention.py (v0.31.0): FeedForward and BasicTransformerBlock
// (norm_type "layer_norm", the variant used by Transformer2DModel and TransformerTemporalModel).
// Not ported: ada_norm variants, positional embeddings, gated (GLIGEN) attention, chunked feed-forward.
// Dropout layers are registered (indices line up) but never applied: the engine only runs inference.

#include "core/engine/nn/activations.h"
#include "core/engine/nn/attention_processor.h"

#include <optional>
#include <string>

namespace i2v::nn {

// net.0 = GELU/GEGLU (proj dim -> inner), net.1 = Dropout, net.2 = Linear(inner -> dimOut).
// x [..., dim] -> [..., dimOut]. activationFn: "geglu", "gelu", "gelu-approximate".
struct FeedForwardOptions {
    std::int64_t dim = 0;
    std::optional<std::int64_t> dimOut; // default dim
    std::int64_t mult = 4;
    std::string activationFn = "geglu";
    std::optional<std::int64_t> innerDim; // default dim * mult
    bool bias = true;
};

class FeedForwardImpl : public torch::nn::Module {
public:
    explicit FeedForwardImpl(const FeedForwardOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::AnyModule m_act; // GELU or GEGLU
    Linear m_out{nullptr};
};
TORCH_MODULE(FeedForward);

struct BasicTransformerBlockOptions {
    std::int64_t dim = 0;
    std::int64_t numAttentionHeads = 1;
    std::int64_t attentionHeadDim = 64;
    std::optional<std::int64_t> crossAttentionDim;
    std::string activationFn = "geglu";
    bool attentionBias = false;
    bool onlyCrossAttention = false;
    bool doubleSelfAttention = false; // attn2 is a second self-attention
    bool upcastAttention = false;
    bool normElementwiseAffine = true;
    double normEps = 1e-5;
    std::optional<std::int64_t> ffInnerDim;
    bool ffBias = true;
    bool attentionOutBias = true;
};

// Pre-norm transformer block: x += attn1(norm1(x)); [x += attn2(norm2(x), context)]; x += ff(norm3(x)).
// Keys: norm1, attn1, [norm2, attn2] (when crossAttentionDim or doubleSelfAttention), norm3, ff.
// forward: x [B, N, dim]; encoder [B, M, crossAttentionDim] for attn2 (self-attention when absent).
class BasicTransformerBlockImpl : public torch::nn::Module {
public:
    explicit BasicTransformerBlockImpl(const BasicTransformerBlockOptions& options);
    torch::Tensor forward(const torch::Tensor& x, const std::optional<torch::Tensor>& encoder = std::nullopt);

private:
    BasicTransformerBlockOptions m_options;
    LayerNorm m_norm1{nullptr}, m_norm2{nullptr}, m_norm3{nullptr};
    Attention m_attn1{nullptr}, m_attn2{nullptr};
    FeedForward m_ff{nullptr};
};
TORCH_MODULE(BasicTransformerBlock);

} // namespace i2v::nn
