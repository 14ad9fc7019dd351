#include "core/service/request_options.h"

#include "core/base/error.h"
#include "core/engine/api/registry.h"
#include "core/engine/api/request_fields.h"
#include "core/service/model_locator.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>

namespace i2v {
namespace {

std::string flagName(std::string schemaName)
{
    std::replace(schemaName.begin(), schemaName.end(), '_', '-');
    return "--" + schemaName;
}

std::int64_t parseInteger(const std::string& flag, const std::string& text)
{
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        fail(ErrorCode::InvalidArgument, flag + ": '" + text + "' is not a whole number");
    return value;
}

double parseNumber(const std::string& flag, const std::string& text)
{
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value))
        fail(ErrorCode::InvalidArgument, flag + ": '" + text + "' is not a number");
    return value;
}

std::string formatNumber(double v)
{
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.')
        s.pop_back();
    return s;
}

void checkRange(const ParamSpec& spec, double value)
{
    if (value < spec.minValue || value > spec.maxValue)
        fail(ErrorCode::InvalidArgument, flagName(spec.name) + ": " + formatNumber(value) + " is outside " +
                                             formatNumber(spec.minValue) + ".." + formatNumber(spec.maxValue));
    if (spec.kind == ParamKind::Int && spec.step > 1 && std::fmod(value, spec.step) != 0)
        fail(ErrorCode::InvalidArgument,
             flagName(spec.name) + ": " + formatNumber(value) + " must be a multiple of " + formatNumber(spec.step));
}

const ParamSpec* findSpec(const std::vector<ParamSpec>& specs, const std::string& name)
{
    for (const ParamSpec& s : specs)
        if (s.name == name)
            return &s;
    return nullptr;
}

OutputFormat chooseFormat(const OptionValues& options)
{
    const auto formatIt = options.find("format");
    const auto outIt = options.find("out");
    std::optional<OutputFormat> fromExtension;
    if (outIt != options.end()) {
        std::string ext = std::filesystem::path(outIt->second).extension().string();
        if (!ext.empty())
            fromExtension = parseOutputFormat(ext.substr(1));
    }
    if (formatIt != options.end()) {
        const auto format = parseOutputFormat(formatIt->second);
        if (!format)
            fail(ErrorCode::InvalidArgument, "--format: '" + formatIt->second + "' is not one of mp4, webm, gif, png");
        if (fromExtension && *fromExtension != *format)
            fail(ErrorCode::InvalidArgument, "--out: " + outIt->second + " does not end in ." +
                                                 outputFormatName(*format) + " as --format asks");
        return *format;
    }
    if (outIt != options.end() && !fromExtension && !std::filesystem::path(outIt->second).extension().empty())
        fail(ErrorCode::InvalidArgument, "--out: " + outIt->second + " has an unknown extension; use .mp4, .webm, "
                                                                     ".gif, or --format png for a folder of frames");
    return fromExtension.value_or(OutputFormat::Mp4);
}

