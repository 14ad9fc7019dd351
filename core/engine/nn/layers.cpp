#include "core/engine/nn/layers.h"

#include "core/base/error.h"

namespace i2v::nn {

namespace {
thread_local torch::TensorOptions t_parameterOptions = torch::TensorOptions().dtype(torch::kFloat32);
} // namespace

torch::TensorOptions parameterOptions() { return t_parameterOptions; }

ParameterOptionsGuard::ParameterOptionsGuard(const torch::TensorOptions& options)
    : m_previous(t_parameterOptions)
{
    t_parameterOptions = options.requires_grad(false);
}

ParameterOptionsGuard::~ParameterOptionsGuard() { t_parameterOptions = m_previous; }

torch::Tensor registerEmptyParameter(torch::nn::Module& module, const std::string& name,
                                     torch::IntArrayRef shape)
{
    return module.register_parameter(name, torch::empty(shape, parameterOptions()), /*requires_grad=*/false);
}

LinearImpl::LinearImpl(std::int64_t inFeatures, std::int64_t outFeatures, bool withBias)
{
    weight = registerEmptyParameter(*this, "weight", {outFeatures, inFeatures});
    if (withBias)
        bias = registerEmptyParameter(*this, "bias", {outFeatures});
}

torch::Tensor LinearImpl::forward(const torch::Tensor& x) { return torch::linear(x, weight, bias); }

Conv2dImpl::Conv2dImpl(std::int64_t inChannels, std::int64_t outChannels, std::int64_t kernelSize,
                       std::int64_t stride, std::int64_t padding, bool withBias)
    : m_stride(stride), m_padding(padding)
{
    weight = registerEmptyParameter(*this, "weight", {outChannels, inChannels, kernelSize, kernelSize});
    if (withBias)
        bias = registerEmptyParameter(*this, "bias", {outChannels});
}

torch::Tensor Conv2dImpl::forward(const torch::Tensor& x)
{
    return torch::conv2d(x, weight, bias, {m_stride, m_stride}, {m_padding, m_padding});
}

Conv3dImpl::Conv3dImpl(std::int64_t inChannels, std::int64_t outChannels, std::array<std::int64_t, 3> kernel,
                       std::array<std::int64_t, 3> padding, bool withBias)
    : m_padding(padding)
{
    weight = registerEmptyParameter(*this, "weight", {outChannels, inChannels, kernel[0], kernel[1], kernel[2]});
    if (withBias)
        bias = registerEmptyParameter(*this, "bias", {outChannels});
}

torch::Tensor Conv3dImpl::forward(const torch::Tensor& x)
{
    return torch::conv3d(x, weight, bias, {1, 1, 1}, {m_padding[0], m_padding[1], m_padding[2]});
}

GroupNormImpl::GroupNormImpl(std::int64_t numGroups, std::int64_t numChannels, double eps, bool affine)
    : m_groups(numGroups), m_eps(eps)
{
    if (numGroups <= 0 || numChannels % numGroups != 0)
        fail(ErrorCode::ModelInvalid, "GroupNorm: " + std::to_string(numChannels) +
                                          " channels cannot be split into " + std::to_string(numGroups) +
                                          " groups (check norm_num_groups in the model's config.json)");
    if (affine) {
        weight = registerEmptyParameter(*this, "weight", {numChannels});
        bias = registerEmptyParameter(*this, "bias", {numChannels});
    }
}

torch::Tensor GroupNormImpl::forward(const torch::Tensor& x)
{
    return torch::group_norm(x, m_groups, weight, bias, m_eps);
}

LayerNormImpl::LayerNormImpl(std::int64_t dim, double eps, bool elementwiseAffine) : m_dim(dim), m_eps(eps)
{
    if (elementwiseAffine) {
        weight = registerEmptyParameter(*this, "weight", {dim});
        bias = registerEmptyParameter(*this, "bias", {dim});
    }
}

torch::Tensor LayerNormImpl::forward(const torch::Tensor& x)
{
    return torch::layer_norm(x, {m_dim}, weight, bias, m_eps);
}

std::int64_t parameterCount(const torch::nn::Module& module)
{
    std::int64_t total = 0;
    for (const auto& p : module.parameters(/*recurse=*/true))
        total += p.numel();
    return total;
}

} // namespace i2v::nn
