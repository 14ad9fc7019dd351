#pragma once
// Port of diffusers src/diffusers/models/attention_processor.py (v0.31.0): the `Attention` module with
// the default processor (AttnProcessor2_0 where LibTorch has SDPA, AttnProcessor otherwise; identical
// math), plus the ONE attention kernel every model in the engine uses: scaledDotProductAttention().
// Not ported (no model of ours uses them): kv_heads, qk_norm, cross_attention_norm, added_kv_proj_dim,
// spatial_norm, only_cross_attention, context_pre_only/pre_only, fused projections, custom processors.

#include "core/engine/nn/layers.h"

#include <optional>

namespace i2v::nn {

// softmax(q k^T * scale + mask) v, per batch and head.
//   q [B, H, Lq, D], k [B, H, Lk, D], v [B, H, Lk, Dv] -> [B, H, Lq, Dv] (same dtype as q).
//   mask: optional ADDITIVE float mask broadcastable to [B, H, Lq, Lk] (0 keep, large negative drop).
//   scale: defaults to 1/sqrt(D).
//   upcastSoftmax: math path only: compute scores/softmax in float32 (diffusers upcast_attention /
//   upcast_softmax); the fused kernel accumulates in float32 on its own.
// Uses at::scaled_dot_product_attention when LibTorch has it (>= 2.0) and the backend is Auto; else the
// plain math (bmm, softmax, bmm), processed in batch slices so the score matrix stays below ~256 MiB.
torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                        const std::optional<torch::Tensor>& mask = std::nullopt,
                                        std::optional<double> scale = std::nullopt, bool upcastSoftmax = false);

enum class AttentionBackend {
    Auto, // fused SDPA where available, math otherwise
    Math, // always the plain math (reference numerics; used to cross-check the fused kernel)
};
// Process-wide choice (default Auto). Thread-safe.
void setAttentionBackend(AttentionBackend backend);
AttentionBackend attentionBackend();

// Constructor options; names and defaults follow diffusers' Attention.__init__.
struct AttentionOptions {
    std::int64_t queryDim = 0;
    std::optional<std::int64_t> crossAttentionDim; // none: self-attention (keys from the query input)
    std::int64_t heads = 8;
    std::int64_t dimHead = 64;
    bool bias = false;            // bias of to_q / to_k / to_v
    bool upcastAttention = false; // scores in float32
    bool upcastSoftmax = false;   // softmax in float32
    std::optional<std::int64_t> normNumGroups; // group_norm on the input (VAE mid-block attention)
    bool outBias = true;
    bool scaleQk = true; // scale = dimHead^-0.5, else 1
    double eps = 1e-5;   // group_norm eps
    double rescaleOutputFactor = 1.0;
    bool residualConnection = false;
    std::optional<std::int64_t> outDim; // default queryDim; when set, heads = outDim / dimHead
};

// Multi-head (cross-)attention. Keys: [group_norm.{weight,bias}], to_q, to_k, to_v (.weight [+ .bias]),
// to_out.0.{weight,bias} (to_out.1 is the weightless dropout).
// forward: hidden [B, N, queryDim] or [B, queryDim, H, W] (4-D input is flattened to N = H*W tokens and
// the result reshaped back); encoder [B, M, crossAttentionDim] or none (self-attention); mask: additive,
// broadcastable to [B, heads, N, M]. Output has hidden's shape with outDim channels; residual and
// rescale are applied as in diffusers: (out + residual) / rescaleOutputFactor.
class AttentionImpl : public torch::nn::Module {
public:
    explicit AttentionImpl(const AttentionOptions& options);
    torch::Tensor forward(const torch::Tensor& hidden, const std::optional<torch::Tensor>& encoder = std::nullopt,
                          const std::optional<torch::Tensor>& mask = std::nullopt);

    const AttentionOptions& options() const { return m_options; }
    std::int64_t heads() const { return m_heads; }

private:
    AttentionOptions m_options;
    std::int64_t m_heads;
    double m_scale;
    GroupNorm m_groupNorm{nullptr};
    Linear m_toQ{nullptr}, m_toK{nullptr}, m_toV{nullptr}, m_toOut{nullptr};
};
TORCH_MODULE(Attention);

} // namespace i2v::nn
