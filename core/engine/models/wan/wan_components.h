#pragma once
// The modules of a Wan pipeline folder (diffusers layout: WanImageToVideoPipeline for Wan2.1 I2V, or
// WanPipeline/WanImageToVideoPipeline with "expand_timesteps": true for Wan2.2 TI2V), built once per model.
// The encoders and the VAE are reached through functions bound at load time (their modules live in
// umt5.h, the CLIP vision tower and wan_vae.h), so the pipeline logic depends only on what it calls.

#include "core/base/image.h"
#include "core/engine/models/wan/wan_transformer.h"
#include "core/engine/runtime/model_folder.h"
#include "core/engine/tokenizer/t5_tokenizer.h"

#include <torch/torch.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace i2v {

struct WanComponents {
    std::string pipelineClass;    // model_index.json _class_name
    bool expandTimesteps = false; // Wan2.2 TI2V: first frame through the mask and per-token timesteps
    std::shared_ptr<T5Tokenizer> tokenizer; // null: prompts cannot be encoded (random-weight bench builds)
    int maxSequenceLength = 512;

    // UMT5 encoder: ids [B, L] int64, mask [B, L] int64 (on the text encoder's device) -> last_hidden_state
    // [B, L, d_model]. `textEncoderModule` is the module (moved in low-VRAM mode).
    std::function<torch::Tensor(const torch::Tensor& ids, const torch::Tensor& mask)> textEncoder;
    std::shared_ptr<torch::nn::Module> textEncoderModule;
    std::int64_t textDim = 0;

    // CLIP vision: image -> hidden_states[-2] of CLIPImageProcessor(image) [1, tokens, hidden] (Wan2.1 only).
    std::function<torch::Tensor(const Image& image)> imageEncoder;
    std::shared_ptr<torch::nn::Module> imageEncoderModule;

    wan::WanTransformer3DModel transformer{nullptr};
    // Block offload: the transformer's blocks stay in (pinned) host memory and are streamed to the device one
    // at a time (wan_transformer.h WanBlockStreamer); null when the transformer is resident.
    std::shared_ptr<wan::WanBlockStreamer> streamer;

    // VAE: encodeMean(video [B, 3, T, H, W] in [-1, 1]) -> posterior mean (unnormalised) [B, z, T', h, w];
    // decode(z unnormalised) -> [B, 3, T, H, W] in [-1, 1].
    std::function<torch::Tensor(const torch::Tensor& video)> vaeEncodeMean;
    std::function<torch::Tensor(const torch::Tensor& z)> vaeDecode;
    std::shared_ptr<torch::nn::Module> vaeModule;
    std::int64_t zDim = 16;
    std::vector<double> latentsMean, latentsStd;
    int vaeScaleSpatial = 8;
    int vaeScaleTemporal = 4;
    torch::Dtype vaeDtype = torch::kFloat32;
    torch::Device encoderDevice = torch::kCPU; // where the encoders live between uses

    std::string schedulerJson;   // scheduler/scheduler_config.json text
    std::string schedulerSource; // its path, for messages

    bool hasImageEncoder() const { return static_cast<bool>(imageEncoder); }
};

// Reads model_index.json of `folder`: the pipeline class and expand_timesteps. Throws I2vError
// (ModelNotFound / ModelInvalid naming the file) for a folder that is not a Wan image-to-video folder.
struct WanFolderInfo {
    std::string pipelineClass;
    bool expandTimesteps = false;
};
WanFolderInfo readWanFolderInfo(const std::filesystem::path& folder);

// Opens `folder` (runtime/model_folder.h) and checks the components the variant needs: tokenizer,
// text_encoder, transformer, vae, scheduler, and for a transformer with image_dim also image_encoder and
// image_processor. Throws I2vError naming the missing part.
ModelFolder openWanFolder(const std::filesystem::path& folder);

// Loads every component in `dtype` on `device` (the VAE and the image encoder in float32, as the reference
// examples run them); the text and image encoders go to `encoderDevice` when given (low-VRAM mode).
// `streamBlocks`: load the transformer into host memory and stream its blocks to `device` (block offload).
std::shared_ptr<WanComponents> loadWanComponents(const ModelFolder& folder, torch::Dtype dtype,
                                                 const torch::Device& device,
                                                 std::optional<torch::Device> encoderDevice = {},
                                                 bool streamBlocks = false);

} // namespace i2v
