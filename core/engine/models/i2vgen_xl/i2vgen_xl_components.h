#pragma once
// The modules of an I2VGen-XL pipeline folder (diffusers layout), built and loaded once per model.
// Submodule folder names equal the model_index.json keys.

#include "core/engine/models/clip/image_processing.h"
#include "core/engine/models/clip/modeling_clip.h"
#include "core/engine/models/i2vgen_xl/unet_i2vgen_xl.h"
#include "core/engine/models/vae/autoencoder_kl.h"
#include "core/engine/runtime/model_folder.h"
#include "core/engine/schedulers/scheduling_ddim.h"
#include "core/engine/tokenizer/clip_tokenizer.h"

#include <filesystem>
#include <memory>
#include <optional>

namespace i2v {

struct I2VGenXLComponents {
    std::shared_ptr<ClipTokenizer> tokenizer;     // may be null (benchmark on config-only folders)
    CLIPTextModel textEncoder{nullptr};
    CLIPVisionModelWithProjection imageEncoder{nullptr};
    ClipImageProcessorConfig featureExtractor;
    AutoencoderKL vae{nullptr};
    i2vgenxl::I2VGenXLUNet unet{nullptr};
    DDIMSchedulerConfig scheduler;
};

// Opens `folder` (runtime/model_folder.h; *.fp16.safetensors preferred for float16) and checks that
// model_index.json names I2VGenXLPipeline with every component. Throws I2vError naming the missing part.
ModelFolder openI2VGenXLFolder(const std::filesystem::path& folder, torch::Dtype dtype);
// Loads every component of an opened folder in `dtype` on `device` (strict weights); the text and image
// encoders go to `encoderDevice` instead when given (low-VRAM mode keeps them in system RAM between
// uses). Throws I2vError.
std::shared_ptr<I2VGenXLComponents> loadI2VGenXLComponents(const ModelFolder& folder, torch::Dtype dtype,
                                                           const torch::Device& device,
                                                           std::optional<torch::Device> encoderDevice = {});
// Builds the UNet from config.json directly on `device` in `dtype` and loads `weights` strictly; eval mode.
i2vgenxl::I2VGenXLUNet loadI2VGenXLUNet(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                                        torch::Dtype dtype, const torch::Device& device);

} // namespace i2v
