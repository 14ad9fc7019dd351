#include "core/media/recipe.h"

#include "core/base/error.h"
#include "core/base/paths.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

#ifndef I2V_VERSION
#define I2V_VERSION "0.0.0"
#endif

namespace i2v {
namespace {

using nlohmann::json;

constexpr int kSchemaVersion = 1;

// Local names rather than outputFormatName(): core/media must not link the engine library.
const char* formatKey(OutputFormat f)
{
    switch (f) {
    case OutputFormat::Mp4: return "mp4";
    case OutputFormat::WebM: return "webm";
    case OutputFormat::Gif: return "gif";
    case OutputFormat::PngFrames: return "png";
    }
    return "mp4";
}

[[noreturn]] void badKey(const std::string& key, const std::string& why)
{
    fail(ErrorCode::InvalidArgument, "recipe key \"" + key + "\": " + why);
}

// Typed readers: absent or null keeps the current value; a wrong type throws naming the key.
void read(const json& j, const char* key, const std::string& path, std::string& out)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return;
    if (!it->is_string())
        badKey(path + key, "expected text, got " + std::string(it->type_name()));
    out = it->get<std::string>();
}

void read(const json& j, const char* key, const std::string& path, std::int64_t& out)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return;
    if (it->is_number_integer())
        out = it->get<std::int64_t>();
    else if (it->is_number_unsigned() && it->get<std::uint64_t>() <= std::uint64_t(INT64_MAX))
        out = static_cast<std::int64_t>(it->get<std::uint64_t>());
    else if (it->is_number_float() && std::floor(it->get<double>()) == it->get<double>() &&
             std::abs(it->get<double>()) < 9.0e15)
        out = static_cast<std::int64_t>(it->get<double>());
    else
        badKey(path + key, "expected a whole number, got " + it->dump());
}

void read(const json& j, const char* key, const std::string& path, int& out)
{
    std::int64_t v = out;
    read(j, key, path, v);
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
        badKey(path + key, "number " + std::to_string(v) + " is out of range");
    out = static_cast<int>(v);
}

void read(const json& j, const char* key, const std::string& path, double& out)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return;
    if (!it->is_number())
        badKey(path + key, "expected a number, got " + std::string(it->type_name()));
    out = it->get<double>();
}

void read(const json& j, const char* key, const std::string& path, bool& out)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return;
    if (!it->is_boolean())
        badKey(path + key, "expected true or false, got " + it->dump());
    out = it->get<bool>();
}

// An object member, or a plain string standing for its `shorthand` field ("model": "/models/x").
const json* objectOrShorthand(const json& j, const char* key, const char* shorthand, std::string& shorthandOut)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return nullptr;
    if (it->is_string()) {
        shorthandOut = it->get<std::string>();
        return nullptr;
    }
    if (!it->is_object())
        badKey(key, std::string("expected an object (or the ") + shorthand + " as text), got " + it->type_name());
    return &*it;
}

} // namespace

std::string recipeToJson(const GenerationRequest& r, const GenerationResult* result)
{
    json j;
    j["schema_version"] = kSchemaVersion;
    j["app"] = "I2V Studio";
    j["app_version"] = I2V_VERSION;
    j["prompt"] = r.prompt;
    j["negative_prompt"] = r.negativePrompt;
    j["seed"] = r.seed;
    if (r.imageNoiseSeed)
        j["image_noise_seed"] = *r.imageNoiseSeed;
    j["family"] = r.family;
    j["model"] = {{"id", result ? result->modelId : std::string()},
                  {"path", r.modelDir},
                  {"revision", result ? result->modelRevision : std::string()}};
    j["motion"] = r.motion;
    j["width"] = r.width;
    j["height"] = r.height;
    j["frames"] = r.frames;
    j["fps"] = r.fps;
    j["steps"] = r.steps;
    j["guidance"] = r.guidance;
    j["strength"] = r.strength;
    j["decode_chunk"] = r.decodeChunk;
    j["device"] = r.device;
    j["dtype"] = r.dtype;
    j["preview_every"] = r.previewEvery;
    j["image"] = {{"path", r.imagePath}};
    j["output"] = {{"format", formatKey(r.output.format)}, {"path", r.output.path},
                   {"output_dir", r.output.outputDir},     {"frames_dir", r.output.framesDir},
                   {"crf", r.output.crf},                  {"sidecar", r.output.writeSidecar}};
    if (result) {
        json details = json::object();
        for (const auto& [k, v] : result->details)
            details[k] = v;
        j["result"] = {{"family", result->family}, {"frames", result->frames.size()},
                       {"fps", result->fps},       {"details", details}};
    }
    // Non-ASCII prompts stay readable in the sidecar; invalid UTF-8 is replaced rather than thrown on.
    return j.dump(2, ' ', false, json::error_handler_t::replace);
}

