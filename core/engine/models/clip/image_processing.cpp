// Port of the I2VGen-XL pipeline's image preprocessing (diffusers v0.31.0
// pipelines/i2vgen_xl/pipeline_i2vgen_xl.py: _center_crop_wide, _resize_bilinear; image_processor.py
// VaeImageProcessor.preprocess/normalize) and of transformers' CLIPImageProcessor.normalize. The resampler
// follows the algorithm of Pillow 9.4 libImaging/Resample.c (8 bits per channel), written from its
// description: same support, coefficient normalisation, fixed-point rounding and pass order.

#include "core/engine/models/clip/image_processing.h"

#include "core/base/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace i2v {
namespace {

// Pillow keeps 8 bits for the result and 2 for overflow of negative/over-unity filter lobes.
constexpr int kPrecisionBits = 32 - 8 - 2;

double boxFilter(double x) { return (x > -0.5 && x <= 0.5) ? 1.0 : 0.0; }

double bilinearFilter(double x)
{
    x = std::fabs(x);
    return x < 1.0 ? 1.0 - x : 0.0;
}

// Pillow's bicubic (a = -0.5, support 2) and lanczos (3-lobe windowed sinc, support 3) kernels.
double bicubicFilter(double x)
{
    constexpr double a = -0.5;
    x = std::fabs(x);
    if (x < 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0)
        return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

double sincFilter(double x)
{
    if (x == 0.0)
        return 1.0;
    x = x * M_PI;
    return std::sin(x) / x;
}

double lanczosFilter(double x)
{
    if (-3.0 <= x && x < 3.0)
        return sincFilter(x) * sincFilter(x / 3);
    return 0.0;
}

double filterSupport(PilFilter filter)
{
    switch (filter) {
    case PilFilter::Box:
        return 0.5;
    case PilFilter::Bilinear:
        return 1.0;
    case PilFilter::Bicubic:
        return 2.0;
    case PilFilter::Lanczos:
        return 3.0;
    }
    return 1.0;
}

double filterValue(PilFilter filter, double x)
{
    switch (filter) {
    case PilFilter::Box:
        return boxFilter(x);
    case PilFilter::Bilinear:
        return bilinearFilter(x);
    case PilFilter::Bicubic:
        return bicubicFilter(x);
    case PilFilter::Lanczos:
        return lanczosFilter(x);
    }
    return 0.0;
}

// Per output pixel: first input index, number of taps, and `ksize` fixed-point weights.
struct Coefficients {
    int ksize = 0;
    std::vector<int> first;
    std::vector<int> count;
    std::vector<std::int32_t> weights; // outSize * ksize
};

Coefficients computeCoefficients(int inSize, int outSize, PilFilter filter)
{
    const double baseSupport = filterSupport(filter);
    const double scale = static_cast<double>(inSize) / outSize;
    const double filterScale = std::max(scale, 1.0);
    const double support = baseSupport * filterScale;
    Coefficients c;
    c.ksize = static_cast<int>(std::ceil(support)) * 2 + 1;
    c.first.resize(outSize);
    c.count.resize(outSize);
    c.weights.assign(static_cast<std::size_t>(outSize) * c.ksize, 0);
    std::vector<double> w(c.ksize);
    for (int xx = 0; xx < outSize; ++xx) {
        const double center = (xx + 0.5) * scale;
        const double invScale = 1.0 / filterScale;
        // Pillow rounds the window ends by truncating value + 0.5 (C int conversion), then clamps.
        int xmin = static_cast<int>(center - support + 0.5);
        xmin = std::max(xmin, 0);
        int xmax = static_cast<int>(center + support + 0.5);
        xmax = std::min(xmax, inSize);
        const int n = xmax - xmin;
        double total = 0.0;
        for (int x = 0; x < n; ++x) {
            const double arg = (x + xmin - center + 0.5) * invScale;
            w[x] = filterValue(filter, arg);
            total += w[x];
        }
        std::int32_t* out = &c.weights[static_cast<std::size_t>(xx) * c.ksize];
        for (int x = 0; x < n; ++x) {
            const double v = total != 0.0 ? w[x] / total : w[x];
            const double fixed = v * static_cast<double>(1 << kPrecisionBits);
            out[x] = static_cast<std::int32_t>(v < 0 ? fixed - 0.5 : fixed + 0.5);
        }
        c.first[xx] = xmin;
        c.count[xx] = n;
    }
    return c;
}

std::uint8_t clip8(std::int32_t acc)
{
    const std::int32_t v = acc >> kPrecisionBits; // arithmetic shift, as in Pillow
    return static_cast<std::uint8_t>(std::clamp(v, 0, 255));
}

// One separable pass. Horizontal: along x for every row. Vertical: along y for every column.
Image resamplePass(const Image& in, int outSize, bool horizontal, PilFilter filter)
{
    const int inSize = horizontal ? in.width : in.height;
    const Coefficients c = computeCoefficients(inSize, outSize, filter);
    Image out(horizontal ? outSize : in.width, horizontal ? in.height : outSize);
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            const int o = horizontal ? x : y;
            const std::int32_t* k = &c.weights[static_cast<std::size_t>(o) * c.ksize];
            std::int32_t acc[3] = {1 << (kPrecisionBits - 1), 1 << (kPrecisionBits - 1),
                                   1 << (kPrecisionBits - 1)};
            for (int t = 0; t < c.count[o]; ++t) {
                const int s = c.first[o] + t;
                const std::uint8_t* p = horizontal ? in.pixel(s, y) : in.pixel(x, s);
                for (int ch = 0; ch < 3; ++ch) {
                    acc[ch] += static_cast<std::int32_t>(p[ch]) * k[t];
                }
            }
            std::uint8_t* q = out.pixel(x, y);
            for (int ch = 0; ch < 3; ++ch) {
                q[ch] = clip8(acc[ch]);
            }
        }
    }
    return out;
}

