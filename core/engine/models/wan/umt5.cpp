// Port of transformers 5.24.0 src/transformers/models/umt5/modeling_umt5.py (UMT5EncoderModel: UMT5Stack
// with is_decoder=False, UMT5Block, UMT5LayerSelfAttention, UMT5Attention, UMT5LayerFF,
// UMT5DenseGatedActDense / UMT5DenseActDense, UMT5LayerNorm) and configuration_umt5.py. Used by diffusers
// 0.42.1 pipelines/wan (text_encoder). Deviations: softmax in float32; no dropout.

#include "core/engine/models/wan/umt5.h"

#include "core/base/error.h"
#include "core/engine/tensor/state_dict.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>

namespace i2v {
namespace {

[[noreturn]] void invalidConfig(const std::filesystem::path& path, const std::string& why)
{
    fail(ErrorCode::ModelInvalid, "config " + path.string() + ": " + why);
}

nlohmann::json readJson(const std::filesystem::path& path)
{
    std::ifstream in(path);
    if (!in) {
        fail(ErrorCode::ModelInvalid, "config " + path.string() + " is missing or unreadable");
    }
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        fail(ErrorCode::ModelInvalid, "config " + path.string() + " is not a JSON object");
    }
    return j;
}

template <typename T>
void readKey(const nlohmann::json& j, const char* key, T& out, const std::filesystem::path& path, bool required)
{
    if (!j.contains(key) || j.at(key).is_null()) {
        if (required) {
            invalidConfig(path, std::string("lacks \"") + key + "\"");
        }
        return;
    }
    const auto& v = j.at(key);
    if constexpr (std::is_integral_v<T>) {
        if (!v.is_number_integer()) {
            invalidConfig(path, std::string("\"") + key + "\" must be an integer");
        }
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!v.is_number()) {
            invalidConfig(path, std::string("\"") + key + "\" must be a number");
        }
    } else {
        if (!v.is_string()) {
            invalidConfig(path, std::string("\"") + key + "\" must be a string");
        }
    }
    out = v.get<T>();
}

// Bounds far above umt5-xxl (vocab 256384, d_model 4096, d_ff 10240, 24 layers, 64 heads): a damaged
// value fails here, before anything is built.
void checkRange(std::int64_t v, const char* key, const std::filesystem::path& path, std::int64_t min,
                std::int64_t max)
{
    if (v < min || v > max) {
        invalidConfig(path, std::string("\"") + key + "\" = " + std::to_string(v) + " is outside [" +
                                std::to_string(min) + ", " + std::to_string(max) +
                                "]. The config is damaged; download the model again.");
    }
}

bool supportedActivation(const std::string& act)
{
    return act == "relu" || act == "gelu" || act == "gelu_new" || act == "gelu_pytorch_tanh" || act == "gelu_fast" ||
           act == "silu" || act == "swish" || act == "quick_gelu";
}

torch::Tensor activation(const torch::Tensor& x, const std::string& act)
{
    if (act == "relu") {
        return torch::relu(x);
    }
    if (act == "gelu") {
        return torch::gelu(x);
    }
    if (act == "gelu_new") { // NewGELUActivation, written as the reference writes it
        return 0.5 * x * (1.0 + torch::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * torch::pow(x, 3.0))));
    }
    if (act == "gelu_fast") {
        return 0.5 * x * (1.0 + torch::tanh(x * 0.7978845608 * (1.0 + 0.044715 * x * x)));
    }
    if (act == "gelu_pytorch_tanh") {
        return torch::gelu(x, "tanh");
    }
    if (act == "quick_gelu") {
        return x * torch::sigmoid(1.702 * x);
    }
    return torch::silu(x);
}

// transformers clamps float16 activations after each sub-layer ("clamp inf values to enable fp16").
torch::Tensor clampFp16(const torch::Tensor& x)
{
    if (x.scalar_type() != torch::kHalf) {
        return x;
    }
    const double maxValue = 65504.0;
    const double clampValue = torch::isinf(x).any().item<bool>() ? maxValue - 1000.0 : maxValue;
    return torch::clamp(x, -clampValue, clampValue);
}

class UMT5DenseImpl : public torch::nn::Module {
public:
    explicit UMT5DenseImpl(const UMT5Config& c) : m_act(c.denseActFn), m_gated(c.isGatedAct)
    {
        if (m_gated) {
            wi_0 = register_module("wi_0", nn::Linear(c.dModel, c.dFf, false));
            wi_1 = register_module("wi_1", nn::Linear(c.dModel, c.dFf, false));
        } else {
            wi = register_module("wi", nn::Linear(c.dModel, c.dFf, false));
        }
        wo = register_module("wo", nn::Linear(c.dFf, c.dModel, false));
    }
    torch::Tensor forward(const torch::Tensor& x)
    {
        torch::Tensor h = m_gated ? activation(wi_0(x), m_act) * wi_1(x) : activation(wi(x), m_act);
        return wo(h.to(wo->weight.scalar_type()));
    }

private:
    std::string m_act;
    bool m_gated;
    nn::Linear wi{nullptr}, wi_0{nullptr}, wi_1{nullptr}, wo{nullptr};
};
TORCH_MODULE(UMT5Dense);

