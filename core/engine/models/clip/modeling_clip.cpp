// Port of transformers src/transformers/models/clip/modeling_clip.py (4.4x): CLIPTextModel and
// CLIPVisionModelWithProjection, eager attention path. Deviations: softmax in float32 for every dtype;
// no attention_mask argument (the I2VGen-XL pipeline never passes one); no dropout (inference only).

#include "core/engine/models/clip/modeling_clip.h"

#include "core/base/error.h"
#include "core/engine/tensor/state_dict.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <limits>

namespace i2v {

using torch::indexing::Slice;

const std::vector<std::string> kClipTextIgnoreMissing = {"text_model.embeddings.position_ids"};
const std::vector<std::string> kClipVisionIgnoreMissing = {"vision_model.embeddings.position_ids"};
const std::vector<std::string> kClipModelIgnoreMissing = {"text_model.embeddings.position_ids",
                                                          "vision_model.embeddings.position_ids"};

namespace {

nlohmann::json readJson(const std::filesystem::path& path)
{
    std::ifstream in(path);
    if (!in) {
        fail(ErrorCode::ModelInvalid, "config " + path.string() + " is missing or unreadable");
    }
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        fail(ErrorCode::ModelInvalid, "config " + path.string() + " is not valid JSON: " + e.what());
    }
}

template <typename T>
void readKey(const nlohmann::json& j, const char* key, T& out, const std::filesystem::path& path, bool required)
{
    if (!j.contains(key) || j.at(key).is_null()) {
        if (required) {
            fail(ErrorCode::ModelInvalid, "config " + path.string() + " lacks \"" + key + "\"");
        }
        return;
    }
    try {
        out = j.at(key).get<T>();
    } catch (const nlohmann::json::exception& e) {
        fail(ErrorCode::ModelInvalid, "config " + path.string() + ": \"" + key + "\" has the wrong type");
    }
}

void checkActivation(const std::string& act, const std::filesystem::path& path)
{
    if (act != "gelu" && act != "quick_gelu" && act != "gelu_new" && act != "gelu_pytorch_tanh") {
        fail(ErrorCode::ModelInvalid, "config " + path.string() + ": hidden_act \"" + act +
                                          "\" is not supported (gelu, quick_gelu, gelu_new, gelu_pytorch_tanh)");
    }
}

// Positive and below a bound far above any published CLIP (ViT-bigG: 48 layers, width 1664): a damaged
// value (1e9 layers, 2^40 channels) must fail here, before anything is built or allocated.
void checkPositive(std::int64_t v, const char* key, const std::filesystem::path& path, std::int64_t max)
{
    if (v <= 0) {
        fail(ErrorCode::ModelInvalid, "config " + path.string() + ": \"" + key + "\" must be positive");
    }
    if (v > max) {
        fail(ErrorCode::ModelInvalid, "config " + path.string() + ": \"" + key + "\" = " + std::to_string(v) +
                                          " is larger than " + std::to_string(max) +
                                          ". The config is damaged; download the model again.");
    }
}

torch::Tensor activation(const torch::Tensor& x, const std::string& act)
{
    if (act == "quick_gelu") {
        return x * torch::sigmoid(1.702 * x);
    }
    if (act == "gelu") {
        return torch::gelu(x);
    }
    return torch::gelu(x, "tanh");
}

nn::LayerNorm layerNorm(std::int64_t hidden, double eps) { return nn::LayerNorm(hidden, eps); }

// position_ids buffers: int64 on the device parameters are being created on.
torch::Tensor positionIds(std::int64_t n)
{
    return torch::arange(n, torch::TensorOptions().dtype(torch::kInt64).device(nn::parameterOptions().device()))
        .unsqueeze(0);
}

template <typename Model, typename Config>
Model buildAndLoad(const Config& config, const std::filesystem::path& weights, torch::Dtype dtype,
                   const torch::Device& device, const char* what, const std::vector<std::string>& ignoreMissing)
{
    {
        const nn::ParameterOptionsGuard meta(torch::TensorOptions().device(torch::kMeta).dtype(dtype));
        Model probe(config); // config against the weights' headers, nothing allocated
        checkWeightsMatch(*probe, weights, what, ignoreMissing);
    }
    Model model{nullptr};
    {
        nn::ParameterOptionsGuard guard(torch::TensorOptions().device(device).dtype(dtype));
        model = Model(config);
    }
    loadWeightsInto(*model, weights, what, ignoreMissing);
    model->eval();
    return model;
}

} // namespace

