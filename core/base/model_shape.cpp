#include "core/base/model_shape.h"

#include "core/base/json_limits.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
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
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error(path.string() + ": missing");
    std::ostringstream text;
    text << in.rdbuf();
    bool tooDeep = false;
    json j = parseJsonLimited(text.str(), &tooDeep);
    if (j.is_discarded())
        throw std::runtime_error(path.string() + (tooDeep ? ": JSON nested too deeply" : ": invalid JSON"));
    if (!j.is_object())
        throw std::runtime_error(path.string() + ": not a JSON object");
    return j;
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

// An integer config value in [lo, hi] (a float with an integral value counts; anything else is refused
// before it is converted: a huge float cast to int is undefined behaviour). Names the file and the key.
int boundedInt(const json& v, const char* key, int lo, int hi, const fs::path& file)
{
    double d = 0;
    if (v.is_number_integer())
        d = v.is_number_unsigned() ? static_cast<double>(v.get<std::uint64_t>()) : static_cast<double>(v.get<std::int64_t>());
    else if (v.is_number_float() && std::isfinite(v.get<double>()) && std::floor(v.get<double>()) == v.get<double>())
        d = v.get<double>();
    else
        throw std::runtime_error(file.string() + ": \"" + key + "\" must be a whole number, not " +
                                 (v.is_number() ? v.dump() : std::string(v.type_name())));
    if (d < lo || d > hi)
        throw std::runtime_error(file.string() + ": \"" + key + "\" = " + v.dump() + " is outside " +
                                 std::to_string(lo) + ".." + std::to_string(hi));
    return static_cast<int>(d);
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
    const fs::path unetFile = folder / "unet" / "config.json", vaeFile = folder / "vae" / "config.json",
                   textFile = folder / "text_encoder" / "config.json",
                   imageFile = folder / "image_encoder" / "config.json";
    const json unet = readJson(unetFile);
    const json vae = readJson(vaeFile);
    const json text = readJson(textFile);
    const json image = readJson(imageFile);
    // Every number is bounded before it is used (issue 14: the fuzzer found a negative shift from an empty
    // vae block_out_channels and a division by a zero patch_size); the bounds keep the parameter sums
    // far inside int64.
    constexpr int kMaxWidth = 1 << 16, kMaxLayers = 1024;
    const auto list = [](const json& j, const char* key, const fs::path& file) {
        const json& v = j.at(key);
        if (!v.is_array() || v.empty() || v.size() > 8)
            throw std::runtime_error(file.string() + ": \"" + key + "\" must be a list of 1 to 8 channel counts");
        std::vector<int> out;
        for (const json& c : v)
            out.push_back(boundedInt(c, key, 1, kMaxWidth, file));
        return out;
    };
    try {
        shape.unet.blockOutChannels = list(unet, "block_out_channels", unetFile);
        for (const auto& t : unet.at("down_block_types"))
            shape.unet.crossAttention.push_back(t.get<std::string>().rfind("CrossAttn", 0) == 0);
        shape.unet.layersPerBlock = boundedInt(unet.value("layers_per_block", json(2)), "layers_per_block", 1, 64, unetFile);
        shape.unet.attentionHeadDim =
            boundedInt(unet.value("attention_head_dim", json(64)), "attention_head_dim", 1, kMaxWidth, unetFile);
        shape.unet.crossAttentionDim =
            boundedInt(unet.value("cross_attention_dim", json(1024)), "cross_attention_dim", 1, kMaxWidth, unetFile);
        shape.unet.inChannels = boundedInt(unet.value("in_channels", json(4)), "in_channels", 1, 1024, unetFile);
        const std::vector<int> vaeChannels = list(vae, "block_out_channels", vaeFile);
        shape.vaeSpatialFactor = 1 << (static_cast<int>(vaeChannels.size()) - 1);
        shape.vaeFirstChannels = vaeChannels.front();
        shape.latentChannels = boundedInt(vae.value("latent_channels", json(4)), "latent_channels", 1, 1024, vaeFile);
        const int vaeLayers = boundedInt(vae.value("layers_per_block", json(2)), "layers_per_block", 1, 64, vaeFile);
        const auto textInt = [&](const char* key, int lo, int hi) { return boundedInt(text.at(key), key, lo, hi, textFile); };
        const auto imageInt = [&](const char* key, int lo, int hi) { return boundedInt(image.at(key), key, lo, hi, imageFile); };
        const int imageSize = imageInt("image_size", 1, 1 << 14);
        const std::int64_t textParams =
            clipTextParams(textInt("hidden_size", 1, kMaxWidth), textInt("intermediate_size", 1, 4 * kMaxWidth),
                           textInt("num_hidden_layers", 1, kMaxLayers),
                           boundedInt(text.value("vocab_size", json(49408)), "vocab_size", 1, 1 << 22, textFile),
                           boundedInt(text.value("max_position_embeddings", json(77)), "max_position_embeddings", 1,
                                      1 << 16, textFile));
        const std::int64_t imageParams =
            clipVisionParams(imageInt("hidden_size", 1, kMaxWidth), imageInt("intermediate_size", 1, 4 * kMaxWidth),
                             imageInt("num_hidden_layers", 1, kMaxLayers), imageSize,
                             imageInt("patch_size", 1, imageSize),
                             boundedInt(image.value("projection_dim", json(1024)), "projection_dim", 1, kMaxWidth,
                                        imageFile));
        shape.weightParams = approxUNetParams(shape.unet) + approxVaeParams(vaeChannels, vaeLayers) + textParams +
                             imageParams;
        // pipeline_i2vgen_xl.h: low-VRAM mode keeps both CLIP towers in system RAM.
        shape.offloadsEncoders = true;
        shape.encoderParams = textParams + imageParams;
        shape.largestEncoderParams = std::max(textParams, imageParams);
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

std::int64_t wanTransformerParams(int layers, int heads, int headDim, int ffnDim, int inChannels, int outChannels,
                                  int textDim, int freqDim, int patchT, int patchH, int patchW, int imageDim,
                                  int addedKvProjDim, bool crossAttnNorm, int posEmbedSeqLen)
{
    const std::int64_t d = static_cast<std::int64_t>(heads) * headDim;
    const std::int64_t patch = static_cast<std::int64_t>(patchT) * patchH * patchW;
    const std::int64_t linear = d * d + d;
    std::int64_t block = 2 * (4 * linear + 2 * d);                                // attn1, attn2 (+ q/k RMS norms)
    if (addedKvProjDim > 0)
        block += 2 * (static_cast<std::int64_t>(addedKvProjDim) * d + d) + d;    // add_k/v_proj + norm_added_k
    if (crossAttnNorm)
        block += 2 * d;                                                           // norm2 (affine)
    block += d * ffnDim + ffnDim + static_cast<std::int64_t>(ffnDim) * d + d;     // ffn
    block += 6 * d;                                                               // scale_shift_table
    std::int64_t other = static_cast<std::int64_t>(inChannels) * d * patch + d;  // patch_embedding
    other += static_cast<std::int64_t>(freqDim) * d + d + linear;                 // time_embedder
    other += d * 6 * d + 6 * d;                                                   // time_proj
    other += static_cast<std::int64_t>(textDim) * d + d + linear;                 // text_embedder
    if (imageDim > 0) {
        const std::int64_t i = imageDim;
        other += 2 * i + (i * i + i) + (i * d + d) + 2 * d;                      // image_embedder
        if (posEmbedSeqLen > 0)
            other += static_cast<std::int64_t>(posEmbedSeqLen) * i;
    }
    other += d * outChannels * patch + outChannels * patch;                       // proj_out
    other += 2 * d;                                                               // scale_shift_table
    return block * layers + other;
}

std::int64_t umt5EncoderParams(int dModel, int dKv, int dFf, int layers, int heads, int vocab, int buckets, bool gated)
{
    const std::int64_t d = dModel, inner = static_cast<std::int64_t>(heads) * dKv;
    const std::int64_t perLayer = 4 * d * inner + static_cast<std::int64_t>(buckets) * heads + 2 * d +
                                  (gated ? 3 : 2) * d * dFf;
    return static_cast<std::int64_t>(vocab) * d + perLayer * layers + d;
}

ModelShape readWanShape(const fs::path& folder)
{
    ModelShape shape;
    const json index = readJson(folder / "model_index.json");
    const json tr = readJson(folder / "transformer" / "config.json");
    const json vae = readJson(folder / "vae" / "config.json");
    const json text = readJson(folder / "text_encoder" / "config.json");
    try {
        const bool ti2v = index.value("expand_timesteps", false) == true;
        shape.family = ti2v ? "wan2.2-ti2v" : "wan2.1-i2v";
        TransformerShape& t = shape.transformer;
        const auto patch = tr.value("patch_size", std::vector<int>{1, 2, 2});
        if (patch.size() != 3)
            throw std::runtime_error("patch_size must have 3 entries");
        t.patchT = patch[0];
        t.patchH = patch[1];
        t.patchW = patch[2];
        t.numLayers = tr.value("num_layers", 40);
        t.heads = tr.value("num_attention_heads", 40);
        const int headDim = tr.value("attention_head_dim", 128);
        t.dim = t.heads * headDim;
        t.ffnDim = tr.value("ffn_dim", 13824);
        const auto optInt = [](const json& j, const char* key) {
            const auto it = j.find(key);
            return it == j.end() || it->is_null() ? 0 : it->get<int>();
        };
        const int imageDim = optInt(tr, "image_dim");
        const int inCh = tr.value("in_channels", 16);
        const int outCh = optInt(tr, "out_channels") > 0 ? optInt(tr, "out_channels") : inCh;
        t.params = wanTransformerParams(t.numLayers, t.heads, headDim, t.ffnDim, inCh, outCh, tr.value("text_dim", 4096),
                                        tr.value("freq_dim", 256), t.patchT, t.patchH, t.patchW, imageDim,
                                        optInt(tr, "added_kv_proj_dim"), tr.value("cross_attn_norm", true),
                                        optInt(tr, "pos_embed_seq_len"));
        const std::string act = text.value("feed_forward_proj", std::string("gated-gelu"));
        shape.largestTensorParams = static_cast<std::int64_t>(text.at("vocab_size").get<int>()) *
                                    text.at("d_model").get<int>();
        t.textEncoderParams = umt5EncoderParams(text.at("d_model"), text.at("d_kv"), text.at("d_ff"),
                                                text.at("num_layers"), text.at("num_heads"), text.at("vocab_size"),
                                                text.value("relative_attention_num_buckets", 32),
                                                act.rfind("gated", 0) == 0);
        if (imageDim > 0 && fs::exists(folder / "image_encoder" / "config.json")) {
            const json image = readJson(folder / "image_encoder" / "config.json");
            const int size = image.at("image_size"), p = image.at("patch_size");
            t.imageTokens = (size / p) * (size / p) + 1;
            t.imageEncoderParams = clipVisionParams(image.at("hidden_size"), image.at("intermediate_size"),
                                                    image.at("num_hidden_layers"), size, p, 0);
        }
        // AutoencoderKLWan: the 2.1 VAE has 126.9 M parameters at base_dim 96 and the 2.2 one 704.7 M at
        // base 160 / decoder 256; scaled by the squared widths of other configs.
        const int base = vae.value("base_dim", 96);
        const int decoderBase = optInt(vae, "decoder_base_dim") > 0 ? optInt(vae, "decoder_base_dim") : base;
        const bool residual = vae.value("is_residual", false);
        t.vaeParams = residual ? static_cast<std::int64_t>(704'688'668.0 * (base * base + decoderBase * decoderBase) /
                                                           (160.0 * 160 + 256.0 * 256))
                               : static_cast<std::int64_t>(126'892'531.0 * (2.0 * base * base + 2.0 * decoderBase * decoderBase) /
                                                           (4.0 * 96 * 96));
        const auto dimMult = vae.value("dim_mult", std::vector<int>{1, 2, 4, 4});
        const int patchVae = optInt(vae, "patch_size") > 0 ? optInt(vae, "patch_size") : 1;
        shape.vaeSpatialFactor = optInt(vae, "scale_factor_spatial") > 0
                                     ? optInt(vae, "scale_factor_spatial")
                                     : patchVae * (1 << (static_cast<int>(dimMult.size()) - 1));
        shape.vaeTemporalFactor = optInt(vae, "scale_factor_temporal") > 0 ? optInt(vae, "scale_factor_temporal") : 4;
        shape.vaeFirstChannels = decoderBase * dimMult.back();
        shape.latentChannels = vae.value("z_dim", 16);
        shape.weightParams = t.params + t.textEncoderParams + t.imageEncoderParams + t.vaeParams;
        // pipeline_wan_i2v.h: low-VRAM mode keeps UMT5 and CLIP in system RAM and can stream the blocks.
        shape.offloadsEncoders = true;
        shape.streamsBlocks = true;
        shape.encoderParams = t.textEncoderParams + t.imageEncoderParams;
        shape.largestEncoderParams = std::max(t.textEncoderParams, t.imageEncoderParams);
    } catch (const json::exception& e) {
        throw std::runtime_error(folder.string() + ": unexpected config contents (" + e.what() + ")");
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
