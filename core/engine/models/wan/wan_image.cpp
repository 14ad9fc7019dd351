// diffusers 0.42.1 pipelines/wan/pipeline_wan_i2v.py encode_image, with transformers 5.24.0
// image_processing_backends.py PilBackend (resize / center_crop / rescale / normalize),
// image_transforms.py get_resize_output_image_size and center_crop, models/clip/image_processing_pil_clip.py.

#include "core/engine/models/wan/wan_image.h"

#include "core/base/error.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>

namespace i2v {
namespace {

[[noreturn]] void invalid(const std::filesystem::path& path, const std::string& why)
{
    fail(ErrorCode::ModelInvalid, "image processor config " + path.string() + ": " + why);
}

bool readBool(const nlohmann::json& j, const char* key, bool fallback, const std::filesystem::path& path)
{
    if (!j.contains(key) || j[key].is_null()) {
        return fallback;
    }
    if (!j[key].is_boolean()) {
        invalid(path, std::string("\"") + key + "\" must be true or false");
    }
    return j[key].get<bool>();
}

int readSize(const nlohmann::json& v, const std::string& key, const std::filesystem::path& path)
{
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > 8192) {
        invalid(path, "\"" + key + "\" must be an integer in [1, 8192]");
    }
    return v.get<int>();
}

std::array<float, 3> readTriple(const nlohmann::json& j, const char* key, std::array<float, 3> fallback,
                                const std::filesystem::path& path, bool positive)
{
    if (!j.contains(key) || j[key].is_null()) {
        return fallback;
    }
    const auto& v = j[key];
    std::array<float, 3> out{};
    if (v.is_number()) {
        out.fill(v.get<float>());
    } else if (v.is_array() && v.size() == 3 && v[0].is_number() && v[1].is_number() && v[2].is_number()) {
        for (int i = 0; i < 3; ++i) {
            out[static_cast<std::size_t>(i)] = v[static_cast<std::size_t>(i)].get<float>();
        }
    } else {
        invalid(path, std::string("\"") + key + "\" must be a number or a list of 3 numbers");
    }
    for (const float x : out) {
        if (!std::isfinite(x) || (positive && !(x > 0.0f))) {
            invalid(path, std::string("\"") + key + "\" has an invalid value");
        }
    }
    return out;
}

// Python floor division for ints (the centre-crop offsets may be negative when the crop is larger).
int floorDiv(int a, int b)
{
    int q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        --q;
    }
    return q;
}

} // namespace

WanImageProcessorConfig loadWanImageProcessorConfig(const std::filesystem::path& path)
{
    std::ifstream in(path);
    if (!in) {
        invalid(path, "missing or unreadable");
    }
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        invalid(path, "not a JSON object");
    }
    WanImageProcessorConfig c;
    c.doConvertRgb = readBool(j, "do_convert_rgb", c.doConvertRgb, path);
    c.doResize = readBool(j, "do_resize", c.doResize, path);
    c.doCenterCrop = readBool(j, "do_center_crop", c.doCenterCrop, path);
    c.doRescale = readBool(j, "do_rescale", c.doRescale, path);
    c.doNormalize = readBool(j, "do_normalize", c.doNormalize, path);
    if (j.contains("size") && !j["size"].is_null()) {
        const auto& s = j["size"];
        if (s.is_number()) { // legacy int: the shortest edge (CLIP's default_to_square=False)
            c.shortestEdge = readSize(s, "size", path);
        } else if (s.is_object() && s.contains("shortest_edge")) {
            if (s.contains("longest_edge")) {
                invalid(path, "\"size\" with \"longest_edge\" is not supported");
            }
            c.shortestEdge = readSize(s["shortest_edge"], "size.shortest_edge", path);
        } else if (s.is_object() && s.contains("height") && s.contains("width")) {
            c.shortestEdge = 0;
            c.resizeHeight = readSize(s["height"], "size.height", path);
            c.resizeWidth = readSize(s["width"], "size.width", path);
        } else {
            invalid(path, "\"size\" must be {\"shortest_edge\": n} or {\"height\": h, \"width\": w}");
        }
    }
    if (j.contains("crop_size") && !j["crop_size"].is_null()) {
        const auto& s = j["crop_size"];
        if (s.is_number()) {
            c.cropHeight = c.cropWidth = readSize(s, "crop_size", path);
        } else if (s.is_object() && s.contains("height") && s.contains("width")) {
            c.cropHeight = readSize(s["height"], "crop_size.height", path);
            c.cropWidth = readSize(s["width"], "crop_size.width", path);
        } else {
            invalid(path, "\"crop_size\" must be a number or {\"height\": h, \"width\": w}");
        }
    }
    if (j.contains("resample") && !j["resample"].is_null()) {
        if (!j["resample"].is_number_integer()) {
            invalid(path, "\"resample\" must be a PIL filter code");
        }
        switch (j["resample"].get<int>()) {
        case 2: c.resample = PilFilter::Bilinear; break;
        case 3: c.resample = PilFilter::Bicubic; break;
        case 4: c.resample = PilFilter::Box; break;
        default:
            invalid(path, "\"resample\" = " + std::to_string(j["resample"].get<int>()) +
                              " is not supported (2 bilinear, 3 bicubic, 4 box)");
        }
    }
    if (j.contains("rescale_factor") && !j["rescale_factor"].is_null()) {
        if (!j["rescale_factor"].is_number() || !(j["rescale_factor"].get<double>() > 0.0)) {
            invalid(path, "\"rescale_factor\" must be a positive number");
        }
        c.rescaleFactor = j["rescale_factor"].get<double>();
    }
    c.mean = readTriple(j, "image_mean", c.mean, path, false);
    c.std = readTriple(j, "image_std", c.std, path, true);
    return c;
}

