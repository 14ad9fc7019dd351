#include "core/engine/nn/activations.h"

#include "core/base/error.h"

namespace i2v::nn {

torch::Tensor activation(const std::string& name, const torch::Tensor& x)
{
    if (name == "silu" || name == "swish")
        return torch::silu(x);
    if (name == "gelu")
        return torch::gelu(x);
    if (name == "gelu-approximate" || name == "gelu_pytorch_tanh")
        return torch::gelu(x, "tanh");
    if (name == "quick_gelu")
        return x * torch::sigmoid(1.702 * x);
    if (name == "relu")
        return torch::relu(x);
    if (name == "mish")
        return torch::mish(x);
    fail(ErrorCode::ModelInvalid, "unknown activation function '" + name + "' in the model configuration");
}

GELUImpl::GELUImpl(std::int64_t dimIn, std::int64_t dimOut, std::string approximate, bool bias)
    : m_proj(dimIn, dimOut, bias), m_approximate(std::move(approximate))
{
    register_module("proj", m_proj);
}

torch::Tensor GELUImpl::forward(const torch::Tensor& x) { return torch::gelu(m_proj(x), m_approximate); }

GEGLUImpl::GEGLUImpl(std::int64_t dimIn, std::int64_t dimOut, bool bias) : m_proj(dimIn, dimOut * 2, bias)
{
    register_module("proj", m_proj);
}

torch::Tensor GEGLUImpl::forward(const torch::Tensor& x)
{
    auto parts = m_proj(x).chunk(2, -1);
    return parts[0] * torch::gelu(parts[1]);
}

} // namespace i2v::nn
