#pragma once
// CLIP text tower (CLIPTextModel), vision tower with projection (CLIPVisionModelWithProjection) and
// without (CLIPVisionModel, hidden states for Wan2.1), and the dual-tower CLIPModel (the scorer's), a
// port of transformers' models/clip/modeling_clip.py (4.4x, eager attention). Registered names equal
// the checkpoint keys (text_model.encoder.layers.0.self_attn.q_proj.weight, vision_model.pre_layrnorm.weight
// [sic], visual_projection.weight); the position_ids buffers may be absent from checkpoints
// (see kClipIgnoreMissing). Layers come from core/engine/nn/layers.h: parameters are created uninitialised
// with nn::parameterOptions() (build under nn::ParameterOptionsGuard for a device/dtype) and are always
// loaded afterwards. Deviation: attention softmax is computed in float32 for every dtype.

#include "core/engine/nn/layers.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace i2v {

// text_encoder/config.json (a CLIPTextConfig, or a CLIPConfig's "text_config").
struct CLIPTextConfig {
    std::int64_t vocabSize = 49408;
    std::int64_t hiddenSize = 512;
    std::int64_t intermediateSize = 2048;
    std::int64_t numHiddenLayers = 12;
    std::int64_t numAttentionHeads = 8;
    std::int64_t maxPositionEmbeddings = 77;
    double layerNormEps = 1e-5;
    std::string hiddenAct = "quick_gelu";
    // Pooling position: first token equal to eosTokenId; transformers' legacy rule for eos_token_id == 2
    // (configs written before the fix) takes the position of the largest id instead.
    std::int64_t eosTokenId = 2;
};

// image_encoder/config.json (a CLIPVisionConfig, or a CLIPConfig's "vision_config" + "projection_dim").
struct CLIPVisionConfig {
    std::int64_t hiddenSize = 768;
    std::int64_t intermediateSize = 3072;
    std::int64_t projectionDim = 512;
    std::int64_t numHiddenLayers = 12;
    std::int64_t numAttentionHeads = 12;
    std::int64_t numChannels = 3;
    std::int64_t imageSize = 224;
    std::int64_t patchSize = 32;
    double layerNormEps = 1e-5;
    std::string hiddenAct = "quick_gelu";
};

// Throw I2vError(ModelInvalid) naming the file and key for missing/invalid values or an unknown activation.
CLIPTextConfig loadCLIPTextConfig(const std::filesystem::path& configJson);
CLIPVisionConfig loadCLIPVisionConfig(const std::filesystem::path& configJson);

// Buffers that checkpoints may omit (transformers stopped saving them in 4.31).
extern const std::vector<std::string> kClipTextIgnoreMissing;
extern const std::vector<std::string> kClipVisionIgnoreMissing;

// Lookup table. Keys: weight [num, dim]. ids [...] int64 -> [..., dim].
class CLIPEmbeddingImpl : public torch::nn::Module {
public:
    CLIPEmbeddingImpl(std::int64_t num, std::int64_t dim);
    torch::Tensor forward(const torch::Tensor& ids);
    torch::Tensor weight;
};
TORCH_MODULE(CLIPEmbedding);

// Multi-head self attention; `mask` is additive ([S, S] or broadcastable to [B, heads, S, S]) or undefined.
class CLIPAttentionImpl : public torch::nn::Module {
public:
    CLIPAttentionImpl(std::int64_t hidden, std::int64_t heads);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask); // [B, S, hidden]

private:
    std::int64_t m_heads;
    std::int64_t m_headDim;
    double m_scale;
    nn::Linear k_proj{nullptr}, v_proj{nullptr}, q_proj{nullptr}, out_proj{nullptr};
};
TORCH_MODULE(CLIPAttention);

class CLIPMLPImpl : public torch::nn::Module {
public:
    CLIPMLPImpl(std::int64_t hidden, std::int64_t intermediate, std::string act);
    torch::Tensor forward(const torch::Tensor& x);

private:
    std::string m_act;
    nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(CLIPMLP);

class CLIPEncoderLayerImpl : public torch::nn::Module {
public:
    CLIPEncoderLayerImpl(std::int64_t hidden, std::int64_t heads, std::int64_t intermediate, double eps,
                         const std::string& act);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask);

private:
    CLIPAttention self_attn{nullptr};
    nn::LayerNorm layer_norm1{nullptr};
    CLIPMLP mlp{nullptr};
    nn::LayerNorm layer_norm2{nullptr};
};
TORCH_MODULE(CLIPEncoderLayer);