GenerationRequest recipeFromJson(const std::string& text)
{
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        fail(ErrorCode::InvalidArgument, std::string("recipe is not valid JSON: ") + e.what());
    }
    if (!j.is_object())
        fail(ErrorCode::InvalidArgument, "recipe must be a JSON object, got " + std::string(j.type_name()));
    int schema = kSchemaVersion;
    read(j, "schema_version", "", schema);
    if (schema < 1 || schema > kSchemaVersion)
        badKey("schema_version", std::to_string(schema) + " is not supported (this version reads 1); " +
                                     "it was written by a newer I2V Studio");

    GenerationRequest r;
    read(j, "prompt", "", r.prompt);
    read(j, "negative_prompt", "", r.negativePrompt);
    read(j, "seed", "", r.seed);
    if (j.contains("image_noise_seed") && !j["image_noise_seed"].is_null()) {
        std::int64_t s = 0;
        read(j, "image_noise_seed", "", s);
        r.imageNoiseSeed = s;
    }
    read(j, "engine", "", r.family); // the CLI's name for it; "family" wins when both are present
    read(j, "family", "", r.family);
    if (const json* m = objectOrShorthand(j, "model", "path", r.modelDir))
        read(*m, "path", "model.", r.modelDir);
    read(j, "motion", "", r.motion);
    read(j, "width", "", r.width);
    read(j, "height", "", r.height);
    read(j, "frames", "", r.frames);
    read(j, "fps", "", r.fps);
    read(j, "steps", "", r.steps);
    read(j, "guidance", "", r.guidance);
    read(j, "strength", "", r.strength);
    read(j, "decode_chunk", "", r.decodeChunk);
    read(j, "device", "", r.device);
    read(j, "dtype", "", r.dtype);
    read(j, "preview_every", "", r.previewEvery);
    if (const json* img = objectOrShorthand(j, "image", "path", r.imagePath))
        read(*img, "path", "image.", r.imagePath);
    if (const json* out = objectOrShorthand(j, "output", "path", r.output.path)) {
        std::string format = formatKey(r.output.format);
        read(*out, "format", "output.", format);
        if (format == "mp4")
            r.output.format = OutputFormat::Mp4;
        else if (format == "webm")
            r.output.format = OutputFormat::WebM;
        else if (format == "gif")
            r.output.format = OutputFormat::Gif;
        else if (format == "png" || format == "frames")
            r.output.format = OutputFormat::PngFrames;
        else
            badKey("output.format", "\"" + format + "\" is not one of mp4, webm, gif, png");
        read(*out, "path", "output.", r.output.path);
        read(*out, "output_dir", "output.", r.output.outputDir);
        read(*out, "frames_dir", "output.", r.output.framesDir);
        read(*out, "crf", "output.", r.output.crf);
        read(*out, "sidecar", "output.", r.output.writeSidecar);
    }
    return r;
}

std::map<std::string, std::string> recipeMetadata(const std::string& recipeJson)
{
    // One line in the container: tools that list tags (ffprobe, players) show it without a page of indent.
    std::string compact = recipeJson;
    const json j = json::parse(recipeJson, nullptr, false);
    if (!j.is_discarded())
        compact = j.dump(-1, ' ', false, json::error_handler_t::replace);
    return {{"comment", compact}, {"i2v_recipe", compact}};
}

std::filesystem::path sidecarPathFor(const std::filesystem::path& output)
{
    std::filesystem::path p = output;
    if (!p.has_filename()) // "frames/" names the folder "frames"
        p = p.parent_path();
    p += ".json";
    return p;
}

void writeSidecar(const std::filesystem::path& output, const std::string& recipeJson)
{
    writeFileAtomic(sidecarPathFor(output), recipeJson);
}

} // namespace i2v