CLIPTextConfig loadCLIPTextConfig(const std::filesystem::path& configJson)
{
    nlohmann::json j = readJson(configJson);
    if (j.contains("text_config") && j.at("text_config").is_object()) {
        j = j.at("text_config");
    }
    CLIPTextConfig c;
    readKey(j, "vocab_size", c.vocabSize, configJson, true);
    readKey(j, "hidden_size", c.hiddenSize, configJson, true);
    readKey(j, "intermediate_size", c.intermediateSize, configJson, true);
    readKey(j, "num_hidden_layers", c.numHiddenLayers, configJson, true);
    readKey(j, "num_attention_heads", c.numAttentionHeads, configJson, true);
    readKey(j, "max_position_embeddings", c.maxPositionEmbeddings, configJson, false);
    readKey(j, "layer_norm_eps", c.layerNormEps, configJson, false);
    readKey(j, "hidden_act", c.hiddenAct, configJson, false);
    readKey(j, "eos_token_id", c.eosTokenId, configJson, false);
    checkPositive(c.vocabSize, "vocab_size", configJson, 1 << 20);
    checkPositive(c.hiddenSize, "hidden_size", configJson, 1 << 16);
    checkPositive(c.intermediateSize, "intermediate_size", configJson, 1 << 18);
    checkPositive(c.numHiddenLayers, "num_hidden_layers", configJson, 256);
    checkPositive(c.numAttentionHeads, "num_attention_heads", configJson, 1024);
    checkPositive(c.maxPositionEmbeddings, "max_position_embeddings", configJson, 1 << 16);
    if (c.hiddenSize % c.numAttentionHeads != 0) {
        fail(ErrorCode::ModelInvalid, "config " + configJson.string() +
                                          ": hidden_size is not divisible by num_attention_heads");
    }
    checkActivation(c.hiddenAct, configJson);
    return c;
}

CLIPVisionConfig loadCLIPVisionConfig(const std::filesystem::path& configJson)
{
    const nlohmann::json root = readJson(configJson);
    CLIPVisionConfig c;
    readKey(root, "projection_dim", c.projectionDim, configJson, false);
    const nlohmann::json& j =
        root.contains("vision_config") && root.at("vision_config").is_object() ? root.at("vision_config") : root;
    readKey(j, "projection_dim", c.projectionDim, configJson, false);
    readKey(j, "hidden_size", c.hiddenSize, configJson, true);
    readKey(j, "intermediate_size", c.intermediateSize, configJson, true);
    readKey(j, "num_hidden_layers", c.numHiddenLayers, configJson, true);
    readKey(j, "num_attention_heads", c.numAttentionHeads, configJson, true);
    readKey(j, "num_channels", c.numChannels, configJson, false);
    readKey(j, "image_size", c.imageSize, configJson, true);
    readKey(j, "patch_size", c.patchSize, configJson, true);
    readKey(j, "layer_norm_eps", c.layerNormEps, configJson, false);
    readKey(j, "hidden_act", c.hiddenAct, configJson, false);
    checkPositive(c.hiddenSize, "hidden_size", configJson, 1 << 16);
    checkPositive(c.intermediateSize, "intermediate_size", configJson, 1 << 18);
    checkPositive(c.numHiddenLayers, "num_hidden_layers", configJson, 256);
    checkPositive(c.numAttentionHeads, "num_attention_heads", configJson, 1024);
    checkPositive(c.numChannels, "num_channels", configJson, 16);
    checkPositive(c.imageSize, "image_size", configJson, 4096);
    checkPositive(c.patchSize, "patch_size", configJson, 1024);
    checkPositive(c.projectionDim, "projection_dim", configJson, 1 << 16);
    if (c.hiddenSize % c.numAttentionHeads != 0 || c.imageSize % c.patchSize != 0) {
        fail(ErrorCode::ModelInvalid, "config " + configJson.string() +
                                          ": hidden_size/num_attention_heads or image_size/patch_size do not divide");
    }
    checkActivation(c.hiddenAct, configJson);
    return c;
}