class CLIPEncoderImpl : public torch::nn::Module {
public:
    CLIPEncoderImpl(std::int64_t layers, std::int64_t hidden, std::int64_t heads, std::int64_t intermediate,
                    double eps, const std::string& act);
    // Returns [input, output of layer 0, ..., output of layer n-1] where n = `numLayers` (all when < 0).
    std::vector<torch::Tensor> forward(const torch::Tensor& x, const torch::Tensor& mask,
                                       std::int64_t numLayers = -1);
    std::int64_t size() const { return static_cast<std::int64_t>(layers->size()); }

private:
    torch::nn::ModuleList layers;
};
TORCH_MODULE(CLIPEncoder);

class CLIPTextEmbeddingsImpl : public torch::nn::Module {
public:
    explicit CLIPTextEmbeddingsImpl(const CLIPTextConfig& config);
    torch::Tensor forward(const torch::Tensor& ids); // [B, S] int64 -> [B, S, hidden]

private:
    CLIPEmbedding token_embedding{nullptr};
    CLIPEmbedding position_embedding{nullptr};
    torch::Tensor position_ids; // [1, max_position_embeddings] int64
};
TORCH_MODULE(CLIPTextEmbeddings);

struct CLIPTextOutput {
    std::vector<torch::Tensor> hiddenStates; // num_layers + 1 tensors [B, S, hidden] (before final LN)
    torch::Tensor lastHiddenState;           // [B, S, hidden] final_layer_norm(hiddenStates.back())
    torch::Tensor pooled;                    // [B, hidden] lastHiddenState at the first EOS token
};

class CLIPTextTransformerImpl : public torch::nn::Module {
public:
    explicit CLIPTextTransformerImpl(const CLIPTextConfig& config);
    CLIPTextOutput forward(const torch::Tensor& ids);
    // hiddenStates[numLayers] passed through final_layer_norm, running only the first numLayers layers.
    torch::Tensor normedHiddenState(const torch::Tensor& ids, std::int64_t numLayers);

private:
    std::vector<torch::Tensor> hidden(const torch::Tensor& ids, std::int64_t numLayers);
    CLIPTextConfig m_config;
    CLIPTextEmbeddings embeddings{nullptr};
    CLIPEncoder encoder{nullptr};
    nn::LayerNorm final_layer_norm{nullptr};
};
TORCH_MODULE(CLIPTextTransformer);

// transformers CLIPTextModel. Input ids are [B, S] int64 (S <= max_position_embeddings), no attention
// mask (causal mask only), as the I2VGen-XL pipeline calls it.
class CLIPTextModelImpl : public torch::nn::Module {
public:
    explicit CLIPTextModelImpl(const CLIPTextConfig& config);
    CLIPTextOutput forward(const torch::Tensor& ids);
    // The diffusers encode_prompt embedding: clipSkip == 0 (None) -> last_hidden_state; clipSkip >= 1 ->
    // final_layer_norm(hidden_states[-(clipSkip + 1)]). I2VGen-XL's default clip_skip is 1. [B, S, hidden]
    torch::Tensor encodePromptEmbeds(const torch::Tensor& ids, int clipSkip = 1);
    const CLIPTextConfig& config() const { return m_config; }

private:
    CLIPTextConfig m_config;
    CLIPTextTransformer text_model{nullptr};
};
TORCH_MODULE(CLIPTextModel);

class CLIPVisionEmbeddingsImpl : public torch::nn::Module {
public:
    explicit CLIPVisionEmbeddingsImpl(const CLIPVisionConfig& config);
    torch::Tensor forward(const torch::Tensor& pixels); // [B, C, H, W] -> [B, 1 + patches, hidden]

private:
    torch::Tensor class_embedding; // [hidden]
    nn::Conv2d patch_embedding{nullptr};
    CLIPEmbedding position_embedding{nullptr};
    torch::Tensor position_ids; // [1, 1 + patches] int64
};
TORCH_MODULE(CLIPVisionEmbeddings);

struct CLIPVisionOutput {
    torch::Tensor lastHiddenState; // [B, 1 + patches, hidden] encoder output (no post LN)
    torch::Tensor pooled;          // [B, hidden] post_layernorm(CLS)
    torch::Tensor imageEmbeds;     // [B, projection_dim] visual_projection(pooled)
};

class CLIPVisionTransformerImpl : public torch::nn::Module {
public:
    explicit CLIPVisionTransformerImpl(const CLIPVisionConfig& config);
    CLIPVisionOutput forward(const torch::Tensor& pixels); // imageEmbeds left undefined
    // transformers' output_hidden_states: [pre_layrnorm(embeddings), output of layer 0, ..., of layer n-1]
    // where n = numLayers (all when < 0; later layers are not run). Each [B, 1 + patches, hidden].
    std::vector<torch::Tensor> hiddenStates(const torch::Tensor& pixels, std::int64_t numLayers = -1);

private:
    CLIPVisionEmbeddings embeddings{nullptr};
    nn::LayerNorm pre_layrnorm{nullptr};
    CLIPEncoder encoder{nullptr};
    nn::LayerNorm post_layernorm{nullptr};
};
TORCH_MODULE(CLIPVisionTransformer);