torch::Tensor wanPreprocessImage(const Image& image, const WanImageProcessorConfig& c)
{
    if (image.empty() || static_cast<std::size_t>(image.width) * image.height * 3 != image.rgb.size()) {
        fail(ErrorCode::InvalidArgument, "Wan image encoder: the input image is empty or inconsistent");
    }
    Image current = image;
    if (c.doResize) {
        int outH = c.resizeHeight;
        int outW = c.resizeWidth;
        if (c.shortestEdge > 0) {
            // get_resize_output_image_size(default_to_square=False): short side -> n, long side int(n * long / short).
            const bool widthShort = image.width <= image.height;
            const int shortSide = widthShort ? image.width : image.height;
            const int longSide = widthShort ? image.height : image.width;
            const int newLong = static_cast<int>(static_cast<double>(c.shortestEdge) * longSide / shortSide);
            outW = widthShort ? c.shortestEdge : newLong;
            outH = widthShort ? newLong : c.shortestEdge;
        }
        if (outW < 1 || outH < 1) {
            fail(ErrorCode::InvalidArgument, "Wan image encoder: the image is too thin to resize");
        }
        current = pilResize(current, outW, outH, c.resample);
    }
    if (c.doCenterCrop) {
        // image_transforms.center_crop: offsets floor((orig - crop) / 2); zero padding where the crop is larger.
        const int top = floorDiv(current.height - c.cropHeight, 2);
        const int left = floorDiv(current.width - c.cropWidth, 2);
        current = pilCrop(current, left, top, c.cropWidth, c.cropHeight);
    }
    // CHW float: rescale in float64 then float32 (numpy's rescale), normalise in float32.
    auto pixels = torch::from_blob(current.rgb.data(), {current.height, current.width, 3}, torch::kUInt8)
                      .permute({2, 0, 1})
                      .to(torch::kFloat64);
    if (c.doRescale) {
        pixels = pixels * c.rescaleFactor;
    }
    pixels = pixels.to(torch::kFloat32);
    if (c.doNormalize) {
        const auto mean = torch::tensor({c.mean[0], c.mean[1], c.mean[2]}, torch::kFloat32).view({3, 1, 1});
        const auto std = torch::tensor({c.std[0], c.std[1], c.std[2]}, torch::kFloat32).view({3, 1, 1});
        pixels = (pixels - mean) / std;
    }
    return pixels.unsqueeze(0).contiguous();
}

torch::Tensor wanEncodeImage(CLIPVisionModel& imageEncoder, const Image& image, const WanImageProcessorConfig& config)
{
    return wanEncodeImages(imageEncoder, {image}, config);
}

torch::Tensor wanEncodeImage(CLIPVisionModel& imageEncoder, const torch::Tensor& imageHwcU8,
                             const WanImageProcessorConfig& config)
{
    if (!imageHwcU8.defined() || imageHwcU8.dim() != 3 || imageHwcU8.size(2) != 3 ||
        imageHwcU8.scalar_type() != torch::kUInt8 || imageHwcU8.size(0) < 1 || imageHwcU8.size(1) < 1 ||
        imageHwcU8.size(0) > 65535 || imageHwcU8.size(1) > 65535) {
        fail(ErrorCode::InvalidArgument, "Wan image encoder: the image must be a uint8 [height, width, 3] tensor");
    }
    const auto cpu = imageHwcU8.to(torch::kCPU).contiguous();
    Image image(static_cast<int>(cpu.size(1)), static_cast<int>(cpu.size(0)));
    std::memcpy(image.rgb.data(), cpu.data_ptr<std::uint8_t>(), image.rgb.size());
    return wanEncodeImage(imageEncoder, image, config);
}

torch::Tensor wanEncodeImages(CLIPVisionModel& imageEncoder, const std::vector<Image>& images,
                              const WanImageProcessorConfig& config)
{
    torch::NoGradGuard noGrad;
    if (images.empty()) {
        fail(ErrorCode::InvalidArgument, "Wan image encoder: no image given");
    }
    std::vector<torch::Tensor> batch;
    for (const auto& image : images) {
        batch.push_back(wanPreprocessImage(image, config));
    }
    const auto pixels = torch::cat(batch, 0);
    const auto size = imageEncoder->config().imageSize;
    if (pixels.size(2) != size || pixels.size(3) != size) {
        fail(ErrorCode::InvalidArgument, "Wan image encoder: the image processor makes " +
                                             std::to_string(pixels.size(3)) + "x" + std::to_string(pixels.size(2)) +
                                             " pixels but the image encoder expects " + std::to_string(size) + "x" +
                                             std::to_string(size));
    }
    const torch::Tensor param = imageEncoder->parameters().front();
    return imageEncoder->penultimateHiddenState(pixels.to(param.device()));
}

} // namespace i2v
