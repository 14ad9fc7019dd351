#pragma once
// Port of diffusers src/diffusers/models/transformers/transformer_wan.py (v0.42.1): WanTransformer3DModel
// with WanTimeTextImageEmbedding, WanImageEmbedding, WanTransformerBlock and WanAttention
// (WanAttnProcessor). Registered names equal the checkpoint keys. Covers Wan2.1 I2V (image tokens through
// add_k_proj/add_v_proj), Wan2.1 FLF2V (pos_embed_seq_len) and Wan2.2 TI2V (per-token timesteps
// [B, seq_len]).
// Deviations (behaviour-neutral unless noted):
//   * Parameters listed in the reference's _keep_in_fp32_modules (time_embedder, every scale_shift_table,
//     norm1/norm2/norm3) are created in float32 whatever the model dtype, as diffusers' from_pretrained
//     keeps them; the float32 modulation math then matches a bfloat16 diffusers run.
//   * Inputs are cast to the model dtype on entry (the pipeline does it before calling the reference).
//   * With added_kv_proj_dim the attention processor splits the cross-attention context at (length - 512)
//     (512 text tokens, hard-coded in the reference); here such a model requires exactly 512 text tokens
//     and fails with InvalidArgument otherwise, instead of silently mis-splitting.
//   * Not ported: fused projections, attention backends other than SDPA, LoRA scaling, context parallel,
//     gradient checkpointing, the unused qk_norm value (the reference always uses RMSNorm across heads).
// Dropout is never applied (inference only).

#include "core/engine/models/wan/wan_rope.h"
#include "core/engine/nn/attention.h"
#include "core/engine/nn/embeddings.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace i2v::wan {

// WanTransformer3DModel.__init__ arguments, defaults as the reference's.
struct WanTransformerConfig {
    std::array<std::int64_t, 3> patchSize{1, 2, 2}; // (t, h, w)
    std::int64_t numAttentionHeads = 40;
    std::int64_t attentionHeadDim = 128;
    std::int64_t inChannels = 16;
    std::int64_t outChannels = 16; // null/0 in the file -> inChannels, as the reference
    std::int64_t textDim = 4096;
    std::int64_t freqDim = 256;
    std::int64_t ffnDim = 13824;
    std::int64_t numLayers = 40;
    bool crossAttnNorm = true;
    std::optional<std::string> qkNorm = "rms_norm_across_heads"; // read and validated; the reference ignores it
    double eps = 1e-6;
    std::optional<std::int64_t> imageDim;       // Wan2.1 I2V/FLF2V: CLIP hidden size (1280)
    std::optional<std::int64_t> addedKvProjDim; // Wan2.1 I2V/FLF2V: = inner dim (needs imageDim)
    std::int64_t ropeMaxSeqLen = 1024;
    std::optional<std::int64_t> posEmbedSeqLen; // FLF2V: 2 * 257

    std::int64_t innerDim() const { return numAttentionHeads * attentionHeadDim; }
    bool hasImageInput() const { return imageDim.has_value(); }
};

// Parses and validates config.json text. Throws I2vError(ModelInvalid) naming `source` and the key for
// invalid JSON, a foreign _class_name, wrong types, sizes out of bounds (non-positive, or beyond limits far
// above any published model: 1,048,576 for widths, 512 layers, 16,384 RoPE positions, 64 per patch axis),
// an odd attention_head_dim, added_kv_proj_dim without image_dim or other than the inner dim,
// pos_embed_seq_len without image_dim. image_dim without added_kv_proj_dim is valid (the embedded image
// tokens are prepended to the text context and attended by to_k/to_v, as in diffusers' own tests).
WanTransformerConfig parseWanTransformerConfig(const std::string& jsonText, const std::string& source);
// Reads `path` (FileNotFound / FileUnreadable) and parses it.
WanTransformerConfig loadWanTransformerConfig(const std::filesystem::path& path);

// Receives named intermediate tensors during forward() (names as the fixture's golden "internal.*":
// "patch_embedding", "condition_embedder.time_embedder", "condition_embedder.0" (temb),
// "condition_embedder.1" (timestep_proj), "condition_embedder.2" (text), "condition_embedder.3" (image,
// when present), "blocks.{i}", "norm_out", "proj_out"). Empty function: no capture, no cost.
using WanIntermediateHook = std::function<void(const std::string& name, const torch::Tensor& value)>;

// Called before and after each transformer block runs (block offload: move the block's weights in and
// out). `index` in 0..numLayers-1.
struct WanBlockCallbacks {
    std::function<void(std::int64_t index, torch::nn::Module& block)> before;
    std::function<void(std::int64_t index, torch::nn::Module& block)> after;
};

// torch.nn.RMSNorm(dim, eps, elementwise_affine=True) over the last axis. Key: weight [dim].
class WanRMSNormImpl : public torch::nn::Module {
public:
    WanRMSNormImpl(std::int64_t dim, double eps);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight;

private:
    std::int64_t m_dim;
    double m_eps;
};
TORCH_MODULE(WanRMSNorm);

