#pragma once
// Wan2.1's image conditioning (diffusers 0.42.1 pipelines/wan/pipeline_wan_i2v.py encode_image):
// image_processor(images=image) -> image_encoder(pixel_values, output_hidden_states=True).hidden_states[-2].
// The processor is transformers 5.24's CLIPImageProcessor read from image_processor/preprocessor_config.json,
// reproduced as its PIL backend (CLIPImageProcessorPil: PIL resize of the uint8 image, numpy centre crop,
// rescale and normalise in float32). With torchvision installed, transformers uses a torchvision backend
// whose antialiased resize differs from PIL's by a few uint8 levels; the goldens use the PIL one.

#include "core/base/image.h"
#include "core/engine/models/clip/image_processing.h"
#include "core/engine/models/clip/modeling_clip.h"

#include <array>
#include <filesystem>
#include <vector>

namespace i2v {

struct WanImageProcessorConfig {
    bool doConvertRgb = true; // an Image is RGB already
    bool doResize = true;
    int shortestEdge = 224;   // size {"shortest_edge": n}; 0 when size gives height/width
    int resizeHeight = 0;     // size {"height", "width"}
    int resizeWidth = 0;
    PilFilter resample = PilFilter::Bicubic; // PIL code 2 bilinear, 3 bicubic, 4 box
    bool doCenterCrop = true;
    int cropHeight = 224;
    int cropWidth = 224;
    bool doRescale = true;
    double rescaleFactor = 1.0 / 255.0;
    bool doNormalize = true;
    std::array<float, 3> mean{0.48145466f, 0.4578275f, 0.40821073f}; // OPENAI_CLIP_MEAN
    std::array<float, 3> std{0.26862954f, 0.26130258f, 0.27577711f}; // OPENAI_CLIP_STD
};

// Reads image_processor/preprocessor_config.json. Throws I2vError(ModelInvalid) naming the file and key
// for a missing file, a malformed value, sizes outside [1, 8192] or an unsupported resample filter.
WanImageProcessorConfig loadWanImageProcessorConfig(const std::filesystem::path& path);

// pixel_values [1, 3, cropH, cropW] float32 (CPU). InvalidArgument for an empty image.
torch::Tensor wanPreprocessImage(const Image& image, const WanImageProcessorConfig& config);

// -> image_embeds [1, 1 + patches, hidden] (Wan2.1 real config: [1, 257, 1280]) in the encoder's dtype, on its
// device. The processed size must equal the encoder's image_size (else InvalidArgument).
torch::Tensor wanEncodeImage(CLIPVisionModel& imageEncoder, const Image& image, const WanImageProcessorConfig& config);
// The same from a uint8 [H, W, 3] RGB tensor (any device); another shape or dtype is InvalidArgument.
torch::Tensor wanEncodeImage(CLIPVisionModel& imageEncoder, const torch::Tensor& imageHwcU8,
                             const WanImageProcessorConfig& config);

// Several images at once (the pipeline's encode_image([image, last_image]) for first/last-frame models):
// -> [N, 1 + patches, hidden]. An empty list is InvalidArgument.
torch::Tensor wanEncodeImages(CLIPVisionModel& imageEncoder, const std::vector<Image>& images,
                              const WanImageProcessorConfig& config);

} // namespace i2v
