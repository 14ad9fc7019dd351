#include "core/service/request_options.h"

#include "core/base/error.h"
#include "core/engine/api/registry.h"
#include "core/request/request_fields.h"
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

double asNumber(const FieldValue& v)
{
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return static_cast<double>(*i);
    return std::get<double>(v);
}

void checkRange(const ParamSpec& spec, double value)
{
    if (const std::optional<std::string> why = schemaViolation(spec, value))
        fail(ErrorCode::InvalidArgument, flagName(spec.name) + ": " + *why);
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
            fail(ErrorCode::InvalidArgument, "--format: '" + formatIt->second + "' is not one of " +
                                                 fieldChoicesText(*findRequestField("format")));
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

} // namespace

const std::vector<std::string>& requestOptionNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const RequestField& f : requestFields())
            if (f.cliFlag && !f.isSwitch())
                out.push_back(f.cliFlag);
        return out;
    }();
    return names;
}

const std::vector<std::string>& requestSwitchNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const RequestField& f : requestFields())
            if (f.cliFlag && f.isSwitch())
                out.push_back(f.cliFlag);
        return out;
    }();
    return names;
}

void applyRequestSwitches(GenerationRequest& request, const std::set<std::string>& switches)
{
    const GenerationRequest defaults;
    for (const RequestField& f : requestFields())
        if (f.cliFlag && f.isSwitch() && switches.count(f.cliFlag))
            f.set(request, !std::get<bool>(f.get(defaults)));
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
    // Every flag of the table, generically: parsed as the field's type, checked against its range source.
    // Fields with rules of their own (engine, model, seed, format, out-dir) are handled around this loop.
    for (const RequestField& field : requestFields()) {
        if (!field.cliFlag || field.isSwitch())
            continue;
        const std::string name = field.name;
        if (name == "family" || name == "model" || name == "seed" || name == "format" || name == "out_dir")
            continue;
        const std::string flag = std::string("--") + field.cliFlag;
        const std::string* text = get(field.cliFlag);
        if (field.range == RangeSource::Schema) {
            const ParamSpec* spec = findSpec(specs, name);
            if (!spec) {
                if (text)
                    fail(ErrorCode::InvalidArgument, flag + ": the " + family->id() + " engine has no such parameter");
                continue;
            }
            if (field.isNumeric()) {
                const double value = !text ? spec->defaultValue : asNumber(parseFieldText(field, *text, flag));
                checkRange(*spec, value);
                setRequestNumber(request, name, value);
                continue;
            }
            if (!text)
                continue;
            if (spec->kind == ParamKind::Choice && !spec->choices.empty() &&
                std::find(spec->choices.begin(), spec->choices.end(), *text) == spec->choices.end()) {
                std::string list;
                for (const std::string& c : spec->choices)
                    list += (list.empty() ? "" : ", ") + c;
                fail(ErrorCode::InvalidArgument, flag + ": '" + *text + "' is not one of " + list);
            }
            field.set(request, *text);
            continue;
        }
        if (!text)
            continue;
        const FieldValue value = parseFieldText(field, *text, flag);
        checkFixedRange(field, value, flag);
        field.set(request, value);
    }
    if (request.imagePath.empty())
        fail(ErrorCode::InvalidArgument, "--image is required (the still picture to animate)");
    if (const std::string* seed = get("seed")) {
        request.seed = std::get<std::int64_t>(parseFieldText(*findRequestField("seed"), *seed, "--seed"));
        if (request.seed < 0)
            fail(ErrorCode::InvalidArgument, "--seed: must be 0 or more");
        if (const ParamSpec* spec = findSpec(specs, "seed"))
            checkRange(*spec, static_cast<double>(request.seed));
    } else if (const ParamSpec* spec = findSpec(specs, "seed")) {
        request.seed = static_cast<std::int64_t>(spec->defaultValue);
    } else {
        request.seed = static_cast<std::int64_t>(std::random_device{}()); // 32 bits: valid for every engine
    }

    request.output.format = chooseFormat(options);
    if (get("out") && get("out-dir"))
        fail(ErrorCode::InvalidArgument, "--out and --out-dir: give one of them, not both");
    request.output.outputDir = get("out-dir") ? *get("out-dir") : std::string(".");
    return request;
}

} // namespace i2v
