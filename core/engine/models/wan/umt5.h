#pragma once
// UMT5 text encoder of the Wan pipelines (transformers 5.24.0 models/umt5/modeling_umt5.py,
// UMT5EncoderModel; the Wan folders ship google/umt5-xxl's encoder). Registered names equal the
// checkpoint keys: shared.weight, encoder.block.N.layer.0.SelfAttention.{q,k,v,o,relative_attention_bias}
// .weight, encoder.block.N.layer.0.layer_norm.weight, encoder.block.N.layer.1.DenseReluDense.{wi_0,wi_1,wo}
// (or wi for a non-gated feed-forward).weight, encoder.block.N.layer.1.layer_norm.weight,
// encoder.final_layer_norm.weight. encoder.embed_tokens.weight is tied to shared.weight (the same tensor);
// checkpoints may carry either name or both.
//
// Unlike T5, every layer has its own relative_attention_bias (bidirectional buckets); attention is not
// scaled; layer norms are T5's RMS norm (variance in float32, no mean, no bias). Deviations: softmax in
// float32 for every dtype; no dropout (inference only). The float16 clamp of the reference after each
// sub-layer is reproduced.

#include "core/engine/nn/layers.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace i2v {

// text_encoder/config.json (a UMT5Config).
struct UMT5Config {
    std::int64_t vocabSize = 250112;
    std::int64_t dModel = 512;
    std::int64_t dKv = 64;
    std::int64_t dFf = 1024;
    std::int64_t numLayers = 8;
    std::int64_t numHeads = 6;
    std::int64_t relativeAttentionNumBuckets = 32;
    std::int64_t relativeAttentionMaxDistance = 128;
    double layerNormEpsilon = 1e-6;
    std::string feedForwardProj = "gated-gelu";
    // Derived from feed_forward_proj as transformers does: "gated-<act>" -> gated, act ("gelu" -> "gelu_new").
    std::string denseActFn = "gelu_new";
    bool isGatedAct = true;
};

// Throws I2vError(ModelInvalid) naming the file and key: missing/mistyped/out-of-range values, an
// unsupported activation, bucket settings the bucket formula cannot use.
UMT5Config loadUMT5Config(const std::filesystem::path& configJson);

// T5's RMS layer norm. Key: weight [dim].
class UMT5LayerNormImpl : public torch::nn::Module {
public:
    UMT5LayerNormImpl(std::int64_t dim, double eps);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight;

private:
    double m_eps;
};
TORCH_MODULE(UMT5LayerNorm);

// Self attention with this layer's relative position bias. Keys: q, k, v, o, relative_attention_bias.
class UMT5AttentionImpl : public torch::nn::Module {
public:
    explicit UMT5AttentionImpl(const UMT5Config& config);
    // x [B, L, d_model]; buckets [L, L] int64 (umt5RelativePositionBuckets); additiveMask [B, 1, 1, L]
    // float (0 or the dtype's lowest value). -> [B, L, d_model]
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& buckets, const torch::Tensor& additiveMask);

private:
    std::int64_t m_heads;
    std::int64_t m_dKv;
    nn::Linear q{nullptr}, k{nullptr}, v{nullptr}, o{nullptr};
    torch::Tensor m_biasWeight; // relative_attention_bias.weight [buckets, heads]
};
TORCH_MODULE(UMT5Attention);

// Bucket of every (query i, key j) pair: memory_position - query_position mapped with the bidirectional
// T5 rule (half the buckets per direction, exact below num_buckets/4, logarithmic up to max_distance).
// -> [L, L] int64 on `device`.
torch::Tensor umt5RelativePositionBuckets(std::int64_t length, std::int64_t numBuckets, std::int64_t maxDistance,
                                          const torch::Device& device);

class UMT5BlockImpl : public torch::nn::Module {
public:
    explicit UMT5BlockImpl(const UMT5Config& config);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& buckets, const torch::Tensor& additiveMask);

private:
    UMT5Config m_config;
    torch::nn::ModuleList layer{nullptr}; // 0: {SelfAttention, layer_norm}; 1: {DenseReluDense, layer_norm}
};
TORCH_MODULE(UMT5Block);

// transformers UMT5EncoderModel.
class UMT5EncoderModelImpl : public torch::nn::Module {
public:
    explicit UMT5EncoderModelImpl(const UMT5Config& config);
    // inputIds [B, L] int64 (ids < vocab_size, else I2vError(InvalidArgument)); attentionMask [B, L] int64
    // or bool (1 = attend), or undefined (all ones). -> last_hidden_state [B, L, d_model] in the model dtype.
    torch::Tensor forward(const torch::Tensor& inputIds, const torch::Tensor& attentionMask);
    const UMT5Config& config() const { return m_config; }

private:
    UMT5Config m_config;
    torch::Tensor m_shared;                       // shared.weight == encoder.embed_tokens.weight [vocab, d_model]
    std::shared_ptr<torch::nn::Module> m_sharedModule, m_encoder, m_embedTokens;
    torch::nn::ModuleList m_blocks{nullptr};     // encoder.block
    UMT5LayerNorm m_finalLayerNorm{nullptr};     // encoder.final_layer_norm
};
TORCH_MODULE(UMT5EncoderModel);

// Build from config.json, load the safetensors weights strictly (converted to `dtype`, on `device`), eval
// mode. The config is checked against the weights' headers before anything is allocated. Throws I2vError
// (ModelInvalid naming keys, WeightsCorrupt, FileNotFound).
UMT5EncoderModel loadUMT5EncoderModel(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                                      torch::Dtype dtype = torch::kFloat32, const torch::Device& device = torch::kCPU);

} // namespace i2v
