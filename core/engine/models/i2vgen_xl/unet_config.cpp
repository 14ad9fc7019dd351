#include "core/engine/models/i2vgen_xl/unet_config.h"

#include "core/base/error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace i2v::i2vgenxl {

namespace {

using nlohmann::json;

[[noreturn]] void invalid(const std::string& source, const std::string& what)
{
    fail(ErrorCode::ModelInvalid, "UNet config " + source + ": " + what);
}

// A positive integer below a bound far above any published UNet (a damaged 2^40 must fail here, not after
// gigabytes were reserved): 1,048,576 in general, 64 for block depths.
std::int64_t positiveInt(const json& j, const std::string& key, const std::string& source)
{
    if (!j.is_number_integer() || j.get<std::int64_t>() <= 0)
        invalid(source, "'" + key + "' must be a positive integer");
    const std::int64_t max = key == "layers_per_block" || key == "transformer_layers_per_block" ? 64 : (1 << 20);
    if (j.get<std::int64_t>() > max)
        invalid(source, "'" + key + "' = " + j.dump() + " is larger than " + std::to_string(max) +
                            "; the config is damaged, download the model again");
    return j.get<std::int64_t>();
}

template <typename T, typename F>
std::vector<T> list(const json& j, const std::string& key, const std::string& source, F convert)
{
    if (!j.is_array() || j.empty())
        invalid(source, "'" + key + "' must be a non-empty list");
    std::vector<T> out;
    for (const auto& item : j)
        out.push_back(convert(item));
    return out;
}

} // namespace

UNetConfig parseUNetConfig(const std::string& jsonText, const std::string& source)
{
    json j = json::parse(jsonText, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object())
        invalid(source, "not a JSON object");

    UNetConfig c;
    if (j.contains("_class_name") && j["_class_name"] != "I2VGenXLUNet")
        invalid(source, "_class_name is " + j["_class_name"].dump() + ", expected \"I2VGenXLUNet\"");
    auto has = [&](const char* key) { return j.contains(key) && !j[key].is_null(); };
    auto toInt = [&](const char* key) { return [&, key](const json& v) { return positiveInt(v, key, source); }; };
    auto toStr = [&](const char* key) {
        return [&, key](const json& v) {
            if (!v.is_string())
                invalid(source, std::string("'") + key + "' must list strings");
            return v.get<std::string>();
        };
    };

    if (has("sample_size"))
        c.sampleSize = positiveInt(j["sample_size"], "sample_size", source);
    if (has("in_channels"))
        c.inChannels = positiveInt(j["in_channels"], "in_channels", source);
    if (has("out_channels"))
        c.outChannels = positiveInt(j["out_channels"], "out_channels", source);
    if (has("down_block_types"))
        c.downBlockTypes = list<std::string>(j["down_block_types"], "down_block_types", source, toStr("down_block_types"));
    if (has("up_block_types"))
        c.upBlockTypes = list<std::string>(j["up_block_types"], "up_block_types", source, toStr("up_block_types"));
    if (has("block_out_channels"))
        c.blockOutChannels =
            list<std::int64_t>(j["block_out_channels"], "block_out_channels", source, toInt("block_out_channels"));
    if (has("layers_per_block"))
        c.layersPerBlock = positiveInt(j["layers_per_block"], "layers_per_block", source);
    if (has("norm_num_groups"))
        c.normNumGroups = positiveInt(j["norm_num_groups"], "norm_num_groups", source);
    if (has("cross_attention_dim"))
        c.crossAttentionDim = positiveInt(j["cross_attention_dim"], "cross_attention_dim", source);

    const std::size_t levels = c.downBlockTypes.size();
    if (has("attention_head_dim")) {
        const json& a = j["attention_head_dim"];
        if (a.is_array())
            c.attentionHeadDim = list<std::int64_t>(a, "attention_head_dim", source, toInt("attention_head_dim"));
        else
            c.attentionHeadDim.assign(levels, positiveInt(a, "attention_head_dim", source));
    } else {
        c.attentionHeadDim.assign(levels, 64);
    }

    if (c.upBlockTypes.size() != levels)
        invalid(source, "down_block_types and up_block_types have different lengths");
    if (c.blockOutChannels.size() != levels)
        invalid(source, "block_out_channels must have one entry per down block");
    if (c.attentionHeadDim.size() != levels)
        invalid(source, "attention_head_dim must have one entry per down block");
    for (std::size_t i = 0; i < levels; ++i) {
        const std::int64_t ch = c.blockOutChannels[i];
        if (ch % c.normNumGroups != 0)
            invalid(source, "block_out_channels[" + std::to_string(i) + "] = " + std::to_string(ch) +
                                " is not divisible by norm_num_groups " + std::to_string(c.normNumGroups));
        if (ch % c.attentionHeadDim[i] != 0)
            invalid(source, "block_out_channels[" + std::to_string(i) + "] = " + std::to_string(ch) +
                                " is not divisible by attention_head_dim " + std::to_string(c.attentionHeadDim[i]));
    }
    return c;
}

UNetConfig loadUNetConfig(const std::filesystem::path& path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        fail(ErrorCode::FileNotFound, "UNet config not found: " + path.string());
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof())
        fail(ErrorCode::FileUnreadable, "cannot read UNet config " + path.string());
    return parseUNetConfig(text.str(), path.string());
}

} // namespace i2v::i2vgenxl
