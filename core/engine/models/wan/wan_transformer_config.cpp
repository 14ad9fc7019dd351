// WanTransformerConfig from a diffusers `transformer/config.json` (diffusers v0.42.1 keys and defaults).

#include "core/engine/models/wan/wan_transformer.h"

#include "core/base/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

namespace i2v::wan {

namespace {

using nlohmann::json;

[[noreturn]] void invalid(const std::string& source, const std::string& what)
{
    fail(ErrorCode::ModelInvalid, "Wan transformer config " + source + ": " + what);
}

// Upper bounds, far above any published Wan model (a damaged 2^40 must fail here, before any allocation).
constexpr std::int64_t kMaxWidth = std::int64_t(1) << 20; // channels, dims, heads
constexpr std::int64_t kMaxLayers = 512;
constexpr std::int64_t kMaxRopeSeqLen = 16384; // tables are ropeMaxSeqLen x headDim float64 while built
constexpr std::int64_t kMaxPatch = 64;
constexpr std::int64_t kMaxPosEmbedSeqLen = 65536;

std::int64_t boundedInt(const json& j, const std::string& key, std::int64_t max, const std::string& source)
{
    if (!j.is_number_integer() || j.get<std::int64_t>() <= 0)
        invalid(source, "'" + key + "' must be a positive integer, got " + j.dump());
    if (j.get<std::int64_t>() > max)
        invalid(source, "'" + key + "' = " + j.dump() + " is larger than " + std::to_string(max) +
                            "; the config is damaged, download the model again");
    return j.get<std::int64_t>();
}

} // namespace

WanTransformerConfig parseWanTransformerConfig(const std::string& jsonText, const std::string& source)
{
    const json j = json::parse(jsonText, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object())
        invalid(source, "not a JSON object");
    if (j.contains("_class_name") && j["_class_name"] != "WanTransformer3DModel")
        invalid(source, "_class_name is " + j["_class_name"].dump() + ", expected \"WanTransformer3DModel\"");

    WanTransformerConfig c;
    auto has = [&](const char* key) { return j.contains(key) && !j[key].is_null(); };
    auto intKey = [&](const char* key, std::int64_t& out, std::int64_t max) {
        if (has(key))
            out = boundedInt(j[key], key, max, source);
    };
    auto optionalIntKey = [&](const char* key, std::optional<std::int64_t>& out, std::int64_t max) {
        out = has(key) ? std::optional<std::int64_t>(boundedInt(j[key], key, max, source)) : std::nullopt;
    };

    if (has("patch_size")) {
        const json& p = j["patch_size"];
        if (!p.is_array() || p.size() != 3)
            invalid(source, "'patch_size' must be a list of 3 positive integers (t, h, w), got " + p.dump());
        for (std::size_t i = 0; i < 3; ++i)
            c.patchSize[i] = boundedInt(p[i], "patch_size[" + std::to_string(i) + "]", kMaxPatch, source);
    }
    intKey("num_attention_heads", c.numAttentionHeads, kMaxWidth);
    intKey("attention_head_dim", c.attentionHeadDim, kMaxWidth);
    intKey("in_channels", c.inChannels, kMaxWidth);
    if (j.contains("out_channels") && (j["out_channels"].is_null() || j["out_channels"] == 0))
        c.outChannels = c.inChannels; // `out_channels or in_channels`
    else
        intKey("out_channels", c.outChannels, kMaxWidth);
    intKey("text_dim", c.textDim, kMaxWidth);
    intKey("freq_dim", c.freqDim, kMaxWidth);
    intKey("ffn_dim", c.ffnDim, kMaxWidth);
    intKey("num_layers", c.numLayers, kMaxLayers);
    if (has("cross_attn_norm")) {
        if (!j["cross_attn_norm"].is_boolean())
            invalid(source, "'cross_attn_norm' must be true or false, got " + j["cross_attn_norm"].dump());
        c.crossAttnNorm = j["cross_attn_norm"].get<bool>();
    }
    if (j.contains("qk_norm")) {
        const json& q = j["qk_norm"];
        if (q.is_null())
            c.qkNorm.reset();
        else if (q.is_string())
            c.qkNorm = q.get<std::string>();
        else
            invalid(source, "'qk_norm' must be a string or null, got " + q.dump());
    }
    if (has("eps")) {
        const json& e = j["eps"];
        if (!e.is_number() || !std::isfinite(e.get<double>()) || e.get<double>() <= 0.0 || e.get<double>() >= 1.0)
            invalid(source, "'eps' must be a number in (0, 1), got " + e.dump());
        c.eps = e.get<double>();
    }
    optionalIntKey("image_dim", c.imageDim, kMaxWidth);
    optionalIntKey("added_kv_proj_dim", c.addedKvProjDim, kMaxWidth);
    intKey("rope_max_seq_len", c.ropeMaxSeqLen, kMaxRopeSeqLen);
    optionalIntKey("pos_embed_seq_len", c.posEmbedSeqLen, kMaxPosEmbedSeqLen);

    // Consistency the reference would only discover inside forward() (or never, computing nonsense).
    if (c.numAttentionHeads * c.attentionHeadDim > kMaxWidth)
        invalid(source, "num_attention_heads x attention_head_dim = " +
                            std::to_string(c.numAttentionHeads * c.attentionHeadDim) + " is larger than " +
                            std::to_string(kMaxWidth));
    if (c.attentionHeadDim % 2 != 0)
        invalid(source, "'attention_head_dim' = " + std::to_string(c.attentionHeadDim) +
                            " must be even (the rotary embedding rotates pairs)");
    // image_dim alone is valid (diffusers' own I2V tests): the embedded image tokens are then prepended to the
    // text context. added_kv_proj_dim without image_dim would feed raw image tokens to add_k_proj.
    if (c.addedKvProjDim && !c.imageDim)
        invalid(source, "'added_kv_proj_dim' is set but 'image_dim' is null (the image tokens must be embedded "
                        "before the added K/V projections)");
    if (c.addedKvProjDim && *c.addedKvProjDim != c.innerDim())
        invalid(source, "'added_kv_proj_dim' = " + std::to_string(*c.addedKvProjDim) +
                            " must equal num_attention_heads x attention_head_dim = " + std::to_string(c.innerDim()) +
                            " (the image tokens are projected to that width first)");
    if (c.posEmbedSeqLen && *c.posEmbedSeqLen % 2 != 0)
        invalid(source, "'pos_embed_seq_len' = " + std::to_string(*c.posEmbedSeqLen) +
                            " must be even (first and last frame image tokens)");
    if (c.posEmbedSeqLen && !c.imageDim)
        invalid(source, "'pos_embed_seq_len' needs 'image_dim' (it embeds the image tokens)");
    return c;
}

WanTransformerConfig loadWanTransformerConfig(const std::filesystem::path& path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        fail(ErrorCode::FileNotFound, "Wan transformer config not found: " + path.string());
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof())
        fail(ErrorCode::FileUnreadable, "cannot read Wan transformer config " + path.string());
    return parseWanTransformerConfig(text.str(), path.string());
}

} // namespace i2v::wan
