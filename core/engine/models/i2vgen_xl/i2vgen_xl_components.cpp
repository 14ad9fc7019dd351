#include "core/engine/models/i2vgen_xl/i2vgen_xl_components.h"

#include "core/base/error.h"
#include "core/engine/nn/layers.h"
#include "core/engine/tensor/state_dict.h"

namespace i2v {

namespace {
const std::vector<std::string> kComponents{"unet",          "vae",       "text_encoder",     "image_encoder",
                                           "tokenizer",     "scheduler", "feature_extractor"};
}

i2vgenxl::I2VGenXLUNet loadI2VGenXLUNet(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                                        torch::Dtype dtype, const torch::Device& device)
{
    const i2vgenxl::UNetConfig config = i2vgenxl::loadUNetConfig(configJson);
    const std::string what = "unet (" + weights.string() + ")";
    {
        // The config against the weights' headers first, on the meta device: nothing allocated.
        const nn::ParameterOptionsGuard meta(torch::TensorOptions().device(torch::kMeta).dtype(dtype));
        i2vgenxl::I2VGenXLUNet probe(config);
        checkWeightsMatch(*probe, weights, what);
    }
    i2vgenxl::I2VGenXLUNet unet{nullptr};
    {
        // Parameters are created uninitialised where they will live; the weights overwrite all of them.
        const nn::ParameterOptionsGuard onDevice(torch::TensorOptions().device(device).dtype(dtype));
        unet = i2vgenxl::I2VGenXLUNet(config);
    }
    loadWeightsInto(*unet, weights, what);
    unet->eval();
    return unet;
}

ModelFolder openI2VGenXLFolder(const std::filesystem::path& folder, torch::Dtype dtype)
{
    ModelFolder model = openModelFolder(folder, dtype == torch::kFloat16, kComponents);
    if (model.pipelineClass != "I2VGenXLPipeline")
        fail(ErrorCode::ModelInvalid, (folder / "model_index.json").string() + ": \"_class_name\" is \"" +
                                          model.pipelineClass + "\", not I2VGenXLPipeline");
    return model;
}

std::shared_ptr<I2VGenXLComponents> loadI2VGenXLComponents(const ModelFolder& model, torch::Dtype dtype,
                                                           const torch::Device& device,
                                                           std::optional<torch::Device> encoderDevice)
{
    const torch::Device encoders = encoderDevice.value_or(device);
    const auto part = [&](const std::string& name) -> const ModelComponent& {
        const ModelComponent* c = model.component(name);
        if (!c)
            fail(ErrorCode::ModelInvalid, model.root.string() + ": model_index.json lists no \"" + name + "\"");
        return *c;
    };
    const auto config = [&](const std::string& name) { return part(name).folder / "config.json"; };
    auto c = std::make_shared<I2VGenXLComponents>();
    c->scheduler = DDIMSchedulerConfig::fromFile(part("scheduler").folder / "scheduler_config.json");
    c->tokenizer = std::make_shared<ClipTokenizer>(ClipTokenizer::fromFolder(part("tokenizer").folder));
    c->featureExtractor =
        loadClipImageProcessorConfig(part("feature_extractor").folder / "preprocessor_config.json");
    c->textEncoder = loadCLIPTextModel(config("text_encoder"), part("text_encoder").weights, dtype, encoders);
    // The tokenizer must fit its text encoder: otherwise every prompt fails later with an index error or
    // "too long", blamed on the user.
    const CLIPTextConfig& text = c->textEncoder->config();
    if (c->tokenizer->maxId() >= text.vocabSize)
        fail(ErrorCode::ModelInvalid, (part("tokenizer").folder / "vocab.json").string() + ": token ids go up to " +
                                          std::to_string(c->tokenizer->maxId()) + " but the text encoder has " +
                                          std::to_string(text.vocabSize) +
                                          " embeddings. The tokenizer and text encoder do not belong together.");
    if (c->tokenizer->maxLength() > text.maxPositionEmbeddings)
        fail(ErrorCode::ModelInvalid, (part("tokenizer").folder / "tokenizer_config.json").string() +
                                          ": model_max_length = " + std::to_string(c->tokenizer->maxLength()) +
                                          " is more than the text encoder's " +
                                          std::to_string(text.maxPositionEmbeddings) +
                                          " positions. The tokenizer config is damaged.");
    c->imageEncoder =
        loadCLIPVisionModelWithProjection(config("image_encoder"), part("image_encoder").weights, dtype, encoders);
    c->vae = loadAutoencoderKL(config("vae"), part("vae").weights, dtype, device);
    c->unet = loadI2VGenXLUNet(config("unet"), part("unet").weights, dtype, device);

    // The three cross-attention contexts must agree in width (the reference would fail inside the UNet).
    const auto crossDim = c->unet->config().crossAttentionDim;
    if (c->textEncoder->config().hiddenSize != crossDim || c->imageEncoder->config().projectionDim != crossDim)
        fail(ErrorCode::ModelInvalid, model.root.string() + ": text_encoder hidden_size (" +
                                          std::to_string(c->textEncoder->config().hiddenSize) +
                                          ") and image_encoder projection_dim (" +
                                          std::to_string(c->imageEncoder->config().projectionDim) +
                                          ") must equal unet cross_attention_dim (" + std::to_string(crossDim) + ")");
    return c;
}

} // namespace i2v
