#pragma once
// The engine's few direct LibTorch 2.x entry points that are not part of torch/torch.h's usual surface.
// The engine is built against LibTorch 2.x only (the pinned PyTorch wheel, see cmake/I2VTorch.cmake).

#include <torch/torch.h>
#include <torch/version.h>

#include <optional>

namespace i2v::compat {

// "2.11.0": the LibTorch the engine was compiled against (for logs and bug reports).
inline const char* torchVersionString() { return TORCH_VERSION; }

// Fused attention (flash / memory-efficient kernels on CUDA, the fused CPU kernel on the CPU).
// q [B, H, Lq, D], k/v [B, H, Lk, D], optional additive float mask broadcastable to [B, H, Lq, Lk].
// `scale` defaults to 1/sqrt(D).
inline torch::Tensor sdpa(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                          const std::optional<torch::Tensor>& mask, std::optional<double> scale)
{
    return at::scaled_dot_product_attention(q, k, v, mask, 0.0, false, scale);
}

} // namespace i2v::compat