CLIPModelConfig loadCLIPModelConfig(const std::filesystem::path& configJson)
{
    const nlohmann::json root = readJson(configJson);
    if (!root.contains("text_config") || !root.at("text_config").is_object() || !root.contains("vision_config") ||
        !root.at("vision_config").is_object()) {
        fail(ErrorCode::ModelInvalid, "config " + configJson.string() +
                                          " is not a CLIPModel config (needs \"text_config\" and \"vision_config\")");
    }
    CLIPModelConfig c;
    c.text = loadCLIPTextConfig(configJson);
    c.vision = loadCLIPVisionConfig(configJson);
    readKey(root, "projection_dim", c.projectionDim, configJson, false);
    checkPositive(c.projectionDim, "projection_dim", configJson, 1 << 16);
    c.vision.projectionDim = c.projectionDim;
    return c;
}

CLIPEmbeddingImpl::CLIPEmbeddingImpl(std::int64_t num, std::int64_t dim)
{
    weight = nn::registerEmptyParameter(*this, "weight", {num, dim});
}

torch::Tensor CLIPEmbeddingImpl::forward(const torch::Tensor& ids) { return torch::embedding(weight, ids); }

CLIPAttentionImpl::CLIPAttentionImpl(std::int64_t hidden, std::int64_t heads)
    : m_heads(heads), m_headDim(hidden / heads), m_scale(1.0 / std::sqrt(static_cast<double>(hidden / heads)))
{
    k_proj = register_module("k_proj", nn::Linear(hidden, hidden));
    v_proj = register_module("v_proj", nn::Linear(hidden, hidden));
    q_proj = register_module("q_proj", nn::Linear(hidden, hidden));
    out_proj = register_module("out_proj", nn::Linear(hidden, hidden));
}

torch::Tensor CLIPAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& mask)
{
    const auto b = x.size(0);
    const auto s = x.size(1);
    auto split = [&](const torch::Tensor& t) { return t.view({b, s, m_heads, m_headDim}).transpose(1, 2); };
    const auto q = split(q_proj(x));
    const auto k = split(k_proj(x));
    const auto v = split(v_proj(x));
    auto scores = torch::matmul(q, k.transpose(-1, -2)) * m_scale; // [B, heads, S, S]
    if (mask.defined()) {
        scores = scores + mask;
    }
    const auto probs = torch::softmax(scores, -1, torch::kFloat32).to(x.scalar_type());
    const auto out = torch::matmul(probs, v).transpose(1, 2).reshape({b, s, m_heads * m_headDim});
    return out_proj(out);
}

CLIPMLPImpl::CLIPMLPImpl(std::int64_t hidden, std::int64_t intermediate, std::string act) : m_act(std::move(act))
{
    fc1 = register_module("fc1", nn::Linear(hidden, intermediate));
    fc2 = register_module("fc2", nn::Linear(intermediate, hidden));
}

torch::Tensor CLIPMLPImpl::forward(const torch::Tensor& x) { return fc2(activation(fc1(x), m_act)); }

CLIPEncoderLayerImpl::CLIPEncoderLayerImpl(std::int64_t hidden, std::int64_t heads, std::int64_t intermediate,
                                           double eps, const std::string& act)
{
    self_attn = register_module("self_attn", CLIPAttention(hidden, heads));
    layer_norm1 = register_module("layer_norm1", layerNorm(hidden, eps));
    mlp = register_module("mlp", CLIPMLP(hidden, intermediate, act));
    layer_norm2 = register_module("layer_norm2", layerNorm(hidden, eps));
}

torch::Tensor CLIPEncoderLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& mask)
{
    auto h = x + self_attn(layer_norm1(x), mask);
    return h + mlp(layer_norm2(h));
}

CLIPEncoderImpl::CLIPEncoderImpl(std::int64_t n, std::int64_t hidden, std::int64_t heads,
                                 std::int64_t intermediate, double eps, const std::string& act)
{
    layers = register_module("layers", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < n; ++i) {
        layers->push_back(CLIPEncoderLayer(hidden, heads, intermediate, eps, act));
    }
}