class UMT5LayerSelfAttentionImpl : public torch::nn::Module {
public:
    explicit UMT5LayerSelfAttentionImpl(const UMT5Config& c)
    {
        SelfAttention = register_module("SelfAttention", UMT5Attention(c));
        layer_norm = register_module("layer_norm", UMT5LayerNorm(c.dModel, c.layerNormEpsilon));
    }
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& buckets, const torch::Tensor& mask)
    {
        return x + SelfAttention(layer_norm(x), buckets, mask);
    }

private:
    UMT5Attention SelfAttention{nullptr};
    UMT5LayerNorm layer_norm{nullptr};
};
TORCH_MODULE(UMT5LayerSelfAttention);

class UMT5LayerFFImpl : public torch::nn::Module {
public:
    explicit UMT5LayerFFImpl(const UMT5Config& c)
    {
        DenseReluDense = register_module("DenseReluDense", UMT5Dense(c));
        layer_norm = register_module("layer_norm", UMT5LayerNorm(c.dModel, c.layerNormEpsilon));
    }
    torch::Tensor forward(const torch::Tensor& x) { return x + DenseReluDense(layer_norm(x)); }

private:
    UMT5Dense DenseReluDense{nullptr};
    UMT5LayerNorm layer_norm{nullptr};
};
TORCH_MODULE(UMT5LayerFF);

} // namespace

UMT5Config loadUMT5Config(const std::filesystem::path& path)
{
    const nlohmann::json j = readJson(path);
    UMT5Config c;
    readKey(j, "vocab_size", c.vocabSize, path, true);
    readKey(j, "d_model", c.dModel, path, true);
    readKey(j, "d_kv", c.dKv, path, true);
    readKey(j, "d_ff", c.dFf, path, true);
    readKey(j, "num_layers", c.numLayers, path, true);
    readKey(j, "num_heads", c.numHeads, path, true);
    readKey(j, "relative_attention_num_buckets", c.relativeAttentionNumBuckets, path, false);
    readKey(j, "relative_attention_max_distance", c.relativeAttentionMaxDistance, path, false);
    readKey(j, "layer_norm_epsilon", c.layerNormEpsilon, path, false);
    readKey(j, "feed_forward_proj", c.feedForwardProj, path, false);
    checkRange(c.vocabSize, "vocab_size", path, 1, 1 << 21);
    checkRange(c.dModel, "d_model", path, 1, 1 << 16);
    checkRange(c.dKv, "d_kv", path, 1, 1 << 14);
    checkRange(c.dFf, "d_ff", path, 1, 1 << 18);
    checkRange(c.numLayers, "num_layers", path, 1, 256);
    checkRange(c.numHeads, "num_heads", path, 1, 1024);
    checkRange(c.dKv * c.numHeads, "d_kv * num_heads", path, 1, 1 << 17);
    // Bidirectional buckets: half per direction, max_exact = num_buckets / 4 must be >= 1, and the log
    // range log(max_distance / max_exact) must be positive.
    checkRange(c.relativeAttentionNumBuckets, "relative_attention_num_buckets", path, 4, 1 << 16);
    checkRange(c.relativeAttentionMaxDistance, "relative_attention_max_distance", path,
               c.relativeAttentionNumBuckets / 4 + 1, 1 << 24);
    if (!(c.layerNormEpsilon > 0.0 && c.layerNormEpsilon < 1.0)) {
        invalidConfig(path, "\"layer_norm_epsilon\" must be in (0, 1)");
    }
    if (j.contains("is_decoder") && j["is_decoder"].is_boolean() && j["is_decoder"].get<bool>()) {
        invalidConfig(path, "\"is_decoder\" is true; the Wan text encoder is a UMT5 encoder");
    }
    // configuration_umt5.py: "gated-<act>" or "<act>"; "gated-gelu" means gelu_new.
    const auto dash = c.feedForwardProj.find('-');
    if (dash == std::string::npos) {
        c.isGatedAct = false;
        c.denseActFn = c.feedForwardProj;
    } else {
        if (c.feedForwardProj.substr(0, dash) != "gated" || c.feedForwardProj.find('-', dash + 1) != std::string::npos) {
            invalidConfig(path, "\"feed_forward_proj\" = \"" + c.feedForwardProj +
                                    "\" is not of the form gated-<act> or <act>");
        }
        c.isGatedAct = true;
        c.denseActFn = c.feedForwardProj.substr(dash + 1);
    }
    if (c.feedForwardProj == "gated-gelu") {
        c.denseActFn = "gelu_new";
    }
    if (!supportedActivation(c.denseActFn)) {
        invalidConfig(path, "activation \"" + c.denseActFn + "\" (from feed_forward_proj) is not supported");
    }
    return c;
}