// Python's float floor division (Objects/floatobject.c float_floor_div), so that `W // s` matches.
double pyFloorDiv(double vx, double wx)
{
    double mod = std::fmod(vx, wx);
    double div = (vx - mod) / wx;
    if (mod != 0.0 && ((wx < 0) != (mod < 0))) {
        div -= 1.0;
    }
    if (div == 0.0) {
        return std::copysign(0.0, vx / wx);
    }
    double floorDiv = std::floor(div);
    if (div - floorDiv > 0.5) {
        floorDiv += 1.0;
    }
    return floorDiv;
}

int pyFloorDivInt(int a, int b)
{
    int q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        --q;
    }
    return q;
}

torch::Tensor toChw(const Image& image)
{
    // [H, W, 3] uint8 -> [1, 3, H, W] float32 in [0, 1]
    auto hwc = torch::from_blob(const_cast<std::uint8_t*>(image.rgb.data()), {image.height, image.width, 3},
                                torch::kUInt8);
    return hwc.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat32).div(255.0f).contiguous();
}

} // namespace

Image pilResize(const Image& src, int outWidth, int outHeight, PilFilter filter)
{
    if (src.empty() || static_cast<std::size_t>(src.width) * src.height * 3 != src.rgb.size()) {
        fail(ErrorCode::InvalidArgument, "image resize: the source image is empty or inconsistent");
    }
    if (outWidth <= 0 || outHeight <= 0) {
        fail(ErrorCode::InvalidArgument, "image resize: output size " + std::to_string(outWidth) + "x" +
                                             std::to_string(outHeight) + " must be positive");
    }
    // Like Pillow, a pass whose size does not change is skipped (it would be the identity anyway).
    Image current = src;
    if (outWidth != src.width) {
        current = resamplePass(current, outWidth, true, filter);
    }
    if (outHeight != src.height) {
        current = resamplePass(current, outHeight, false, filter);
    }
    return current;
}

