#pragma once
// Port of diffusers src/diffusers/models/transformers/transformer_temporal.py (v0.31.0):
// TransformerTemporalModel (attention along the frame axis at every pixel). Not ported:
// TransformerSpatioTemporalModel (Stable Video Diffusion), positional embeddings.

#include "core/engine/nn/attention.h"

#include <optional>

namespace i2v::nn {

struct TransformerTemporalModelOptions {
    std::int64_t numAttentionHeads = 16;
    std::int64_t attentionHeadDim = 88;
    std::int64_t inChannels = 0;
    std::int64_t numLayers = 1;
    std::int64_t normNumGroups = 32;
    std::optional<std::int64_t> crossAttentionDim; // only decides whether blocks have norm2/attn2
    bool attentionBias = false;
    std::string activationFn = "geglu";
    bool normElementwiseAffine = true;
    bool doubleSelfAttention = true;
};

// GroupNorm(eps 1e-6) over [B, C, F, H, W] -> proj_in (Linear) -> transformer_blocks over sequences of F
// frames (one per batch item and pixel) -> proj_out, plus the input.
// Keys: norm, proj_in, transformer_blocks.{i}, proj_out.
// forward: x [B*F, C, H, W] (frames contiguous per batch item) -> [B*F, C, H, W].
class TransformerTemporalModelImpl : public torch::nn::Module {
public:
    explicit TransformerTemporalModelImpl(const TransformerTemporalModelOptions& options);
    torch::Tensor forward(const torch::Tensor& x, std::int64_t numFrames,
                          const std::optional<torch::Tensor>& encoder = std::nullopt);

private:
    GroupNorm m_norm{nullptr};
    Linear m_projIn{nullptr}, m_projOut{nullptr};
    std::vector<BasicTransformerBlock> m_blocks;
};
TORCH_MODULE(TransformerTemporalModel);

} // namespace i2v::nn