UMT5LayerNormImpl::UMT5LayerNormImpl(std::int64_t dim, double eps) : m_eps(eps)
{
    weight = nn::registerEmptyParameter(*this, "weight", {dim});
}

torch::Tensor UMT5LayerNormImpl::forward(const torch::Tensor& x)
{
    const auto variance = x.to(torch::kFloat32).pow(2).mean(-1, true);
    auto h = x * torch::rsqrt(variance + m_eps);
    if (weight.scalar_type() == torch::kHalf || weight.scalar_type() == torch::kBFloat16) {
        h = h.to(weight.scalar_type());
    }
    return weight * h;
}

torch::Tensor umt5RelativePositionBuckets(std::int64_t length, std::int64_t numBuckets, std::int64_t maxDistance,
                                          const torch::Device& device)
{
    const auto longOpts = torch::TensorOptions().dtype(torch::kInt64).device(device);
    const auto context = torch::arange(length, longOpts).unsqueeze(1);
    const auto memory = torch::arange(length, longOpts).unsqueeze(0);
    auto relative = memory - context; // [L, L]
    const std::int64_t half = numBuckets / 2;
    auto buckets = (relative > 0).to(torch::kInt64) * half;
    relative = torch::abs(relative);
    const std::int64_t maxExact = half / 2;
    const auto isSmall = relative < maxExact;
    // Same float32 operations as the reference so the truncation to long lands in the same bucket.
    auto logRatio = torch::log(relative.to(torch::kFloat32) / static_cast<double>(maxExact)) /
                    std::log(static_cast<double>(maxDistance) / static_cast<double>(maxExact));
    logRatio = logRatio * static_cast<double>(half - maxExact);
    auto ifLarge = maxExact + logRatio.to(torch::kInt64);
    ifLarge = torch::minimum(ifLarge, torch::full_like(ifLarge, half - 1));
    return buckets + torch::where(isSmall, relative, ifLarge);
}

UMT5AttentionImpl::UMT5AttentionImpl(const UMT5Config& c) : m_heads(c.numHeads), m_dKv(c.dKv)
{
    const auto inner = c.numHeads * c.dKv;
    q = register_module("q", nn::Linear(c.dModel, inner, false));
    k = register_module("k", nn::Linear(c.dModel, inner, false));
    v = register_module("v", nn::Linear(c.dModel, inner, false));
    o = register_module("o", nn::Linear(inner, c.dModel, false));
    auto bias = register_module("relative_attention_bias", std::make_shared<torch::nn::Module>());
    m_biasWeight = nn::registerEmptyParameter(*bias, "weight", {c.relativeAttentionNumBuckets, c.numHeads});
}

torch::Tensor UMT5AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& buckets,
                                         const torch::Tensor& additiveMask)
{
    const auto b = x.size(0);
    const auto l = x.size(1);
    auto split = [&](const torch::Tensor& t) { return t.view({b, l, m_heads, m_dKv}).transpose(1, 2); };
    const auto qs = split(q(x));
    const auto ks = split(k(x));
    const auto vs = split(v(x));
    // position_bias [1, heads, L, L]; no 1/sqrt(d) scaling in T5.
    const auto bias = torch::embedding(m_biasWeight, buckets).permute({2, 0, 1}).unsqueeze(0);
    auto scores = torch::matmul(qs, ks.transpose(-1, -2)) + bias;
    scores = scores.to(torch::kFloat32) + additiveMask;
    const auto probs = torch::softmax(scores, -1).to(x.scalar_type());
    const auto out = torch::matmul(probs, vs).transpose(1, 2).reshape({b, l, m_heads * m_dKv});
    return o(out);
}

UMT5BlockImpl::UMT5BlockImpl(const UMT5Config& config) : m_config(config)
{
    layer = register_module("layer", torch::nn::ModuleList());
    layer->push_back(UMT5LayerSelfAttention(config));
    layer->push_back(UMT5LayerFF(config));
}

torch::Tensor UMT5BlockImpl::forward(const torch::Tensor& x, const torch::Tensor& buckets,
                                     const torch::Tensor& additiveMask)
{
    auto h = clampFp16(layer->at<UMT5LayerSelfAttentionImpl>(0).forward(x, buckets, additiveMask));
    return clampFp16(layer->at<UMT5LayerFFImpl>(1).forward(h));
}

