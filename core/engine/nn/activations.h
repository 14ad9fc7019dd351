#pragma once
// Port of diffusers src/diffusers/models/activations.py (v0.31.0): the projection+activation modules
// used as the first layer of FeedForward. Keys: `proj.weight`, `proj.bias`.

#include "core/engine/nn/layers.h"

#include <string>

namespace i2v::nn {

// Activation by diffusers name: "silu"/"swish", "gelu", "gelu-approximate" (tanh), "quick_gelu", "relu",
// "mish". Throws I2vError(ModelInvalid) for an unknown name.
torch::Tensor activation(const std::string& name, const torch::Tensor& x);

// proj then GELU. x [..., dimIn] -> [..., dimOut]. approximate: "none" or "tanh".
class GELUImpl : public torch::nn::Module {
public:
    GELUImpl(std::int64_t dimIn, std::int64_t dimOut, std::string approximate = "none", bool bias = true);
    torch::Tensor forward(const torch::Tensor& x);

private:
    Linear m_proj;
    std::string m_approximate;
};
TORCH_MODULE(GELU);

// Gated GELU: proj to 2*dimOut, split in (hidden, gate) along the last axis, hidden * gelu(gate).
class GEGLUImpl : public torch::nn::Module {
public:
    GEGLUImpl(std::int64_t dimIn, std::int64_t dimOut, bool bias = true);
    torch::Tensor forward(const torch::Tensor& x);

private:
    Linear m_proj;
};
TORCH_MODULE(GEGLU);

} // namespace i2v::nn
