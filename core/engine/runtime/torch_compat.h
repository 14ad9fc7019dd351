#pragma once
// The one place for LibTorch version differences. Debian 12 ships LibTorch 1.13 (CPU); GPU builds use
// upstream LibTorch 2.x (CUDA). Everything else in the engine calls these helpers instead of testing
// TORCH_VERSION_* itself.

#include <torch/torch.h>
#include <torch/version.h>

#include <optional>

// at::scaled_dot_product_attention is public from LibTorch 2.0 (1.13 has only a private variant).
#if TORCH_VERSION_MAJOR >= 2
#define I2V_TORCH_HAS_SDPA 1
#else
#define I2V_TORCH_HAS_SDPA 0
#endif

// The `scale` argument of scaled_dot_product_attention exists from 2.1.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
#define I2V_TORCH_SDPA_HAS_SCALE 1
#else
#define I2V_TORCH_SDPA_HAS_SCALE 0
#endif

namespace i2v::compat {

// "1.13.0" / "2.5.1": the LibTorch the engine was compiled against (for logs and bug reports).
inline const char* torchVersionString() { return TORCH_VERSION; }

inline constexpr bool kHasSdpa = I2V_TORCH_HAS_SDPA != 0;

#if I2V_TORCH_HAS_SDPA
// Fused attention. q [B, H, Lq, D], k/v [B, H, Lk, D], optional additive float mask broadcastable to
// [B, H, Lq, Lk]. `scale` defaults to 1/sqrt(D). Only compiled where SDPA exists.
inline torch::Tensor sdpa(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                          const std::optional<torch::Tensor>& mask, std::optional<double> scale)
{
#if I2V_TORCH_SDPA_HAS_SCALE
    return at::scaled_dot_product_attention(q, k, v, mask, 0.0, false, scale);
#else
    // 2.0: no scale argument; fold a non-default scale into q.
    if (scale) {
        const double defaultScale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
        return at::scaled_dot_product_attention(q * (*scale / defaultScale), k, v, mask, 0.0, false);
    }
    return at::scaled_dot_product_attention(q, k, v, mask, 0.0, false);
#endif
}
#endif

} // namespace i2v::compat