std::vector<torch::Tensor> CLIPEncoderImpl::forward(const torch::Tensor& x, const torch::Tensor& mask,
                                                    std::int64_t numLayers)
{
    const auto n = numLayers < 0 ? size() : std::min(numLayers, size());
    std::vector<torch::Tensor> states{x};
    states.reserve(n + 1);
    for (std::int64_t i = 0; i < n; ++i) {
        states.push_back(layers->at<CLIPEncoderLayerImpl>(i).forward(states.back(), mask));
    }
    return states;
}

CLIPTextEmbeddingsImpl::CLIPTextEmbeddingsImpl(const CLIPTextConfig& config)
{
    token_embedding = register_module("token_embedding", CLIPEmbedding(config.vocabSize, config.hiddenSize));
    position_embedding =
        register_module("position_embedding", CLIPEmbedding(config.maxPositionEmbeddings, config.hiddenSize));
    position_ids = register_buffer("position_ids", positionIds(config.maxPositionEmbeddings));
}

torch::Tensor CLIPTextEmbeddingsImpl::forward(const torch::Tensor& ids)
{
    const auto s = ids.size(-1);
    if (s > position_ids.size(1)) {
        fail(ErrorCode::InvalidArgument, "CLIP text encoder: " + std::to_string(s) + " tokens exceed the limit of " +
                                             std::to_string(position_ids.size(1)));
    }
    return token_embedding(ids) + position_embedding(position_ids.index({Slice(), Slice(0, s)}));
}

CLIPTextTransformerImpl::CLIPTextTransformerImpl(const CLIPTextConfig& config) : m_config(config)
{
    embeddings = register_module("embeddings", CLIPTextEmbeddings(config));
    encoder = register_module("encoder", CLIPEncoder(config.numHiddenLayers, config.hiddenSize,
                                                     config.numAttentionHeads, config.intermediateSize,
                                                     config.layerNormEps, config.hiddenAct));
    final_layer_norm = register_module("final_layer_norm", layerNorm(config.hiddenSize, config.layerNormEps));
}

std::vector<torch::Tensor> CLIPTextTransformerImpl::hidden(const torch::Tensor& ids, std::int64_t numLayers)
{
    if (ids.dim() != 2 || ids.scalar_type() != torch::kInt64) {
        fail(ErrorCode::InvalidArgument, "CLIP text encoder: input ids must be a [batch, tokens] int64 tensor");
    }
    const auto x = embeddings(ids);
    const auto s = ids.size(1);
    // Causal mask: the most negative finite value above the diagonal, as transformers builds it.
    const double lowest = x.scalar_type() == torch::kFloat16 ? -65504.0
                          : x.scalar_type() == torch::kBFloat16 ? -3.3895313892515355e38
                          : x.scalar_type() == torch::kFloat64 ? std::numeric_limits<double>::lowest()
                                                               : std::numeric_limits<float>::lowest();
    const auto mask = torch::full({s, s}, lowest, x.options()).triu(1);
    return encoder(x, mask, numLayers);
}

CLIPTextOutput CLIPTextTransformerImpl::forward(const torch::Tensor& ids)
{
    CLIPTextOutput out;
    out.hiddenStates = hidden(ids, -1);
    out.lastHiddenState = final_layer_norm(out.hiddenStates.back());
    // transformers: configs with eos_token_id == 2 predate the fix and pool at the largest id (EOS in the
    // original vocabulary); otherwise the first position where ids == eos_token_id.
    const auto positions = m_config.eosTokenId == 2 ? ids.argmax(-1)
                                                    : (ids == m_config.eosTokenId).to(torch::kInt32).argmax(-1);
    const auto rows = torch::arange(ids.size(0), ids.options());
    out.pooled = out.lastHiddenState.index({rows, positions});
    return out;
}

torch::Tensor CLIPTextTransformerImpl::normedHiddenState(const torch::Tensor& ids, std::int64_t numLayers)
{
    return final_layer_norm(hidden(ids, numLayers).back());
}

CLIPTextModelImpl::CLIPTextModelImpl(const CLIPTextConfig& config) : m_config(config)
{
    text_model = register_module("text_model", CLIPTextTransformer(config));
}

CLIPTextOutput CLIPTextModelImpl::forward(const torch::Tensor& ids) { return text_model(ids); }

