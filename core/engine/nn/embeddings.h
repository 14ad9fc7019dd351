#pragma once
// Port of diffusers src/diffusers/models/embeddings.py (v0.31.0): sinusoidal timestep embedding
// (get_timestep_embedding / Timesteps) and TimestepEmbedding. Not ported: cond_proj, post_act.

#include "core/engine/nn/layers.h"

#include <string>

namespace i2v::nn {

// timesteps [N] (any numeric dtype) -> [N, embeddingDim] float32, computed on timesteps' device:
// freq_i = exp(-ln(maxPeriod) * i / (half - downscaleFreqShift)), emb = [sin(t*freq), cos(t*freq)] * scale
// (scale multiplies the argument), [cos, sin] when flipSinToCos; zero-padded when embeddingDim is odd.
torch::Tensor timestepEmbedding(const torch::Tensor& timesteps, std::int64_t embeddingDim, bool flipSinToCos,
                                double downscaleFreqShift, double scale = 1.0, double maxPeriod = 10000.0);

// Weightless module wrapper of timestepEmbedding (diffusers `Timesteps`). Always returns float32;
// cast to the model dtype before the next layer.
class TimestepsImpl : public torch::nn::Module {
public:
    TimestepsImpl(std::int64_t numChannels, bool flipSinToCos, double downscaleFreqShift, double scale = 1.0);
    torch::Tensor forward(const torch::Tensor& timesteps);

private:
    std::int64_t m_numChannels;
    bool m_flip;
    double m_shift;
    double m_scale;
};
TORCH_MODULE(Timesteps);

// linear_1 -> act -> linear_2. x [N, inChannels] -> [N, outDim or timeEmbedDim].
class TimestepEmbeddingImpl : public torch::nn::Module {
public:
    TimestepEmbeddingImpl(std::int64_t inChannels, std::int64_t timeEmbedDim, std::string actFn = "silu",
                          std::int64_t outDim = 0, bool sampleProjBias = true);
    torch::Tensor forward(const torch::Tensor& x);

private:
    Linear m_linear1{nullptr}, m_linear2{nullptr};
    std::string m_act;
};
TORCH_MODULE(TimestepEmbedding);

} // namespace i2v::nn