Image pilCrop(const Image& src, int x0, int y0, int width, int height)
{
    if (width <= 0 || height <= 0) {
        fail(ErrorCode::InvalidArgument, "image crop: size " + std::to_string(width) + "x" +
                                             std::to_string(height) + " must be positive");
    }
    Image out(width, height);
    for (int y = 0; y < height; ++y) {
        const int sy = y0 + y;
        if (sy < 0 || sy >= src.height) {
            continue;
        }
        for (int x = 0; x < width; ++x) {
            const int sx = x0 + x;
            if (sx >= 0 && sx < src.width) {
                std::copy_n(src.pixel(sx, sy), 3, out.pixel(x, y));
            }
        }
    }
    return out;
}

Image centerCropWide(const Image& src, int width, int height)
{
    if (src.empty() || width <= 0 || height <= 0) {
        fail(ErrorCode::InvalidArgument, "centre crop: empty image or non-positive target size");
    }
    const double scale = std::min(static_cast<double>(src.width) / width, static_cast<double>(src.height) / height);
    // round() of an integral float is exact; floor division gives an integral value.
    const int resizedW = static_cast<int>(pyFloorDiv(src.width, scale));
    const int resizedH = static_cast<int>(pyFloorDiv(src.height, scale));
    const Image resized = pilResize(src, resizedW, resizedH, PilFilter::Box);
    const int x1 = pyFloorDivInt(resized.width - width, 2);
    const int y1 = pyFloorDivInt(resized.height - height, 2);
    return pilCrop(resized, x1, y1, width, height);
}

torch::Tensor imageToUnitTensor(const Image& image)
{
    if (image.empty()) {
        fail(ErrorCode::InvalidArgument, "image to tensor: the image is empty");
    }
    return toChw(image);
}

ClipImageProcessorConfig loadClipImageProcessorConfig(const std::filesystem::path& path)
{
    std::ifstream in(path);
    if (!in) {
        fail(ErrorCode::ModelInvalid, "feature extractor config " + path.string() + " is missing or unreadable");
    }
    ClipImageProcessorConfig config;
    try {
        const auto j = nlohmann::json::parse(in);
        // Read wide and bounded: 2^40 must not wrap into a plausible size (or reserve gigabytes).
        const auto side = [&](const nlohmann::json& v) {
            const double n = v.get<double>();
            if (!(n >= 1 && n <= 4096 && n == std::floor(n)))
                fail(ErrorCode::ModelInvalid, path.string() + ": crop_size " + v.dump() +
                                                  " is outside 1..4096. The feature extractor config is damaged.");
            return static_cast<int>(n);
        };
        const auto& crop = j.at("crop_size");
        if (crop.is_object()) {
            config.cropWidth = side(crop.at("width"));
            config.cropHeight = side(crop.at("height"));
        } else {
            config.cropWidth = config.cropHeight = side(crop);
        }
        // Optional for the I2VGen-XL pipeline (it resizes itself); used by preprocessForClipProcessor.
        if (j.contains("size")) {
            const auto& size = j.at("size");
            if (size.is_object() && size.contains("shortest_edge"))
                config.shortestEdge = side(size.at("shortest_edge"));
            else if (size.is_object() && size.contains("height") && size.contains("width")) {
                config.resizeHeight = side(size.at("height"));
                config.resizeWidth = side(size.at("width"));
            } else if (size.is_number())
                config.shortestEdge = side(size);
        }
        if (j.contains("resample") && j.at("resample").is_number_integer()) {
            // Only preprocessForClipProcessor resamples with it; it refuses other values (the I2VGen-XL
            // pipeline resizes with its own filters and ignores this key).
            config.resampleCode = j.at("resample").get<int>();
            if (config.resampleCode == 2)
                config.resample = PilFilter::Bilinear;
        }
        if (j.contains("do_center_crop") && j.at("do_center_crop").is_boolean())
            config.doCenterCrop = j.at("do_center_crop").get<bool>();
        const auto mean = j.at("image_mean").get<std::vector<float>>();
        const auto stdDev = j.at("image_std").get<std::vector<float>>();
        if (mean.size() != 3 || stdDev.size() != 3) {
            fail(ErrorCode::ModelInvalid, path.string() + ": image_mean and image_std need 3 values");
        }
        for (int c = 0; c < 3; ++c) {
            // image_std 0 divides every pixel by zero: an all-NaN picture and a black clip without an error.
            if (!std::isfinite(mean[c]) || !std::isfinite(stdDev[c]) || !(stdDev[c] > 0))
                fail(ErrorCode::ModelInvalid, path.string() + ": image_mean must be finite and image_std positive "
                                                              "(channel " + std::to_string(c) +
                                                  "). The feature extractor config is damaged.");
        }
        std::copy_n(mean.begin(), 3, config.mean.begin());
        std::copy_n(stdDev.begin(), 3, config.std.begin());
    } catch (const nlohmann::json::exception& e) {
        fail(ErrorCode::ModelInvalid, path.string() + ": " + e.what());
    }
    if (config.cropWidth <= 0 || config.cropHeight <= 0) {
        fail(ErrorCode::ModelInvalid, path.string() + ": crop_size must be positive");
    }
    return config;
}