torch::Tensor CLIPTextModelImpl::encodePromptEmbeds(const torch::Tensor& ids, int clipSkip)
{
    if (clipSkip < 0 || clipSkip >= m_config.numHiddenLayers + 1) {
        fail(ErrorCode::InvalidArgument, "clip_skip " + std::to_string(clipSkip) + " is out of range for a " +
                                             std::to_string(m_config.numHiddenLayers) + "-layer text encoder");
    }
    // hidden_states[-(clipSkip + 1)] is the output of layer numLayers - clipSkip; later layers are skipped.
    return text_model->normedHiddenState(ids, m_config.numHiddenLayers - clipSkip);
}

CLIPVisionEmbeddingsImpl::CLIPVisionEmbeddingsImpl(const CLIPVisionConfig& config)
{
    const auto patches = (config.imageSize / config.patchSize) * (config.imageSize / config.patchSize);
    class_embedding = nn::registerEmptyParameter(*this, "class_embedding", {config.hiddenSize});
    patch_embedding = register_module(
        "patch_embedding",
        nn::Conv2d(config.numChannels, config.hiddenSize, config.patchSize, config.patchSize, 0, false));
    position_embedding = register_module("position_embedding", CLIPEmbedding(patches + 1, config.hiddenSize));
    position_ids = register_buffer("position_ids", positionIds(patches + 1));
}

torch::Tensor CLIPVisionEmbeddingsImpl::forward(const torch::Tensor& pixels)
{
    const auto b = pixels.size(0);
    const auto patches = patch_embedding(pixels.to(class_embedding.scalar_type())).flatten(2).transpose(1, 2);
    const auto cls = class_embedding.view({1, 1, -1}).expand({b, 1, -1});
    const auto x = torch::cat({cls, patches}, 1);
    if (x.size(1) != position_ids.size(1)) {
        fail(ErrorCode::InvalidArgument, "CLIP image encoder: the input image size does not match the config");
    }
    return x + position_embedding(position_ids);
}

CLIPVisionTransformerImpl::CLIPVisionTransformerImpl(const CLIPVisionConfig& config)
{
    embeddings = register_module("embeddings", CLIPVisionEmbeddings(config));
    pre_layrnorm = register_module("pre_layrnorm", layerNorm(config.hiddenSize, config.layerNormEps));
    encoder = register_module("encoder", CLIPEncoder(config.numHiddenLayers, config.hiddenSize,
                                                     config.numAttentionHeads, config.intermediateSize,
                                                     config.layerNormEps, config.hiddenAct));
    post_layernorm = register_module("post_layernorm", layerNorm(config.hiddenSize, config.layerNormEps));
}

CLIPVisionOutput CLIPVisionTransformerImpl::forward(const torch::Tensor& pixels)
{
    if (pixels.dim() != 4) {
        fail(ErrorCode::InvalidArgument, "CLIP image encoder: pixel values must be [batch, channels, H, W]");
    }
    CLIPVisionOutput out;
    out.lastHiddenState = encoder(pre_layrnorm(embeddings(pixels)), torch::Tensor()).back();
    out.pooled = post_layernorm(out.lastHiddenState.index({Slice(), 0, Slice()}));
    return out;
}

std::vector<torch::Tensor> CLIPVisionTransformerImpl::hiddenStates(const torch::Tensor& pixels, std::int64_t numLayers)
{
    if (pixels.dim() != 4) {
        fail(ErrorCode::InvalidArgument, "CLIP image encoder: pixel values must be [batch, channels, H, W]");
    }
    return encoder(pre_layrnorm(embeddings(pixels)), torch::Tensor(), numLayers);
}

CLIPVisionModelImpl::CLIPVisionModelImpl(const CLIPVisionConfig& config) : m_config(config)
{
    vision_model = register_module("vision_model", CLIPVisionTransformer(config));
}

CLIPVisionOutput CLIPVisionModelImpl::forward(const torch::Tensor& pixels) { return vision_model(pixels); }

torch::Tensor CLIPVisionModelImpl::penultimateHiddenState(const torch::Tensor& pixels)
{
    // hidden_states has num_layers + 1 entries; [-2] is the output after num_layers - 1 layers.
    return vision_model->hiddenStates(pixels, m_config.numHiddenLayers - 1).back();
}

CLIPVisionModelWithProjectionImpl::CLIPVisionModelWithProjectionImpl(const CLIPVisionConfig& config)
    : m_config(config)
{
    vision_model = register_module("vision_model", CLIPVisionTransformer(config));
    visual_projection = register_module(
        "visual_projection", nn::Linear(config.hiddenSize, config.projectionDim, false));
}

