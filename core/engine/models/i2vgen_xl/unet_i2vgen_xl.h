#pragma once
// Port of diffusers src/diffusers/models/unets/unet_i2vgen_xl.py (v0.31.0): I2VGenXLUNet and its
// I2VGenXLTransformerTemporalEncoder. Registered names equal the checkpoint keys.
// Deviations (behaviour-neutral):
//   * forward() is split into prepareConditioning() (everything that depends only on the image latents,
//     image embedding and text; identical for every denoising step, so a pipeline computes it once) and
//     denoise(); forward() runs both, exactly the reference's order of operations.
//   * Dropout is never applied (inference only); parameters have requires_grad = false.
//   * Not ported: timestep_cond, cross_attention_kwargs, FreeU, attention-processor switching, fused QKV.

#include "core/engine/models/i2vgen_xl/unet_3d_blocks.h"
#include "core/engine/models/i2vgen_xl/unet_config.h"
#include "core/engine/nn/embeddings.h"

#include <functional>

namespace i2v::i2vgenxl {

// Receives named intermediate tensors during a forward pass (names as in the fixture's
// unet_step0_internals: "time_proj", "time_proj.call1", "time_embedding", "fps_embedding", "emb",
// "image_latents_context_embedding", "context_embedding", "context_emb", "image_latents_proj_in",
// "image_latents_temporal_encoder", "conv_in", "transformer_in", "down_blocks.{k}",
// "down_blocks.{k}.res{j}", "mid_block", "up_blocks.{k}", "conv_norm_out", "conv_out").
// Empty function: no capture, no cost.
using IntermediateHook = std::function<void(const std::string& name, const torch::Tensor& value)>;

// norm1 -> attn1 (self, over frames) -> + x -> ff (NOT normed, as in the reference) -> + x.
// Keys: norm1, attn1, ff. x [B*H*W, F, dim] -> same.
class I2VGenXLTransformerTemporalEncoderImpl : public torch::nn::Module {
public:
    I2VGenXLTransformerTemporalEncoderImpl(std::int64_t dim, std::int64_t numAttentionHeads,
                                           std::int64_t attentionHeadDim, const std::string& activationFn,
                                           std::int64_t ffInnerDim);
    torch::Tensor forward(const torch::Tensor& x);

private:
    nn::LayerNorm m_norm1{nullptr};
    nn::Attention m_attn1{nullptr};
    nn::FeedForward m_ff{nullptr};
};
TORCH_MODULE(I2VGenXLTransformerTemporalEncoder);

// Step-invariant conditioning of one generation (batch B, F frames).
struct UNetConditioning {
    torch::Tensor context;      // [B*F, 77 + 64 + inChannels tokens, crossAttentionDim]: text, image-latent
                                // tokens, image-embedding tokens, repeated per frame
    torch::Tensor imageLatents; // [B, inChannels, F, h, w]: image latents after proj_in + temporal encoder
    std::int64_t numFrames = 0;
};

class I2VGenXLUNetImpl : public torch::nn::Module {
public:
    explicit I2VGenXLUNetImpl(const UNetConfig& config);

    // The whole model, as diffusers' forward:
    //   sample [B, inChannels, F, h, w] noisy latents; timestep: scalar or [B] (any numeric dtype);
    //   fps: scalar or [B] integer; imageLatents [B, inChannels, F, h, w] (VAE latents of the image in
    //   frame 0, position planes after); imageEmbeddings [B, 1, crossAttentionDim] (CLIP image embeds);
    //   encoderHiddenStates [B, T, crossAttentionDim] (text).
    //   Returns [B, outChannels, F, h, w] (a permuted view, not contiguous), in the parameters' dtype.
    torch::Tensor forward(const torch::Tensor& sample, const torch::Tensor& timestep, const torch::Tensor& fps,
                          const torch::Tensor& imageLatents, const torch::Tensor& imageEmbeddings,
                          const torch::Tensor& encoderHiddenStates, const IntermediateHook& hook = {});

    UNetConditioning prepareConditioning(const torch::Tensor& imageLatents, const torch::Tensor& imageEmbeddings,
                                         const torch::Tensor& encoderHiddenStates,
                                         const IntermediateHook& hook = {});
    torch::Tensor denoise(const torch::Tensor& sample, const torch::Tensor& timestep, const torch::Tensor& fps,
                          const UNetConditioning& conditioning, const IntermediateHook& hook = {});

    const UNetConfig& config() const { return m_config; }
    // Latent H and W that need no forced upsample sizes: multiples of 2^(levels - 1). Others work too.
    std::int64_t downFactor() const { return std::int64_t(1) << m_numUpsamplers; }

private:
    torch::Tensor embedTime(const torch::Tensor& values, std::int64_t batch, const torch::Tensor& like,
                            const char* hookName, const IntermediateHook& hook);

    UNetConfig m_config;
    std::int64_t m_numUpsamplers = 0;
    nn::Conv2d m_convIn{nullptr};
    nn::TransformerTemporalModel m_transformerIn{nullptr};
    torch::nn::Sequential m_imageLatentsProjIn{nullptr};
    I2VGenXLTransformerTemporalEncoder m_imageLatentsTemporalEncoder{nullptr};
    torch::nn::Sequential m_imageLatentsContextEmbedding{nullptr};
    nn::Timesteps m_timeProj{nullptr};
    nn::TimestepEmbedding m_timeEmbedding{nullptr};
    torch::nn::Sequential m_contextEmbedding{nullptr};
    torch::nn::Sequential m_fpsEmbedding{nullptr};
    std::vector<std::shared_ptr<DownBlock3DBase>> m_downBlocks;
    std::shared_ptr<UNetMidBlock3DCrossAttn> m_midBlock;
    std::vector<std::shared_ptr<UpBlock3DBase>> m_upBlocks;
    nn::GroupNorm m_convNormOut{nullptr};
    nn::Conv2d m_convOut{nullptr};
};
TORCH_MODULE(I2VGenXLUNet);

} // namespace i2v::i2vgenxl