UMT5EncoderModelImpl::UMT5EncoderModelImpl(const UMT5Config& config) : m_config(config)
{
    m_sharedModule = register_module("shared", std::make_shared<torch::nn::Module>());
    m_shared = nn::registerEmptyParameter(*m_sharedModule, "weight", {config.vocabSize, config.dModel});
    m_encoder = register_module("encoder", std::make_shared<torch::nn::Module>());
    m_embedTokens = m_encoder->register_module("embed_tokens", std::make_shared<torch::nn::Module>());
    m_embedTokens->register_parameter("weight", m_shared, /*requires_grad=*/false); // tied: the same tensor
    m_blocks = m_encoder->register_module("block", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < config.numLayers; ++i) {
        m_blocks->push_back(UMT5Block(config));
    }
    m_finalLayerNorm =
        m_encoder->register_module("final_layer_norm", UMT5LayerNorm(config.dModel, config.layerNormEpsilon));
}

torch::Tensor UMT5EncoderModelImpl::forward(const torch::Tensor& inputIds, const torch::Tensor& attentionMask)
{
    if (inputIds.dim() != 2 || inputIds.scalar_type() != torch::kInt64 || inputIds.size(1) < 1) {
        fail(ErrorCode::InvalidArgument, "UMT5 text encoder: input ids must be a non-empty [batch, length] int64 tensor");
    }
    const auto device = m_shared.device();
    const auto ids = inputIds.to(device);
    if (ids.numel() > 0 && (ids.min().item<std::int64_t>() < 0 || ids.max().item<std::int64_t>() >= m_config.vocabSize)) {
        fail(ErrorCode::InvalidArgument, "UMT5 text encoder: a token id is outside the vocabulary of " +
                                             std::to_string(m_config.vocabSize) +
                                             " (tokenizer and text_encoder from different models?)");
    }
    const auto b = ids.size(0);
    const auto l = ids.size(1);
    torch::Tensor keep;
    if (attentionMask.defined()) {
        if (attentionMask.sizes() != ids.sizes()) {
            fail(ErrorCode::InvalidArgument, "UMT5 text encoder: the attention mask must have the ids' shape");
        }
        keep = attentionMask.to(device).to(torch::kBool);
    } else {
        keep = torch::ones({b, l}, torch::TensorOptions().dtype(torch::kBool).device(device));
    }
    // Additive key mask [B, 1, 1, L]: 0 where attended, float32's lowest value elsewhere (as the eager
    // path's bidirectional mask).
    const auto additive = torch::zeros({b, 1, 1, l}, torch::TensorOptions().dtype(torch::kFloat32).device(device))
                              .masked_fill(keep.logical_not().view({b, 1, 1, l}),
                                           std::numeric_limits<float>::lowest());
    const auto buckets = umt5RelativePositionBuckets(l, m_config.relativeAttentionNumBuckets,
                                                     m_config.relativeAttentionMaxDistance, device);
    auto h = torch::embedding(m_shared, ids);
    for (std::size_t i = 0; i < m_blocks->size(); ++i) {
        h = m_blocks->at<UMT5BlockImpl>(i).forward(h, buckets, additive);
    }
    return m_finalLayerNorm(h);
}

UMT5EncoderModel loadUMT5EncoderModel(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                                      torch::Dtype dtype, const torch::Device& device)
{
    const UMT5Config config = loadUMT5Config(configJson);
    // The tied embedding may be saved as shared.weight, encoder.embed_tokens.weight or both; one is needed.
    const auto shapes = checkpointTensorShapes(weights);
    if (!shapes.count("shared.weight") && !shapes.count("encoder.embed_tokens.weight")) {
        fail(ErrorCode::ModelInvalid, "text_encoder: " + weights.string() +
                                          " has neither shared.weight nor encoder.embed_tokens.weight");
    }
    const std::vector<std::string> optional = {"shared.weight", "encoder.embed_tokens.weight"};
    {
        const nn::ParameterOptionsGuard meta(torch::TensorOptions().device(torch::kMeta).dtype(dtype));
        UMT5EncoderModel probe(config); // config against the weights' headers, nothing allocated
        checkWeightsMatch(*probe, weights, "text_encoder", optional);
    }
    UMT5EncoderModel model{nullptr};
    {
        const nn::ParameterOptionsGuard guard(torch::TensorOptions().device(device).dtype(dtype));
        model = UMT5EncoderModel(config);
    }
    loadWeightsInto(*model, weights, "text_encoder", optional);
    model->eval();
    return model;
}

} // namespace i2v
