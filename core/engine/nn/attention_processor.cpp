#include "core/engine/nn/attention_processor.h"

#include "core/base/error.h"
#include "core/engine/runtime/torch_compat.h"

#include <atomic>
#include <cmath>

namespace i2v::nn {

namespace {

std::atomic<AttentionBackend> g_backend{AttentionBackend::Auto};

// Largest score matrix (elements) computed at once by the math path: 64 Mi elements = 256 MiB in fp32.
constexpr std::int64_t kMaxScoreElements = std::int64_t(64) << 20;

torch::Tensor mathAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                            const std::optional<torch::Tensor>& mask, double scale, bool upcast)
{
    const auto outDtype = q.scalar_type();
    auto chunk = [&](const torch::Tensor& qc, const torch::Tensor& kc, const torch::Tensor& vc,
                     const std::optional<torch::Tensor>& mc) {
        torch::Tensor qq = upcast ? qc.to(torch::kFloat32) : qc;
        torch::Tensor kk = upcast ? kc.to(torch::kFloat32) : kc;
        // Same order of operations as diffusers' AttnProcessor as run for the golden data:
        // (q k^T) * scale [+ mask], softmax, then probs v.
        torch::Tensor scores = torch::matmul(qq, kk.transpose(-1, -2)).mul_(scale);
        if (mc)
            scores.add_(*mc);
        torch::Tensor probs = scores.softmax(-1).to(outDtype);
        return torch::matmul(probs, vc);
    };

    const std::int64_t batch = q.size(0);
    const std::int64_t perBatch = q.size(1) * q.size(2) * k.size(2);
    const std::int64_t slice = std::max<std::int64_t>(1, kMaxScoreElements / std::max<std::int64_t>(1, perBatch));
    if (slice >= batch)
        return chunk(q, k, v, mask);

    std::vector<torch::Tensor> outs;
    for (std::int64_t b = 0; b < batch; b += slice) {
        const std::int64_t e = std::min(batch, b + slice);
        std::optional<torch::Tensor> mc;
        if (mask)
            mc = mask->size(0) == 1 || mask->dim() < 4 ? *mask : mask->slice(0, b, e);
        outs.push_back(chunk(q.slice(0, b, e), k.slice(0, b, e), v.slice(0, b, e), mc));
    }
    return torch::cat(outs, 0);
}

} // namespace

void setAttentionBackend(AttentionBackend backend) { g_backend.store(backend); }
AttentionBackend attentionBackend() { return g_backend.load(); }

torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                        const std::optional<torch::Tensor>& mask, std::optional<double> scale,
                                        bool upcastSoftmax)
{
    if (g_backend.load() == AttentionBackend::Auto)
        return compat::sdpa(q, k, v, mask, scale);
    const double s = scale ? *scale : 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
    return mathAttention(q, k, v, mask, s, upcastSoftmax);
}

AttentionImpl::AttentionImpl(const AttentionOptions& options) : m_options(options)
{
    const auto& o = m_options;
    const std::int64_t innerDim = o.outDim ? *o.outDim : o.dimHead * o.heads;
    const std::int64_t crossDim = o.crossAttentionDim ? *o.crossAttentionDim : o.queryDim;
    const std::int64_t outDim = o.outDim ? *o.outDim : o.queryDim;
    m_heads = o.outDim ? *o.outDim / o.dimHead : o.heads;
    m_scale = o.scaleQk ? 1.0 / std::sqrt(static_cast<double>(o.dimHead)) : 1.0;
    if (m_heads <= 0 || innerDim % m_heads != 0)
        fail(ErrorCode::ModelInvalid, "Attention: inner dimension " + std::to_string(innerDim) +
                                          " is not divisible into " + std::to_string(m_heads) + " heads");

    if (o.normNumGroups)
        m_groupNorm = register_module("group_norm", GroupNorm(*o.normNumGroups, o.queryDim, o.eps, true));
    m_toQ = register_module("to_q", Linear(o.queryDim, innerDim, o.bias));
    m_toK = register_module("to_k", Linear(crossDim, innerDim, o.bias));
    m_toV = register_module("to_v", Linear(crossDim, innerDim, o.bias));
    torch::nn::ModuleList toOut;
    m_toOut = Linear(innerDim, outDim, o.outBias);
    toOut->push_back(m_toOut);
    toOut->push_back(torch::nn::Dropout(0.0)); // weightless; keeps the to_out.0 index; never applied
    register_module("to_out", toOut);
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& hiddenIn, const std::optional<torch::Tensor>& encoder,
                                     const std::optional<torch::Tensor>& mask)
{
    torch::Tensor hidden = hiddenIn;
    const bool spatial = hidden.dim() == 4;
    std::int64_t channels = 0, height = 0, width = 0;
    if (spatial) {
        channels = hidden.size(1);
        height = hidden.size(2);
        width = hidden.size(3);
        hidden = hidden.view({hidden.size(0), channels, height * width}).transpose(1, 2); // [B, N, C]
    }
    const std::int64_t batch = hidden.size(0);

    if (m_groupNorm)
        hidden = m_groupNorm(hidden.transpose(1, 2)).transpose(1, 2);

    const torch::Tensor& context = encoder ? *encoder : hidden;
    torch::Tensor q = m_toQ(hidden);
    torch::Tensor k = m_toK(context);
    torch::Tensor v = m_toV(context);
    const std::int64_t headDim = k.size(-1) / m_heads;
    // [B, L, H*D] -> [B, H, L, D] (views; the kernel reads strided heads without a copy)
    q = q.view({batch, -1, m_heads, headDim}).transpose(1, 2);
    k = k.view({batch, -1, m_heads, headDim}).transpose(1, 2);
    v = v.view({batch, -1, m_heads, headDim}).transpose(1, 2);

    std::optional<torch::Tensor> bias;
    if (mask)
        bias = mask->dim() == 3 ? mask->unsqueeze(1) : *mask; // [B, Lq|1, Lk] -> [B, 1, Lq|1, Lk]
    torch::Tensor out = scaledDotProductAttention(q, k, v, bias, m_scale,
                                                  m_options.upcastAttention || m_options.upcastSoftmax);
    out = out.transpose(1, 2).reshape({batch, -1, m_heads * headDim});
    out = m_toOut(out);

    if (spatial)
        out = out.transpose(-1, -2).reshape({batch, out.size(-1), height, width});
    if (m_options.residualConnection)
        out = out + hiddenIn;
    if (m_options.rescaleOutputFactor != 1.0)
        out = out / m_options.rescaleOutputFactor;
    return out;
}

} // namespace i2v::nn