// transformers CLIPVisionModelWithProjection. Pixels [B, 3, image_size, image_size], normalised; they are
// cast to the module's dtype.
class CLIPVisionModelWithProjectionImpl : public torch::nn::Module {
public:
    explicit CLIPVisionModelWithProjectionImpl(const CLIPVisionConfig& config);
    CLIPVisionOutput forward(const torch::Tensor& pixels);
    const CLIPVisionConfig& config() const { return m_config; }

private:
    CLIPVisionConfig m_config;
    CLIPVisionTransformer vision_model{nullptr};
    nn::Linear visual_projection{nullptr};
};
TORCH_MODULE(CLIPVisionModelWithProjection);

// transformers CLIPModel's config.json: text_config, vision_config, and the shared projection_dim at the top
// (a sub-config's own projection_dim is ignored, as CLIPModel does).
struct CLIPModelConfig {
    CLIPTextConfig text;
    CLIPVisionConfig vision;
    std::int64_t projectionDim = 512;
};
CLIPModelConfig loadCLIPModelConfig(const std::filesystem::path& configJson);
extern const std::vector<std::string> kClipModelIgnoreMissing;

// transformers CLIPModel (both towers, text_projection, visual_projection, logit_scale). Embeddings are
// returned unnormalised, as get_text_features / get_image_features return them.
class CLIPModelImpl : public torch::nn::Module {
public:
    explicit CLIPModelImpl(const CLIPModelConfig& config);
    torch::Tensor textEmbeds(const torch::Tensor& ids);     // [B, S] int64 -> [B, projection_dim]
    torch::Tensor imageEmbeds(const torch::Tensor& pixels); // [B, 3, H, W] -> [B, projection_dim]
    const CLIPModelConfig& config() const { return m_config; }
    torch::Tensor logitScale() const { return logit_scale; }

private:
    CLIPModelConfig m_config;
    CLIPTextTransformer text_model{nullptr};
    CLIPVisionTransformer vision_model{nullptr};
    nn::Linear visual_projection{nullptr};
    nn::Linear text_projection{nullptr};
    torch::Tensor logit_scale; // [] (a 0-dim parameter)
};
TORCH_MODULE(CLIPModel);
// transformers CLIPVisionModel (no projection): Wan2.1's image_encoder. Checkpoint keys vision_model.*
// (transformers 4.x) or the same without the prefix (transformers 5 saves CLIPVisionModel unprefixed);
// loadCLIPVisionModel takes both.
class CLIPVisionModelImpl : public torch::nn::Module {
public:
    explicit CLIPVisionModelImpl(const CLIPVisionConfig& config);
    CLIPVisionOutput forward(const torch::Tensor& pixels); // imageEmbeds left undefined
    // hidden_states[-2] of output_hidden_states=True: the output of the second-to-last layer (the last layer
    // is not run). Pixels [B, 3, image_size, image_size] -> [B, 1 + patches, hidden].
    torch::Tensor penultimateHiddenState(const torch::Tensor& pixels);
    CLIPVisionTransformer& visionModel() { return vision_model; }
    const CLIPVisionConfig& config() const { return m_config; }

private:
    CLIPVisionConfig m_config;
    CLIPVisionTransformer vision_model{nullptr};
};
TORCH_MODULE(CLIPVisionModel);

// Build from config.json, load the safetensors weights strictly (converted to `dtype`, on `device`), eval
// mode. Throws I2vError (ModelInvalid, WeightsCorrupt, FileNotFound, ...).
CLIPTextModel loadCLIPTextModel(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                                torch::Dtype dtype = torch::kFloat32, const torch::Device& device = torch::kCPU);
CLIPVisionModelWithProjection loadCLIPVisionModelWithProjection(const std::filesystem::path& configJson,
                                                                const std::filesystem::path& weights,
                                                                torch::Dtype dtype = torch::kFloat32,
                                                                const torch::Device& device = torch::kCPU);

CLIPModel loadCLIPModel(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                        torch::Dtype dtype = torch::kFloat32, const torch::Device& device = torch::kCPU);
CLIPVisionModel loadCLIPVisionModel(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                                    torch::Dtype dtype = torch::kFloat32, const torch::Device& device = torch::kCPU);

} // namespace i2v