void checkDevice(const std::string& device)
{
    static const char* kPrefix = "cuda:";
    if (device == "auto" || device == "cpu" || device == "cuda")
        return;
    if (device.rfind(kPrefix, 0) == 0 && device.size() > 5 &&
        std::all_of(device.begin() + 5, device.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return;
    fail(ErrorCode::InvalidArgument, "--device: '" + device + "' is not one of auto, cpu, cuda, cuda:N");
}

} // namespace

const std::vector<std::string>& requestOptionNames()
{
    static const std::vector<std::string> names = {
        "image", "prompt", "negative-prompt", "engine", "model", "motion", "easing", "width", "height", "frames", "fps",
        "steps", "guidance", "strength", "seed", "image-noise-seed", "decode-chunk", "device", "dtype", "out",
        "out-dir", "format", "frames-dir", "crf"};
    return names;
}

const ModelFamily* defaultFamily()
{
    for (const ModelFamily* f : modelFamilies())
        if (!f->needsWeights())
            return f;
    return modelFamilies().empty() ? nullptr : modelFamilies().front();
}

GenerationRequest requestFromOptions(const OptionValues& options)
{
    const auto& known = requestOptionNames();
    for (const auto& [key, value] : options)
        if (std::find(known.begin(), known.end(), key) == known.end())
            fail(ErrorCode::InvalidArgument, "--" + key + ": unknown option");
    const auto get = [&](const char* key) -> const std::string* {
        const auto it = options.find(key);
        return it == options.end() ? nullptr : &it->second;
    };

    GenerationRequest request;
    const ModelFamily* family = nullptr;
    if (const std::string* model = get("model"))
        request.modelDir = resolveModelLocation(*model);
    if (const std::string* engine = get("engine")) {
        family = findModelFamily(*engine);
        if (!family)
            fail(ErrorCode::ModelNotFound, "--engine: '" + *engine + "' is not an engine here (see `i2v engines`)");
        if (!request.modelDir.empty() && family->needsWeights() && !family->probe(request.modelDir))
            fail(ErrorCode::ModelInvalid, request.modelDir + ": not a " + family->id() + " model folder");
    } else if (!request.modelDir.empty()) {
        family = &familyForModelFolder(request.modelDir);
    } else {
        family = defaultFamily();
    }
    if (!family)
        fail(ErrorCode::ModelNotFound, "no engine is available in this build");
    request.family = family->id();

    const std::vector<ParamSpec> specs = family->parameters();
    for (const RequestField& field : requestFields()) {
        if (!field.isNumeric())
            continue;
        const ParamSpec* spec = findSpec(specs, field.name);
        const std::string flag = flagName(field.name);
        const std::string* text = get(flag.c_str() + 2);
        if (!spec) {
            if (text)
                fail(ErrorCode::InvalidArgument,
                     flag + ": the " + family->id() + " engine has no such parameter");
            continue;
        }
        const double value = !text ? spec->defaultValue
                             : spec->kind == ParamKind::Int ? static_cast<double>(parseInteger(flag, *text))
                                                             : parseNumber(flag, *text);
        checkRange(*spec, value);
        setRequestNumber(request, field.name, value);
    }
    for (const RequestField& field : requestFields()) {
        if (field.isNumeric())
            continue;
        const std::string* text = get(flagName(field.name).c_str() + 2);
        if (!text)
            continue;
        const ParamSpec* spec = findSpec(specs, field.name);
        if (!spec)
            fail(ErrorCode::InvalidArgument,
                 flagName(field.name) + ": the " + family->id() + " engine has no such parameter");
        if (spec->kind == ParamKind::Choice && !spec->choices.empty() &&
            std::find(spec->choices.begin(), spec->choices.end(), *text) == spec->choices.end()) {
            std::string list;
            for (const std::string& c : spec->choices)
                list += (list.empty() ? "" : ", ") + c;
            fail(ErrorCode::InvalidArgument, flagName(field.name) + ": '" + *text + "' is not one of " + list);
        }
        setRequestText(request, field.name, *text);
    }

    if (const std::string* image = get("image"))
        request.imagePath = *image;
    else
        fail(ErrorCode::InvalidArgument, "--image is required (the still picture to animate)");
    if (const std::string* prompt = get("prompt"))
        request.prompt = *prompt;
    if (const std::string* negative = get("negative-prompt"))
        request.negativePrompt = *negative;
    if (const std::string* seed = get("seed")) {
        request.seed = parseInteger("--seed", *seed);
        if (request.seed < 0)
            fail(ErrorCode::InvalidArgument, "--seed: must be 0 or more");
        if (const ParamSpec* spec = findSpec(specs, "seed"))
            checkRange(*spec, static_cast<double>(request.seed));
    } else if (const ParamSpec* spec = findSpec(specs, "seed")) {
        request.seed = static_cast<std::int64_t>(spec->defaultValue);
    } else {
        request.seed = static_cast<std::int64_t>(std::random_device{}()); // 32 bits: valid for every engine
    }
    if (const std::string* noiseSeed = get("image-noise-seed"))
        request.imageNoiseSeed = parseInteger("--image-noise-seed", *noiseSeed);
    if (const std::string* device = get("device")) {
        checkDevice(*device);
        request.device = *device;
    }
    if (const std::string* dtype = get("dtype")) {
        if (*dtype != "auto" && *dtype != "float32" && *dtype != "float16" && *dtype != "bfloat16")
            fail(ErrorCode::InvalidArgument, "--dtype: '" + *dtype + "' is not one of auto, float32, float16, bfloat16");
        request.dtype = *dtype;
    }

    request.output.format = chooseFormat(options);
    if (const std::string* out = get("out")) {
        if (get("out-dir"))
            fail(ErrorCode::InvalidArgument, "--out and --out-dir: give one of them, not both");
        request.output.path = *out;
    }
    request.output.outputDir = get("out-dir") ? *get("out-dir") : std::string(".");
    if (const std::string* framesDir = get("frames-dir"))
        request.output.framesDir = *framesDir;
    if (const std::string* crf = get("crf")) {
        request.output.crf = static_cast<int>(parseInteger("--crf", *crf));
        if (request.output.crf < 0 || request.output.crf > 51)
            fail(ErrorCode::InvalidArgument, "--crf: " + *crf + " is outside 0..51");
    }
    return request;
}

} // namespace i2v
