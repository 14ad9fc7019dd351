// Loading of a Wan pipeline folder (diffusers 0.42.1 layout). See wan_components.h.
#include "core/engine/models/wan/wan_components.h"

#include "core/base/error.h"
#include "core/engine/models/wan/wan_vae.h"
#include "core/engine/schedulers/flow_scheduler.h"

#include "core/engine/models/clip/modeling_clip.h"
#include "core/engine/models/wan/umt5.h"
#include "core/engine/models/wan/wan_image.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace i2v {

namespace fs = std::filesystem;

WanFolderInfo readWanFolderInfo(const fs::path& folder)
{
    const fs::path file = folder / "model_index.json";
    std::ifstream in(file);
    if (!in)
        fail(ErrorCode::ModelNotFound, file.string() + " not found");
    const nlohmann::json index = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!index.is_object())
        fail(ErrorCode::ModelInvalid, file.string() + ": not a JSON object");
    WanFolderInfo info;
    const auto cls = index.find("_class_name");
    if (cls == index.end() || !cls->is_string())
        fail(ErrorCode::ModelInvalid, file.string() + ": no \"_class_name\"");
    info.pipelineClass = cls->get<std::string>();
    if (const auto it = index.find("expand_timesteps"); it != index.end() && !it->is_null()) {
        if (!it->is_boolean())
            fail(ErrorCode::ModelInvalid, file.string() + ": \"expand_timesteps\" is not true/false");
        info.expandTimesteps = it->get<bool>();
    }
    if (info.pipelineClass != "WanImageToVideoPipeline" &&
        !(info.pipelineClass == "WanPipeline" && info.expandTimesteps))
        fail(ErrorCode::ModelInvalid, file.string() + ": \"_class_name\" is \"" + info.pipelineClass +
                                          "\"; the Wan engine takes WanImageToVideoPipeline, or WanPipeline with "
                                          "\"expand_timesteps\": true (Wan2.2 TI2V)");
    if (const auto it = index.find("boundary_ratio"); it != index.end() && !it->is_null())
        fail(ErrorCode::ModelInvalid, file.string() + ": two-expert Wan2.2 models (boundary_ratio, transformer_2) "
                                                       "are not supported");
    if (const auto it = index.find("transformer_2");
        it != index.end() && it->is_array() && it->size() == 2 && !(*it)[0].is_null())
        fail(ErrorCode::ModelInvalid, file.string() + ": transformer_2 (Wan2.2 A14B) is not supported");
    return info;
}

ModelFolder openWanFolder(const fs::path& folder)
{
    const WanFolderInfo info = readWanFolderInfo(folder);
    ModelFolder model = openModelFolder(folder, /*preferFp16=*/false,
                                        {"tokenizer", "text_encoder", "transformer", "vae", "scheduler"});
    const wan::WanTransformerConfig tc =
        wan::loadWanTransformerConfig(model.component("transformer")->folder / "config.json");
    if (tc.hasImageInput() && (!model.component("image_encoder") || !model.component("image_processor")))
        fail(ErrorCode::ModelInvalid, (folder / "model_index.json").string() +
                                          ": the transformer takes image tokens (image_dim) but the folder lists "
                                          "no image_encoder / image_processor");
    (void)info;
    return model;
}

