#include "core/base/model_shape.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <stdexcept>

namespace i2v {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Published I2VGen-XL sizes, used to calibrate the channel-width approximations.
constexpr std::int64_t kRealUNetParams = 1'420'469'224;
constexpr double kRealUNetWidthSquares = 320.0 * 320 + 640.0 * 640 + 1280.0 * 1280 + 1280.0 * 1280;
constexpr std::int64_t kRealVaeParams = 83'653'863;
constexpr double kRealVaeWidthSquares = 128.0 * 128 + 256.0 * 256 + 512.0 * 512 + 512.0 * 512;

json readJson(const fs::path& path)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error(path.string() + ": missing");
    try {
        return json::parse(in);
    } catch (const std::exception& e) {
        throw std::runtime_error(path.string() + ": invalid JSON (" + e.what() + ")");
    }
}

std::int64_t weightFilesSize(const fs::path& componentDir, int& bytesPerParam)
{
    std::error_code ec;
    std::int64_t fp16 = 0, fp32 = 0;
    for (const auto& entry : fs::directory_iterator(componentDir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() < 12 || name.substr(name.size() - 12) != ".safetensors")
            continue;
        const auto size = static_cast<std::int64_t>(entry.file_size(ec));
        (name.find(".fp16.") != std::string::npos ? fp16 : fp32) += size;
    }
    if (fp16 > 0) {
        bytesPerParam = 2;
        return fp16;
    }
    bytesPerParam = 4;
    return fp32;
}

} // namespace

std::int64_t clipTextParams(int hidden, int intermediate, int layers, int vocab, int positions)
{
    const std::int64_t h = hidden, i = intermediate;
    const std::int64_t perLayer = 4 * h * h + 4 * h   // q, k, v, out projections with bias
                                  + 2 * h * i + i + h // MLP fc1, fc2
                                  + 4 * h;            // two LayerNorms
    return perLayer * layers + static_cast<std::int64_t>(vocab) * h + static_cast<std::int64_t>(positions) * h +
           2 * h; // final LayerNorm
}

std::int64_t clipVisionParams(int hidden, int intermediate, int layers, int imageSize, int patchSize,
                              int projectionDim)
{
    const std::int64_t h = hidden, i = intermediate;
    const std::int64_t patches = static_cast<std::int64_t>(imageSize / patchSize) * (imageSize / patchSize);
    const std::int64_t perLayer = 4 * h * h + 4 * h + 2 * h * i + i + h + 4 * h;
    return 3 * static_cast<std::int64_t>(patchSize) * patchSize * h // patch embedding, no bias
           + h                                                     // class embedding
           + (patches + 1) * h                                     // position embedding
           + 2 * h + 2 * h                                         // pre and post LayerNorm
           + perLayer * layers + h * projectionDim;                // visual projection, no bias
}

std::int64_t approxUNetParams(const UNetShape& unet)
{
    double squares = 0;
    for (int c : unet.blockOutChannels)
        squares += static_cast<double>(c) * c;
    const double layerScale = (unet.layersPerBlock + 1) / 3.0;
    return static_cast<std::int64_t>(std::llround(kRealUNetParams * squares / kRealUNetWidthSquares * layerScale));
}

std::int64_t approxVaeParams(const std::vector<int>& blockOutChannels, int layersPerBlock)
{
    double squares = 0;
    for (int c : blockOutChannels)
        squares += static_cast<double>(c) * c;
    return static_cast<std::int64_t>(
        std::llround(kRealVaeParams * squares / kRealVaeWidthSquares * (layersPerBlock + 1) / 3.0));
}

ModelShape readI2VGenXLShape(const fs::path& folder)
{
    ModelShape shape;
    shape.family = "i2vgen-xl";
    const json unet = readJson(folder / "unet" / "config.json");
    const json vae = readJson(folder / "vae" / "config.json");
    const json text = readJson(folder / "text_encoder" / "config.json");
    const json image = readJson(folder / "image_encoder" / "config.json");
    try {
        shape.unet.blockOutChannels = unet.at("block_out_channels").get<std::vector<int>>();
        for (const auto& t : unet.at("down_block_types"))
            shape.unet.crossAttention.push_back(t.get<std::string>().rfind("CrossAttn", 0) == 0);
        shape.unet.layersPerBlock = unet.value("layers_per_block", 2);
        shape.unet.attentionHeadDim = unet.value("attention_head_dim", 64);
        shape.unet.crossAttentionDim = unet.value("cross_attention_dim", 1024);
        shape.unet.inChannels = unet.value("in_channels", 4);
        const auto vaeChannels = vae.at("block_out_channels").get<std::vector<int>>();
        shape.vaeSpatialFactor = 1 << (static_cast<int>(vaeChannels.size()) - 1);
        shape.vaeFirstChannels = vaeChannels.front();
        shape.latentChannels = vae.value("latent_channels", 4);
        const std::int64_t params =
            approxUNetParams(shape.unet) + approxVaeParams(vaeChannels, vae.value("layers_per_block", 2)) +
            clipTextParams(text.at("hidden_size"), text.at("intermediate_size"), text.at("num_hidden_layers"),
                           text.value("vocab_size", 49408), text.value("max_position_embeddings", 77)) +
            clipVisionParams(image.at("hidden_size"), image.at("intermediate_size"), image.at("num_hidden_layers"),
                             image.at("image_size"), image.at("patch_size"), image.value("projection_dim", 1024));
        shape.weightParams = params;
    } catch (const json::exception& e) {
        throw std::runtime_error(folder.string() + ": unexpected config contents (" + e.what() + ")");
    }
    std::int64_t onDisk = 0;
    int perParam = 2;
    bool allPresent = true;
    for (const char* component : {"unet", "vae", "text_encoder", "image_encoder"}) {
        int bpp = 4;
        const std::int64_t size = weightFilesSize(folder / component, bpp);
        allPresent = allPresent && size > 0;
        onDisk += size;
        perParam = bpp;
    }
    if (allPresent) {
        shape.weightBytesOnDisk = onDisk;
        shape.weightBytesPerParamOnDisk = perParam;
    }
    return shape;
}

ModelShape cameraMotionShape()
{
    ModelShape shape;
    shape.family = "camera-motion";
    shape.vaeSpatialFactor = 1;
    return shape;
}

} // namespace i2v
