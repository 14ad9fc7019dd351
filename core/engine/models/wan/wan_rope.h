#pragma once
// Port of diffusers src/diffusers/models/transformers/transformer_wan.py (v0.42.1): WanRotaryPosEmbed and
// the rotary application nested in WanAttnProcessor.__call__ (embeddings.get_1d_rotary_pos_embed with
// use_real=True, repeat_interleave_real=True, freqs in float64).
// The head dimension D is split into a temporal part t = D - 2*(2*(D/6)) and two spatial parts
// h = w = 2*(D/6); each part gets its own 1-D table over positions 0..maxSeqLen-1:
//   freq_k = 1 / theta^(2k / part),  angle[p, k] = p * freq_k   (float64, on the CPU, as the reference's
//   non-persistent buffers are computed at construction), cos/sin repeat-interleaved to `part` columns
//   and then rounded to float32.
// Deviation (behaviour-neutral): the tables are plain members, not registered buffers (the reference's are
// non-persistent, so never in a checkpoint); forward() copies them to the input's device once and caches.

#include <torch/torch.h>

#include <array>
#include <cstdint>
#include <map>
#include <string>

namespace i2v::wan {

struct WanRopeFreqs {
    torch::Tensor cos; // [1, S, 1, D] float32, S = (F/pt)*(H/ph)*(W/pw) in (frame, row, column) order
    torch::Tensor sin; // [1, S, 1, D] float32
};

class WanRotaryPosEmbed {
public:
    // headDim must be even and positive (the reference asserts each part is even); maxSeqLen > 0.
    // Throws I2vError(ModelInvalid) otherwise.
    WanRotaryPosEmbed(std::int64_t headDim, std::array<std::int64_t, 3> patchSize, std::int64_t maxSeqLen,
                      double theta = 10000.0);

    // Tables for latents of `numFrames` x `height` x `width` (pre-patch sizes; floor-divided by the patch
    // size as the reference does), on `device`. Throws I2vError(InvalidArgument) when a post-patch size
    // is zero or exceeds maxSeqLen (the reference's slice would come up short).
    WanRopeFreqs forward(std::int64_t numFrames, std::int64_t height, std::int64_t width,
                         const torch::Device& device);

    // The full tables [maxSeqLen, D] float32 on the CPU (t, h, w parts concatenated along dim 1).
    const torch::Tensor& tableCos() const { return m_cos; }
    const torch::Tensor& tableSin() const { return m_sin; }
    std::int64_t tDim() const { return m_tDim; }
    std::int64_t hDim() const { return m_hDim; }
    std::int64_t wDim() const { return m_wDim; }

private:
    std::int64_t m_headDim, m_tDim, m_hDim, m_wDim, m_maxSeqLen;
    std::array<std::int64_t, 3> m_patch;
    torch::Tensor m_cos, m_sin;
    std::map<std::string, std::pair<torch::Tensor, torch::Tensor>> m_onDevice; // device string -> tables
};

// Rotates consecutive pairs (x[2i], x[2i+1]) of x [B, S, H, D] by the angles of freqs ([1, S, 1, D] from
// forward()): out[2i] = x[2i] cos - x[2i+1] sin, out[2i+1] = x[2i] sin + x[2i+1] cos, computed with the
// type promotion of the reference (float32 tables) and returned in x's dtype.
torch::Tensor applyWanRotaryEmb(const torch::Tensor& x, const WanRopeFreqs& freqs);

} // namespace i2v::wan
