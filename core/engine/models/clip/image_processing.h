#pragma once
// The I2VGen-XL pipeline's image preprocessing (diffusers pipeline_i2vgen_xl.py `_center_crop_wide`,
// `_resize_bilinear`, VaeImageProcessor.preprocess; transformers CLIPImageProcessor normalisation).
// The resizes reproduce Pillow's BOX, BILINEAR and BICUBIC resamplers (libImaging/Resample.c, 8-bit path: 22-bit
// fixed-point coefficients, separable horizontal-then-vertical passes with uint8 rounding in between) so
// the uint8 crops are bit-identical to PIL's.

#include "core/base/image.h"

#include <torch/torch.h>

#include <array>
#include <filesystem>

namespace i2v {

// Pillow's resamplers: BOX, BILINEAR, BICUBIC (a = -0.5) and LANCZOS (3 lobes).
enum class PilFilter { Box, Bilinear, Bicubic, Lanczos };

// PIL `Image.resize((outWidth, outHeight), filter)` of an RGB image (no reducing_gap, full-image box).
// Throws I2vError(InvalidArgument) for an empty source or a non-positive output size.
Image pilResize(const Image& src, int outWidth, int outHeight, PilFilter filter);

// PIL `Image.crop((x0, y0, x0 + width, y0 + height))`: pixels outside the source are black.
Image pilCrop(const Image& src, int x0, int y0, int width, int height);

// diffusers `_center_crop_wide(image, (width, height))`: scale s = min(W / width, H / height), BOX resize to
// (round(W // s), round(H // s)) with Python float floor division, then the centred width x height window
// (offsets floored). Result is exactly width x height.
Image centerCropWide(const Image& src, int width, int height);

// [1, 3, H, W] float32 in [0, 1] (u8 / 255), channels RGB.
torch::Tensor imageToUnitTensor(const Image& image);

// Normalisation of transformers' CLIPImageProcessor, read from feature_extractor/preprocessor_config.json.
struct ClipImageProcessorConfig {
    int cropWidth = 224;
    int cropHeight = 224;
    int shortestEdge = 0;               // size.shortest_edge (0 = absent)
    int resizeWidth = 0, resizeHeight = 0; // size.{width,height} when given instead
    PilFilter resample = PilFilter::Bicubic; // "resample": 2 bilinear, 3 bicubic (CLIP's default)
    int resampleCode = 3;                    // the file's value; preprocessForClipProcessor refuses others
    bool doCenterCrop = true;
    std::array<float, 3> mean{};
    std::array<float, 3> std{};
};
// Throws I2vError(ModelInvalid) naming the file and key when the file is missing or malformed.
ClipImageProcessorConfig loadClipImageProcessorConfig(const std::filesystem::path& path);

// transformers' CLIPImageProcessor (PIL backend) on one image, as a CLIPModel scorer feeds it: resize
// (shortest edge, PIL resampler of `resample`), centre crop (floor offsets, zero padding), /255, normalise.
// [1, 3, cropH, cropW] float32. Throws I2vError(InvalidArgument) for an empty image.
torch::Tensor preprocessForClipProcessor(const Image& image, const ClipImageProcessorConfig& config);

// What the pipeline feeds the CLIP image encoder for a request of output width `width`.
struct ClipImageInput {
    Image centerCrop;           // _center_crop_wide(image, (width, width))
    Image resized;              // BILINEAR resize of centerCrop to crop size
    torch::Tensor pixelValues;  // [1, 3, cropH, cropW] float32, (u8 / 255 - mean) / std
};
ClipImageInput preprocessForClip(const Image& image, int width, const ClipImageProcessorConfig& config);

// What the pipeline feeds the VAE encoder: _center_crop_wide(image, (width, height)) scaled to [-1, 1].
struct VaeImageInput {
    Image centerCrop;           // width x height
    torch::Tensor pixelValues;  // [1, 3, height, width] float32, u8 / 255 * 2 - 1
};
VaeImageInput preprocessForVae(const Image& image, int width, int height);

} // namespace i2v