ClipImageInput preprocessForClip(const Image& image, int width, const ClipImageProcessorConfig& config)
{
    ClipImageInput result;
    result.centerCrop = centerCropWide(image, width, width);
    result.resized = pilResize(result.centerCrop, config.cropWidth, config.cropHeight, PilFilter::Bilinear);
    const auto mean = torch::tensor({config.mean[0], config.mean[1], config.mean[2]}).view({1, 3, 1, 1});
    const auto stdDev = torch::tensor({config.std[0], config.std[1], config.std[2]}).view({1, 3, 1, 1});
    result.pixelValues = (toChw(result.resized) - mean) / stdDev;
    return result;
}

torch::Tensor preprocessForClipProcessor(const Image& image, const ClipImageProcessorConfig& config)
{
    if (image.empty()) {
        fail(ErrorCode::InvalidArgument, "CLIP image processor: the image is empty");
    }
    if (config.resampleCode != 2 && config.resampleCode != 3) {
        fail(ErrorCode::ModelInvalid, "preprocessor_config.json: resample " + std::to_string(config.resampleCode) +
                                          " is not supported (2 bilinear, 3 bicubic)");
    }
    Image current = image;
    if (config.shortestEdge > 0) {
        // transformers get_resize_output_image_size(default_to_square=False): the short side becomes
        // shortest_edge, the long side int(shortest_edge * long / short).
        const bool wide = image.width >= image.height;
        const int shortSide = wide ? image.height : image.width;
        const int longSide = wide ? image.width : image.height;
        const int newLong = static_cast<int>(static_cast<double>(config.shortestEdge) * longSide / shortSide);
        const int newW = wide ? std::max(newLong, 1) : config.shortestEdge;
        const int newH = wide ? config.shortestEdge : std::max(newLong, 1);
        if (newW != current.width || newH != current.height)
            current = pilResize(current, newW, newH, config.resample);
    } else if (config.resizeWidth > 0 && config.resizeHeight > 0) {
        current = pilResize(current, config.resizeWidth, config.resizeHeight, config.resample);
    }
    if (config.doCenterCrop) {
        // transformers center_crop: top = (H - crop_h) // 2 (pads with zeros when the image is smaller).
        current = pilCrop(current, pyFloorDivInt(current.width - config.cropWidth, 2),
                          pyFloorDivInt(current.height - config.cropHeight, 2), config.cropWidth, config.cropHeight);
    }
    const auto mean = torch::tensor({config.mean[0], config.mean[1], config.mean[2]}).view({1, 3, 1, 1});
    const auto stdDev = torch::tensor({config.std[0], config.std[1], config.std[2]}).view({1, 3, 1, 1});
    return (toChw(current) - mean) / stdDev;
}

VaeImageInput preprocessForVae(const Image& image, int width, int height)
{
    VaeImageInput result;
    result.centerCrop = centerCropWide(image, width, height);
    result.pixelValues = toChw(result.centerCrop) * 2.0f - 1.0f;
    return result;
}

} // namespace i2v
