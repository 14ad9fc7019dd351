#pragma once
// Port of diffusers src/diffusers/models/transformers/transformer_2d.py (v0.31.0), continuous-input
// path only (in_channels set, no patches, no vector embeddings), norm_type "layer_norm".

#include "core/engine/nn/attention.h"

#include <optional>

namespace i2v::nn {

struct Transformer2DModelOptions {
    std::int64_t numAttentionHeads = 16;
    std::int64_t attentionHeadDim = 88;
    std::int64_t inChannels = 0;
    std::optional<std::int64_t> outChannels; // default inChannels
    std::int64_t numLayers = 1;
    std::int64_t normNumGroups = 32;
    std::optional<std::int64_t> crossAttentionDim;
    bool attentionBias = false;
    std::string activationFn = "geglu";
    bool useLinearProjection = false; // proj_in/out: Linear when true, 1x1 Conv2d when false
    bool onlyCrossAttention = false;
    bool doubleSelfAttention = false;
    bool upcastAttention = false;
    bool normElementwiseAffine = true;
    double normEps = 1e-5;
};

// GroupNorm(eps 1e-6) -> proj_in -> transformer_blocks over the H*W tokens -> proj_out, plus the input.
// Keys: norm, proj_in, transformer_blocks.{i}, proj_out.
// forward: x [N, C, H, W], encoder [N, M, crossAttentionDim] -> [N, C, H, W].
class Transformer2DModelImpl : public torch::nn::Module {
public:
    explicit Transformer2DModelImpl(const Transformer2DModelOptions& options);
    torch::Tensor forward(const torch::Tensor& x, const std::optional<torch::Tensor>& encoder = std::nullopt);

private:
    Transformer2DModelOptions m_options;
    GroupNorm m_norm{nullptr};
    torch::nn::AnyModule m_projIn, m_projOut; // Linear or Conv2d
    std::vector<BasicTransformerBlock> m_blocks;
};
TORCH_MODULE(Transformer2DModel);

} // namespace i2v::nn
