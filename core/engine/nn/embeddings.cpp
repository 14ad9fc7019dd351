#include "core/engine/nn/embeddings.h"

#include "core/engine/nn/activations.h"

#include <cmath>

namespace i2v::nn {

torch::Tensor timestepEmbedding(const torch::Tensor& timesteps, std::int64_t embeddingDim, bool flipSinToCos,
                                double downscaleFreqShift, double scale, double maxPeriod)
{
    const std::int64_t half = embeddingDim / 2;
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(timesteps.device());
    // Same float32 operation order as the reference.
    torch::Tensor exponent = torch::arange(0, half, f32) * static_cast<float>(-std::log(maxPeriod));
    exponent = exponent / static_cast<float>(half - downscaleFreqShift);
    torch::Tensor emb = timesteps.reshape({-1, 1}).to(torch::kFloat32) * torch::exp(exponent).unsqueeze(0);
    if (scale != 1.0)
        emb = emb * scale;
    emb = flipSinToCos ? torch::cat({torch::cos(emb), torch::sin(emb)}, -1)
                       : torch::cat({torch::sin(emb), torch::cos(emb)}, -1);
    if (embeddingDim % 2 == 1)
        emb = torch::constant_pad_nd(emb, {0, 1, 0, 0}, 0);
    return emb;
}

TimestepsImpl::TimestepsImpl(std::int64_t numChannels, bool flipSinToCos, double downscaleFreqShift, double scale)
    : m_numChannels(numChannels), m_flip(flipSinToCos), m_shift(downscaleFreqShift), m_scale(scale)
{
}

torch::Tensor TimestepsImpl::forward(const torch::Tensor& timesteps)
{
    return timestepEmbedding(timesteps, m_numChannels, m_flip, m_shift, m_scale);
}

TimestepEmbeddingImpl::TimestepEmbeddingImpl(std::int64_t inChannels, std::int64_t timeEmbedDim, std::string actFn,
                                             std::int64_t outDim, bool sampleProjBias)
    : m_act(std::move(actFn))
{
    m_linear1 = register_module("linear_1", Linear(inChannels, timeEmbedDim, sampleProjBias));
    m_linear2 = register_module("linear_2", Linear(timeEmbedDim, outDim > 0 ? outDim : timeEmbedDim, sampleProjBias));
}

torch::Tensor TimestepEmbeddingImpl::forward(const torch::Tensor& x)
{
    return m_linear2(activation(m_act, m_linear1(x)));
}

} // namespace i2v::nn