namespace {
std::string readText(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail(ErrorCode::FileNotFound, path.string() + " not found or unreadable");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
} // namespace

std::shared_ptr<WanComponents> loadWanComponents(const ModelFolder& model, torch::Dtype dtype,
                                                 const torch::Device& device,
                                                 std::optional<torch::Device> encoderDevice, bool streamBlocks)
{
    const WanFolderInfo info = readWanFolderInfo(model.root);
    const auto part = [&](const std::string& name) -> const ModelComponent& {
        const ModelComponent* c = model.component(name);
        if (!c)
            fail(ErrorCode::ModelInvalid, model.root.string() + ": model_index.json lists no \"" + name + "\"");
        return *c;
    };
    auto c = std::make_shared<WanComponents>();
    c->pipelineClass = info.pipelineClass;
    c->expandTimesteps = info.expandTimesteps;
    c->encoderDevice = encoderDevice.value_or(device);

    // Scheduler first (cheap, validates the config).
    c->schedulerSource = (part("scheduler").folder / "scheduler_config.json").string();
    c->schedulerJson = readText(c->schedulerSource);
    (void)makeFlowScheduler(c->schedulerJson, c->schedulerSource);

    // VAE (float32).
    const ModelComponent& vae = part("vae");
    const fs::path vaeConfigPath = vae.folder / "config.json";
    const wan::WanVaeConfig vc = wan::loadWanVaeConfig(vaeConfigPath);
    wan::requireLatentStatistics(vc, vaeConfigPath.string());
    auto vaeModel = wan::loadAutoencoderKLWan(vaeConfigPath, vae.weights, torch::kFloat32, device);
    c->zDim = vc.zDim;
    c->latentsMean = vc.latentsMean;
    c->latentsStd = vc.latentsStd;
    c->vaeScaleSpatial = static_cast<int>(vc.scaleFactorSpatial.value_or(vc.spatialStride()));
    c->vaeScaleTemporal = static_cast<int>(vc.scaleFactorTemporal.value_or(vc.temporalStride()));
    c->vaeDtype = torch::kFloat32;
    c->vaeModule = vaeModel.ptr();
    c->vaeEncodeMean = [vaeModel](const torch::Tensor& video) mutable { return vaeModel->encodeMean(video); };
    c->vaeDecode = [vaeModel](const torch::Tensor& z) mutable { return vaeModel->decode(z); };

    // Transformer.
    const ModelComponent& tr = part("transformer");
    c->transformer = wan::loadWanTransformer(tr.folder / "config.json", tr.weights, dtype,
                                             streamBlocks ? torch::Device(torch::kCPU) : device);
    if (streamBlocks)
        c->streamer = std::make_shared<wan::WanBlockStreamer>(c->transformer, device);
    const wan::WanTransformerConfig& tc = c->transformer->config();
    if (tc.inChannels != (info.expandTimesteps ? vc.zDim : 2 * vc.zDim + vc.temporalStride()) &&
        tc.inChannels != (info.expandTimesteps ? vc.zDim : 2 * vc.zDim + c->vaeScaleTemporal))
        fail(ErrorCode::ModelInvalid, (tr.folder / "config.json").string() + ": in_channels = " +
                                          std::to_string(tc.inChannels) + " does not fit the VAE's z_dim " +
                                          std::to_string(vc.zDim) +
                                          (info.expandTimesteps ? " (TI2V: in_channels = z_dim)"
                                                                : " (I2V: in_channels = 2 * z_dim + 4)"));
    if (tc.outChannels != vc.zDim)
        fail(ErrorCode::ModelInvalid, (tr.folder / "config.json").string() + ": out_channels = " +
                                          std::to_string(tc.outChannels) + " is not the VAE's z_dim " +
                                          std::to_string(vc.zDim));
    c->textDim = tc.textDim;

    // Tokenizer and text encoder.
    c->tokenizer = std::make_shared<T5Tokenizer>(T5Tokenizer::fromFolder(part("tokenizer").folder));
    {
        const ModelComponent& te = part("text_encoder");
        auto encoder = loadUMT5EncoderModel(te.folder / "config.json", te.weights, dtype, c->encoderDevice);
        if (encoder->config().dModel != tc.textDim)
            fail(ErrorCode::ModelInvalid, (te.folder / "config.json").string() + ": d_model = " +
                                              std::to_string(encoder->config().dModel) +
                                              " is not the transformer's text_dim " + std::to_string(tc.textDim));
        c->textEncoderModule = encoder.ptr();
        c->textEncoder = [encoder](const torch::Tensor& ids, const torch::Tensor& mask) mutable {
            return encoder->forward(ids, mask);
        };
    }

    // Image encoder (Wan2.1 I2V).
    if (tc.hasImageInput()) {
        const ModelComponent& ie = part("image_encoder");
        CLIPVisionModel encoder = loadCLIPVisionModel(ie.folder / "config.json", ie.weights, torch::kFloat32,
                                                      c->encoderDevice);
        if (encoder->config().hiddenSize != *tc.imageDim)
            fail(ErrorCode::ModelInvalid, (ie.folder / "config.json").string() + ": hidden_size = " +
                                              std::to_string(encoder->config().hiddenSize) +
                                              " is not the transformer's image_dim " + std::to_string(*tc.imageDim));
        const WanImageProcessorConfig processor =
            loadWanImageProcessorConfig(part("image_processor").folder / "preprocessor_config.json");
        c->imageEncoderModule = encoder.ptr();
        c->imageEncoder = [encoder, processor](const Image& image) mutable {
            return wanEncodeImage(encoder, image, processor);
        };
    }
    return c;
}

} // namespace i2v
