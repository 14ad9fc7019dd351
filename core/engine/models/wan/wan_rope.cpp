#include "core/engine/models/wan/wan_rope.h"

#include "core/base/error.h"

namespace i2v::wan {

namespace {

// get_1d_rotary_pos_embed(dim, maxSeqLen, theta, use_real=True, repeat_interleave_real=True,
// freqs_dtype=float64): cos and sin [maxSeqLen, dim] float32, same operation order as the reference.
std::pair<torch::Tensor, torch::Tensor> rotaryTable(std::int64_t dim, std::int64_t maxSeqLen, double theta)
{
    const auto f64 = torch::TensorOptions().dtype(torch::kFloat64);
    const torch::Tensor exponent = torch::arange(0, dim, 2, f64) / static_cast<double>(dim);
    const torch::Tensor freqs = torch::reciprocal(torch::pow(theta, exponent)); // [dim/2]
    const torch::Tensor pos = torch::arange(maxSeqLen, torch::TensorOptions().dtype(torch::kInt64));
    const torch::Tensor angles = torch::outer(pos, freqs); // [S, dim/2] float64
    return {angles.cos().repeat_interleave(2, 1).to(torch::kFloat32),
            angles.sin().repeat_interleave(2, 1).to(torch::kFloat32)};
}

} // namespace

WanRotaryPosEmbed::WanRotaryPosEmbed(std::int64_t headDim, std::array<std::int64_t, 3> patchSize,
                                     std::int64_t maxSeqLen, double theta)
    : m_headDim(headDim), m_maxSeqLen(maxSeqLen), m_patch(patchSize)
{
    if (headDim <= 0 || headDim % 2 != 0)
        fail(ErrorCode::ModelInvalid, "Wan RoPE: attention_head_dim " + std::to_string(headDim) +
                                          " must be a positive even number (each of its t/h/w parts is rotated "
                                          "in pairs)");
    if (maxSeqLen <= 0)
        fail(ErrorCode::ModelInvalid, "Wan RoPE: rope_max_seq_len must be positive");
    for (std::int64_t p : patchSize)
        if (p <= 0)
            fail(ErrorCode::ModelInvalid, "Wan RoPE: patch_size entries must be positive");
    m_hDim = m_wDim = 2 * (headDim / 6);
    m_tDim = headDim - m_hDim - m_wDim;
    std::vector<torch::Tensor> cos, sin;
    for (std::int64_t dim : {m_tDim, m_hDim, m_wDim}) {
        auto [c, s] = rotaryTable(dim, maxSeqLen, theta);
        cos.push_back(c);
        sin.push_back(s);
    }
    m_cos = torch::cat(cos, 1).contiguous();
    m_sin = torch::cat(sin, 1).contiguous();
}

WanRopeFreqs WanRotaryPosEmbed::forward(std::int64_t numFrames, std::int64_t height, std::int64_t width,
                                        const torch::Device& device)
{
    const std::int64_t ppf = numFrames / m_patch[0], pph = height / m_patch[1], ppw = width / m_patch[2];
    if (ppf <= 0 || pph <= 0 || ppw <= 0)
        fail(ErrorCode::InvalidArgument, "Wan transformer: latents " + std::to_string(numFrames) + "x" +
                                             std::to_string(height) + "x" + std::to_string(width) +
                                             " are smaller than one patch");
    if (ppf > m_maxSeqLen || pph > m_maxSeqLen || ppw > m_maxSeqLen)
        fail(ErrorCode::InvalidArgument,
             "Wan transformer: latents of " + std::to_string(ppf) + "x" + std::to_string(pph) + "x" +
                 std::to_string(ppw) + " patches exceed rope_max_seq_len " + std::to_string(m_maxSeqLen));

    const std::string key = device.str();
    auto it = m_onDevice.find(key);
    if (it == m_onDevice.end())
        it = m_onDevice.emplace(key, std::make_pair(m_cos.to(device), m_sin.to(device))).first;

    auto grid = [&](const torch::Tensor& table) {
        const auto parts = table.split_with_sizes({m_tDim, m_hDim, m_wDim}, 1);
        const torch::Tensor f = parts[0].slice(0, 0, ppf).view({ppf, 1, 1, -1}).expand({ppf, pph, ppw, -1});
        const torch::Tensor h = parts[1].slice(0, 0, pph).view({1, pph, 1, -1}).expand({ppf, pph, ppw, -1});
        const torch::Tensor w = parts[2].slice(0, 0, ppw).view({1, 1, ppw, -1}).expand({ppf, pph, ppw, -1});
        return torch::cat({f, h, w}, -1).reshape({1, ppf * pph * ppw, 1, -1});
    };
    return {grid(it->second.first), grid(it->second.second)};
}

torch::Tensor applyWanRotaryEmb(const torch::Tensor& x, const WanRopeFreqs& freqs)
{
    using torch::indexing::Slice;
    const torch::Tensor pairs = x.unflatten(-1, {-1, 2}); // [B, S, H, D/2, 2]
    const torch::Tensor x1 = pairs.select(-1, 0), x2 = pairs.select(-1, 1);
    const torch::Tensor cos = freqs.cos.index({"...", Slice(0, torch::indexing::None, 2)});
    const torch::Tensor sin = freqs.sin.index({"...", Slice(1, torch::indexing::None, 2)});
    const torch::Tensor even = x1 * cos - x2 * sin;
    const torch::Tensor odd = x1 * sin + x2 * cos;
    return torch::stack({even, odd}, -1).flatten(-2).to(x.scalar_type());
}

} // namespace i2v::wan