// diffusers FP32LayerNorm: layer norm computed in float32, result in the input's dtype.
// Keys: weight [dim], bias [dim] (when affine).
class FP32LayerNormImpl : public torch::nn::Module {
public:
    FP32LayerNormImpl(std::int64_t dim, double eps, bool elementwiseAffine);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight, bias;

private:
    std::int64_t m_dim;
    double m_eps;
};
TORCH_MODULE(FP32LayerNorm);

// WanAttention + WanAttnProcessor. Keys: to_q, to_k, to_v, to_out.0, norm_q, norm_k, and with
// addedKvProjDim: add_k_proj, add_v_proj, norm_added_k.
class WanAttentionImpl : public torch::nn::Module {
public:
    WanAttentionImpl(std::int64_t dim, std::int64_t heads, std::int64_t dimHead, double eps,
                     std::optional<std::int64_t> addedKvProjDim);
    // x [B, S, dim]; context [B, L, dim] (undefined: self-attention); rope: applied to q and k when given.
    // With added K/V, context's first L - 512 tokens are the image tokens, as in the reference.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context, const WanRopeFreqs* rope);

private:
    std::int64_t m_heads;
    nn::Linear m_toQ{nullptr}, m_toK{nullptr}, m_toV{nullptr}, m_toOut{nullptr};
    WanRMSNorm m_normQ{nullptr}, m_normK{nullptr};
    nn::Linear m_addK{nullptr}, m_addV{nullptr};
    WanRMSNorm m_normAddedK{nullptr};
};
TORCH_MODULE(WanAttention);

// FP32LayerNorm -> FeedForward(gelu, mult 1) -> FP32LayerNorm, with an optional learned position
// embedding (FLF2V). Keys: norm1, ff.net.0.proj, ff.net.2, norm2, pos_embed.
class WanImageEmbeddingImpl : public torch::nn::Module {
public:
    WanImageEmbeddingImpl(std::int64_t inFeatures, std::int64_t outFeatures, std::optional<std::int64_t> posEmbedSeqLen);
    // x [Bi, Li, in] -> [Bi, Li, out]; with pos_embed, x is first viewed as [Bi/2, 2*Li, in].
    torch::Tensor forward(const torch::Tensor& x);

private:
    FP32LayerNorm m_norm1{nullptr}, m_norm2{nullptr};
    nn::FeedForward m_ff{nullptr};
    torch::Tensor m_posEmbed; // [1, posEmbedSeqLen, in] or undefined
};
TORCH_MODULE(WanImageEmbedding);

struct WanConditioning {
    torch::Tensor temb;         // [B, dim] or [B, S, dim] (per-token timesteps)
    torch::Tensor timestepProj; // [B, 6*dim] or [B, S, 6*dim]
    torch::Tensor text;         // [B, L, dim]
    torch::Tensor image;        // [B, Li, dim] or undefined
};

// Keys: time_embedder.linear_1/linear_2, time_proj, text_embedder.linear_1/linear_2, image_embedder.
class WanTimeTextImageEmbeddingImpl : public torch::nn::Module {
public:
    WanTimeTextImageEmbeddingImpl(std::int64_t dim, std::int64_t timeFreqDim, std::int64_t timeProjDim,
                                  std::int64_t textEmbedDim, std::optional<std::int64_t> imageEmbedDim,
                                  std::optional<std::int64_t> posEmbedSeqLen);
    // timestep [N] (N = B, or B*S with timestepSeqLen = S); text [B, L, textDim] in the model dtype;
    // image [Bi, Li, imageDim] or undefined.
    WanConditioning forward(const torch::Tensor& timestep, const torch::Tensor& text, const torch::Tensor& image,
                            std::optional<std::int64_t> timestepSeqLen, const WanIntermediateHook& hook = {});

private:
    std::int64_t m_freqDim;
    nn::TimestepEmbedding m_timeEmbedder{nullptr};
    nn::Linear m_timeProj{nullptr}, m_textLinear1{nullptr}, m_textLinear2{nullptr};
    WanImageEmbedding m_imageEmbedder{nullptr};
};
TORCH_MODULE(WanTimeTextImageEmbedding);

// Keys: norm2 (when crossAttnNorm), attn1, attn2, ffn.net.0.proj, ffn.net.2, scale_shift_table [1, 6, dim].
class WanTransformerBlockImpl : public torch::nn::Module {
public:
    WanTransformerBlockImpl(std::int64_t dim, std::int64_t ffnDim, std::int64_t numHeads, bool crossAttnNorm,
                            double eps, std::optional<std::int64_t> addedKvProjDim);
    // x [B, S, dim]; context [B, (Li +) L, dim]; temb = timestep_proj unflattened: [B, 6, dim] or
    // [B, S, 6, dim].
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context, const torch::Tensor& temb,
                          const WanRopeFreqs& rope);