CLIPVisionOutput CLIPVisionModelWithProjectionImpl::forward(const torch::Tensor& pixels)
{
    auto out = vision_model(pixels);
    out.imageEmbeds = visual_projection(out.pooled);
    return out;
}

CLIPModelImpl::CLIPModelImpl(const CLIPModelConfig& config) : m_config(config)
{
    text_model = register_module("text_model", CLIPTextTransformer(config.text));
    vision_model = register_module("vision_model", CLIPVisionTransformer(config.vision));
    visual_projection = register_module("visual_projection",
                                        nn::Linear(config.vision.hiddenSize, config.projectionDim, false));
    text_projection =
        register_module("text_projection", nn::Linear(config.text.hiddenSize, config.projectionDim, false));
    logit_scale = nn::registerEmptyParameter(*this, "logit_scale", {});
}

torch::Tensor CLIPModelImpl::textEmbeds(const torch::Tensor& ids)
{
    if (ids.dim() == 2 && ids.size(1) > m_config.text.maxPositionEmbeddings) {
        fail(ErrorCode::InvalidArgument, "CLIP text encoder: " + std::to_string(ids.size(1)) +
                                             " tokens exceed max_position_embeddings " +
                                             std::to_string(m_config.text.maxPositionEmbeddings));
    }
    return text_projection(text_model(ids).pooled);
}

torch::Tensor CLIPModelImpl::imageEmbeds(const torch::Tensor& pixels)
{
    return visual_projection(vision_model(pixels).pooled);
}

CLIPModel loadCLIPModel(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                        torch::Dtype dtype, const torch::Device& device)
{
    return buildAndLoad<CLIPModel>(loadCLIPModelConfig(configJson), weights, dtype, device, "CLIP model",
                                   kClipModelIgnoreMissing);
}

CLIPTextModel loadCLIPTextModel(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                                torch::Dtype dtype, const torch::Device& device)
{
    return buildAndLoad<CLIPTextModel>(loadCLIPTextConfig(configJson), weights, dtype, device, "text_encoder",
                                       kClipTextIgnoreMissing);
}

CLIPVisionModelWithProjection loadCLIPVisionModelWithProjection(const std::filesystem::path& configJson,
                                                                const std::filesystem::path& weights,
                                                                torch::Dtype dtype, const torch::Device& device)
{
    return buildAndLoad<CLIPVisionModelWithProjection>(loadCLIPVisionConfig(configJson), weights, dtype, device,
                                                       "image_encoder", kClipVisionIgnoreMissing);
}

CLIPVisionModel loadCLIPVisionModel(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                                    torch::Dtype dtype, const torch::Device& device)
{
    const CLIPVisionConfig config = loadCLIPVisionConfig(configJson);
    // transformers 5 saves CLIPVisionModel without the "vision_model." prefix (and loads both layouts);
    // such a checkpoint loads into the inner transformer.
    bool prefixed = false;
    for (const auto& [name, shape] : checkpointTensorShapes(weights)) {
        prefixed = prefixed || name.rfind("vision_model.", 0) == 0;
    }
    const std::vector<std::string> ignore =
        prefixed ? kClipVisionIgnoreMissing : std::vector<std::string>{"embeddings.position_ids"};
    {
        const nn::ParameterOptionsGuard meta(torch::TensorOptions().device(torch::kMeta).dtype(dtype));
        CLIPVisionModel probe(config); // config against the weights' headers, nothing allocated
        if (prefixed) {
            checkWeightsMatch(*probe, weights, "image_encoder", ignore);
        } else {
            checkWeightsMatch(*probe->visionModel(), weights, "image_encoder", ignore);
        }
    }
    CLIPVisionModel model{nullptr};
    {
        const nn::ParameterOptionsGuard guard(torch::TensorOptions().device(device).dtype(dtype));
        model = CLIPVisionModel(config);
    }
    if (prefixed) {
        loadWeightsInto(*model, weights, "image_encoder", ignore);
    } else {
        loadWeightsInto(*model->visionModel(), weights, "image_encoder", ignore);
    }
    model->eval();
    return model;
}

} // namespace i2v
