// WanVaeConfig: the keys of diffusers 0.42.1 AutoencoderKLWan.__init__ (autoencoder_kl_wan.py), read from
// vae/config.json and validated before any module is built. See wan_vae.h.

#include "core/base/error.h"
#include "core/engine/models/wan/wan_vae.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

namespace i2v::wan {
namespace {

using nlohmann::json;

[[noreturn]] void invalid(const std::string& source, const std::string& what)
{
    fail(ErrorCode::ModelInvalid, "Wan VAE config " + source + ": " + what);
}

// Bounds far above any published Wan VAE: a damaged value fails here, not after gigabytes were reserved.
constexpr std::int64_t kMaxDim = 65536;
constexpr std::int64_t kMaxZ = 4096;
constexpr std::int64_t kMaxChannels = 4096;
constexpr std::int64_t kMaxLevels = 8;
constexpr std::int64_t kMaxMult = 64;
constexpr std::int64_t kMaxResBlocks = 16;
constexpr std::int64_t kMaxPatch = 16;
constexpr std::int64_t kMaxScaleFactor = 1024;
constexpr std::size_t kMaxListLength = 4096;

std::int64_t boundedInt(const json& v, const std::string& key, std::int64_t min, std::int64_t max,
                        const std::string& source)
{
    if (!v.is_number_integer())
        invalid(source, "\"" + key + "\" must be an integer, got " + v.dump());
    const auto n = v.get<std::int64_t>();
    if (n < min || n > max)
        invalid(source, "\"" + key + "\" = " + std::to_string(n) + " is outside [" + std::to_string(min) + ", " +
                            std::to_string(max) + "]; the config is damaged");
    return n;
}

double finiteNumber(const json& v, const std::string& key, const std::string& source)
{
    if (!v.is_number())
        invalid(source, "\"" + key + "\" must be a number, got " + v.dump());
    const auto d = v.get<double>();
    if (!std::isfinite(d))
        invalid(source, "\"" + key + "\" is not finite");
    return d;
}

const json* present(const json& j, const char* key)
{
    const auto it = j.find(key);
    return it == j.end() || it->is_null() ? nullptr : &*it;
}

const json& list(const json& v, const std::string& key, const std::string& source)
{
    if (!v.is_array())
        invalid(source, "\"" + key + "\" must be a list, got " + v.dump());
    if (v.size() > kMaxListLength)
        invalid(source, "\"" + key + "\" has " + std::to_string(v.size()) + " entries; the config is damaged");
    return v;
}

std::vector<double> numberList(const json& v, const std::string& key, const std::string& source)
{
    std::vector<double> out;
    for (const auto& item : list(v, key, source))
        out.push_back(finiteNumber(item, key + "[" + std::to_string(out.size()) + "]", source));
    return out;
}

// 16 values of the reference's latents_mean / latents_std defaults (Wan2.1).
const std::vector<double> kWan21LatentsMean{-0.7571, -0.7089, -0.9113, 0.1075,  -0.1745, 0.9653,  -0.1517, 1.5508,
                                            0.4134,  -0.0715, 0.5517,  -0.3632, -0.1922, -0.9497, 0.2503,  -0.2921};
const std::vector<double> kWan21LatentsStd{2.8184, 1.4541, 2.3275, 2.6558, 1.2196, 1.7708, 2.6052, 2.0743,
                                           3.2687, 2.1526, 2.8652, 1.5579, 1.6382, 1.1253, 2.8251, 1.9160};

} // namespace

WanVaeConfig::WanVaeConfig() : latentsMean(kWan21LatentsMean), latentsStd(kWan21LatentsStd) {}

std::int64_t WanVaeConfig::spatialStride() const
{
    return patch() * (std::int64_t(1) << (dimMult.size() - 1));
}

std::int64_t WanVaeConfig::temporalStride() const
{
    std::int64_t s = 1;
    for (std::size_t i = 0; i + 1 < dimMult.size(); ++i)
        if (temperalDownsample[i])
            s *= 2;
    return s;
}

WanVaeConfig parseWanVaeConfig(const std::string& jsonText, const std::string& source)
{
    const json j = json::parse(jsonText, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object())
        invalid(source, "not a JSON object");
    if (const auto* v = present(j, "_class_name"); v && *v != "AutoencoderKLWan")
        invalid(source, "\"_class_name\" is " + v->dump() + ", expected \"AutoencoderKLWan\"");

    WanVaeConfig c;
    if (const auto* v = present(j, "base_dim"))
        c.baseDim = boundedInt(*v, "base_dim", 1, kMaxDim, source);
    if (const auto* v = present(j, "decoder_base_dim"))
        c.decoderBaseDim = boundedInt(*v, "decoder_base_dim", 1, kMaxDim, source);
    if (const auto* v = present(j, "z_dim"))
        c.zDim = boundedInt(*v, "z_dim", 1, kMaxZ, source);
    if (const auto* v = present(j, "dim_mult")) {
        c.dimMult.clear();
        for (const auto& item : list(*v, "dim_mult", source))
            c.dimMult.push_back(boundedInt(item, "dim_mult[" + std::to_string(c.dimMult.size()) + "]", 1, kMaxMult, source));
    }
    if (c.dimMult.empty() || static_cast<std::int64_t>(c.dimMult.size()) > kMaxLevels)
        invalid(source, "\"dim_mult\" must have 1 to " + std::to_string(kMaxLevels) + " entries");
    if (const auto* v = present(j, "num_res_blocks"))
        c.numResBlocks = boundedInt(*v, "num_res_blocks", 1, kMaxResBlocks, source);
    if (const auto* v = present(j, "attn_scales"))
        c.attnScales = numberList(*v, "attn_scales", source);
    if (const auto* v = present(j, "temperal_downsample")) {
        c.temperalDownsample.clear();
        for (const auto& item : list(*v, "temperal_downsample", source)) {
            if (!item.is_boolean())
                invalid(source, "\"temperal_downsample\" must list booleans, got " + item.dump());
            c.temperalDownsample.push_back(item.get<bool>());
        }
    }
    if (c.temperalDownsample.size() + 1 < c.dimMult.size())
        invalid(source, "\"temperal_downsample\" needs an entry for each of the " +
                            std::to_string(c.dimMult.size() - 1) + " downsampling levels (len(dim_mult) - 1)");
    if (const auto* v = present(j, "dropout")) {
        c.dropout = finiteNumber(*v, "dropout", source);
        if (c.dropout < 0.0 || c.dropout >= 1.0)
            invalid(source, "\"dropout\" must be in [0, 1)");
    }
    if (const auto* v = present(j, "latents_mean"))
        c.latentsMean = numberList(*v, "latents_mean", source);
    if (const auto* v = present(j, "latents_std"))
        c.latentsStd = numberList(*v, "latents_std", source);
    if (const auto* v = present(j, "is_residual")) {
        if (!v->is_boolean())
            invalid(source, "\"is_residual\" must be true or false");
        c.isResidual = v->get<bool>();
    }
    if (const auto* v = present(j, "in_channels"))
        c.inChannels = boundedInt(*v, "in_channels", 1, kMaxChannels, source);
    if (const auto* v = present(j, "out_channels"))
        c.outChannels = boundedInt(*v, "out_channels", 1, kMaxChannels, source);
    if (const auto* v = present(j, "patch_size"))
        c.patchSize = boundedInt(*v, "patch_size", 1, kMaxPatch, source);
    // null is kept (the reference's type allows it; the pipeline then needs its own default)
    c.scaleFactorTemporal.reset();
    c.scaleFactorSpatial.reset();
    if (!j.contains("scale_factor_temporal"))
        c.scaleFactorTemporal = 4;
    else if (const auto* v = present(j, "scale_factor_temporal"))
        c.scaleFactorTemporal = boundedInt(*v, "scale_factor_temporal", 1, kMaxScaleFactor, source);
    if (!j.contains("scale_factor_spatial"))
        c.scaleFactorSpatial = 8;
    else if (const auto* v = present(j, "scale_factor_spatial"))
        c.scaleFactorSpatial = boundedInt(*v, "scale_factor_spatial", 1, kMaxScaleFactor, source);
    if (const auto* v = present(j, "clip_output")) {
        if (!v->is_boolean())
            invalid(source, "\"clip_output\" must be true or false");
        c.clipOutput = v->get<bool>();
    }

    // Channel arithmetic the modules rely on (the reference raises or asserts at construction instead).
    const auto p2 = c.patch() * c.patch();
    if (c.inChannels % p2 != 0)
        invalid(source, "\"in_channels\" " + std::to_string(c.inChannels) + " is not a multiple of patch_size^2 = " +
                            std::to_string(p2));
    if (c.outChannels % p2 != 0)
        invalid(source, "\"out_channels\" " + std::to_string(c.outChannels) +
                            " is not a multiple of patch_size^2 = " + std::to_string(p2));
    for (const auto m : c.dimMult) {
        if (c.baseDim * m > kMaxDim || c.decoderDim() * m > kMaxDim)
            invalid(source, "base_dim * dim_mult exceeds " + std::to_string(kMaxDim) + "; the config is damaged");
    }
    const auto levels = c.dimMult.size();
    if (!c.isResidual) {
        // Wan2.1 decoder: each upsampler halves the channels of the level it ends.
        for (std::size_t i = 0; i + 1 < levels; ++i)
            if (c.decoderDim() * c.dimMult[levels - 1 - i] / 2 < 1)
                invalid(source, "decoder_base_dim/base_dim * dim_mult is 1: the upsampler would leave 0 channels");
    } else {
        const auto tu = c.temperalUpsample();
        std::vector<std::int64_t> enc{c.baseDim}, dec{c.decoderDim() * c.dimMult.back()};
        for (const auto m : c.dimMult)
            enc.push_back(c.baseDim * m);
        for (auto it = c.dimMult.rbegin(); it != c.dimMult.rend(); ++it)
            dec.push_back(c.decoderDim() * *it);
        for (std::size_t i = 0; i < levels; ++i) {
            const bool last = i + 1 == levels;
            const std::int64_t factor = (!last && c.temperalDownsample[i] ? 2 : 1) * (last ? 1 : 4);
            if (enc[i] * factor % enc[i + 1] != 0)
                invalid(source, "is_residual encoder level " + std::to_string(i) + ": " + std::to_string(enc[i]) +
                                    " channels times the downsampling factor " + std::to_string(factor) +
                                    " is not divisible by " + std::to_string(enc[i + 1]) +
                                    " (base_dim / dim_mult / temperal_downsample)");
            if (!last) {
                const std::int64_t upFactor = (tu[i] ? 2 : 1) * 4;
                if (dec[i + 1] * upFactor % dec[i] != 0)
                    invalid(source, "is_residual decoder level " + std::to_string(i) + ": " +
                                        std::to_string(dec[i + 1]) + " channels times the upsampling factor " +
                                        std::to_string(upFactor) + " is not divisible by " + std::to_string(dec[i]) +
                                        " (decoder_base_dim / dim_mult / temperal_downsample)");
            }
        }
    }
    return c;
}

WanVaeConfig loadWanVaeConfig(const std::filesystem::path& path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        fail(ErrorCode::FileNotFound, "Wan VAE config not found: " + path.string());
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof())
        fail(ErrorCode::FileUnreadable, "cannot read Wan VAE config " + path.string());
    return parseWanVaeConfig(text.str(), path.string());
}

void requireLatentStatistics(const WanVaeConfig& c, const std::string& source)
{
    const auto z = static_cast<std::size_t>(c.zDim);
    if (c.latentsMean.size() != z || c.latentsStd.size() != z)
        invalid(source, "\"latents_mean\" and \"latents_std\" must have z_dim = " + std::to_string(z) +
                            " entries (have " + std::to_string(c.latentsMean.size()) + " and " +
                            std::to_string(c.latentsStd.size()) + ")");
    for (const auto s : c.latentsStd)
        if (s == 0.0)
            invalid(source, "\"latents_std\" has a zero entry");
}

} // namespace i2v::wan