private:
    FP32LayerNorm m_norm1{nullptr}, m_norm2{nullptr}, m_norm3{nullptr};
    WanAttention m_attn1{nullptr}, m_attn2{nullptr};
    nn::FeedForward m_ffn{nullptr};
    torch::Tensor m_scaleShiftTable;
};
TORCH_MODULE(WanTransformerBlock);

// patch_embedding: Conv3d with kernel = stride = patch. x [B, in, F, H, W] -> [B, out, F/pt, H/ph, W/pw]
// (floor). Keys: weight [out, in, pt, ph, pw], bias [out].
class WanPatchEmbeddingImpl : public torch::nn::Module {
public:
    WanPatchEmbeddingImpl(std::int64_t inChannels, std::int64_t outChannels, std::array<std::int64_t, 3> patch);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight, bias;

private:
    std::array<std::int64_t, 3> m_patch;
};
TORCH_MODULE(WanPatchEmbedding);

class WanTransformer3DModelImpl : public torch::nn::Module {
public:
    // Throws I2vError(ModelInvalid) for configs parseWanTransformerConfig would refuse.
    explicit WanTransformer3DModelImpl(const WanTransformerConfig& config);

    // hiddenStates [B, inChannels, F, H, W] latents (Wan2.1 I2V: noise, mask and condition latents
    // concatenated on channels); timestep [B] (or [1], broadcast) or [B, seqLen] per-token timesteps with
    // seqLen = (F/pt)*(H/ph)*(W/pw); encoderHiddenStates [B, L, textDim] (L = 512 when the model takes
    // image tokens through added K/V); encoderHiddenStatesImage [B, N, imageDim] (N = 257 CLIP tokens for
    // the published models; FLF2V: [2B, pos_embed_seq_len/2, imageDim]), undefined for models without
    // image_dim. Returns [B, outChannels, F', H', W'] (F' = (F/pt)*pt ...) in the
    // model dtype. Throws I2vError(InvalidArgument) naming the tensor for shapes the model cannot take.
    torch::Tensor forward(const torch::Tensor& hiddenStates, const torch::Tensor& timestep,
                          const torch::Tensor& encoderHiddenStates, const torch::Tensor& encoderHiddenStatesImage,
                          const WanIntermediateHook& hook = {}, const WanBlockCallbacks& blockCallbacks = {});

    const WanTransformerConfig& config() const { return m_config; }
    std::int64_t numBlocks() const { return static_cast<std::int64_t>(m_blocks.size()); }
    WanTransformerBlock block(std::int64_t index) const { return m_blocks.at(static_cast<std::size_t>(index)); }
    WanRotaryPosEmbed& rope() { return m_rope; }

private:
    void checkInputs(const torch::Tensor& hiddenStates, const torch::Tensor& timestep, const torch::Tensor& text,
                     const torch::Tensor& image) const;

    WanTransformerConfig m_config;
    WanRotaryPosEmbed m_rope;
    WanPatchEmbedding m_patchEmbedding{nullptr};
    WanTimeTextImageEmbedding m_conditionEmbedder{nullptr};
    std::vector<WanTransformerBlock> m_blocks;
    FP32LayerNorm m_normOut{nullptr};
    nn::Linear m_projOut{nullptr};
    torch::Tensor m_scaleShiftTable; // [1, 2, dim]
};
TORCH_MODULE(WanTransformer3DModel);

// Block offload ("stream the blocks from pinned host memory"): the model's non-block parts are moved to
// `device`; every block's parameters stay in host memory (page-locked when CUDA is available, so the copies
// are asynchronous DMA) and callbacks() copies a block's weights to `device` just before it runs and drops
// them right after. Device memory then holds the non-block parts, one block and the activations. Build
// and load the model on the CPU first; then model->forward(..., hook, streamer.callbacks()). The streamer
// must outlive the forward calls that use its callbacks.
class WanBlockStreamer {
public:
    WanBlockStreamer(WanTransformer3DModel model, const torch::Device& device);
    WanBlockCallbacks callbacks();
    std::int64_t hostBytes() const; // block weights held in host memory

private:
    WanTransformer3DModel m_model;
    torch::Device m_device;
    std::vector<std::vector<std::pair<torch::Tensor, torch::Tensor>>> m_blocks; // per block: (parameter, host copy)
};

// Number of parameters of the model `config` describes, counted on a meta-device build (no memory).
std::int64_t wanTransformerParameterCount(const WanTransformerConfig& config);

// Builds the transformer from config.json on `device` in `dtype` (the float32-kept parameters stay
// float32), checks `weights` (one .safetensors or a shard index) against it on the meta device first, then
// streams them in strictly; eval mode. Throws I2vError.
WanTransformer3DModel loadWanTransformer(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                                         torch::Dtype dtype, const torch::Device& device);

} // namespace i2v::wan
