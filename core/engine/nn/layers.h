#pragma once
// Parameter-holding layers used by every ported model (Linear, Conv2d, Conv3d, GroupNorm, LayerNorm).
// They register parameters under PyTorch's names (`weight`, `bias`) so checkpoint keys load as is,
// and differ from torch::nn's layers in one deliberate way: parameters are created UNINITIALISED with
// torch::empty(shape, parameterOptions()) and requires_grad = false. Weights are always loaded
// afterwards (strict loading guarantees every parameter is overwritten), so:
//   * building the real 1.4 B-parameter UNet costs no random initialisation;
//   * a model can be built directly on the target device/dtype (e.g. CUDA fp16) with no fp32 CPU copy;
//   * a model can be built on the meta device to count parameters without allocating memory.
// Weightless layers (SiLU, Dropout, AdaptiveAvgPool2d) come from torch::nn unchanged.

#include <torch/torch.h>

#include <array>
#include <cstdint>

namespace i2v::nn {

// Options (device, dtype) of parameters created on this thread. Default: CPU float32.
torch::TensorOptions parameterOptions();

// RAII: parameters created on this thread while the guard lives use `options` (e.g.
// torch::TensorOptions().device(torch::kMeta) or .device(torch::kCUDA).dtype(torch::kHalf)).
// Guards nest; the destructor restores the previous options.
class ParameterOptionsGuard {
public:
    explicit ParameterOptionsGuard(const torch::TensorOptions& options);
    ~ParameterOptionsGuard();
    ParameterOptionsGuard(const ParameterOptionsGuard&) = delete;
    ParameterOptionsGuard& operator=(const ParameterOptionsGuard&) = delete;

private:
    torch::TensorOptions m_previous;
};

// Registers an uninitialised parameter of `shape` with parameterOptions() (requires_grad = false).
torch::Tensor registerEmptyParameter(torch::nn::Module& module, const std::string& name,
                                     torch::IntArrayRef shape);

// y = x W^T + b. x [..., in] -> [..., out]. Keys: weight [out, in], bias [out] (when bias).
class LinearImpl : public torch::nn::Module {
public:
    LinearImpl(std::int64_t inFeatures, std::int64_t outFeatures, bool bias = true);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight, bias; // bias undefined when built without
};
TORCH_MODULE(Linear);

// 2-D convolution, zero padding. x [N, in, H, W] -> [N, out, H', W'].
// Keys: weight [out, in, k, k], bias [out] (when bias).
class Conv2dImpl : public torch::nn::Module {
public:
    Conv2dImpl(std::int64_t inChannels, std::int64_t outChannels, std::int64_t kernelSize,
               std::int64_t stride = 1, std::int64_t padding = 0, bool bias = true);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight, bias;

private:
    std::int64_t m_stride;
    std::int64_t m_padding;
};
TORCH_MODULE(Conv2d);

// 3-D convolution, zero padding, per-axis kernel/padding (stride 1). x [N, in, T, H, W] -> [N, out, ...].
// Keys: weight [out, in, kt, kh, kw], bias [out].
class Conv3dImpl : public torch::nn::Module {
public:
    Conv3dImpl(std::int64_t inChannels, std::int64_t outChannels, std::array<std::int64_t, 3> kernel,
               std::array<std::int64_t, 3> padding, bool bias = true);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight, bias;

private:
    std::array<std::int64_t, 3> m_padding;
};
TORCH_MODULE(Conv3d);

// Group normalisation over x [N, C, *] (any number of trailing axes). Keys: weight [C], bias [C]
// (when affine).
class GroupNormImpl : public torch::nn::Module {
public:
    GroupNormImpl(std::int64_t numGroups, std::int64_t numChannels, double eps = 1e-5, bool affine = true);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight, bias;

private:
    std::int64_t m_groups;
    double m_eps;
};
TORCH_MODULE(GroupNorm);

// Layer normalisation over the last axis of x [..., dim]. Keys: weight [dim], bias [dim] (when affine).
class LayerNormImpl : public torch::nn::Module {
public:
    LayerNormImpl(std::int64_t dim, double eps = 1e-5, bool elementwiseAffine = true);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight, bias;

private:
    std::int64_t m_dim;
    double m_eps;
};
TORCH_MODULE(LayerNorm);

// Total number of elements of all parameters (works on meta-device models).
std::int64_t parameterCount(const torch::nn::Module& module);

} // namespace i2v::nn
